/**
 * `npm run demo`: the quickstart against the bundled emulator, end to end, through the Pulumi
 * SDK's own dynamic-provider server (the process `pulumi up` starts) driven by the repo's stack
 * runner: preview → up → a changed program (one update in place, one replacement) → an
 * out-of-band change and refresh → destroy; then shows that the emulator holds nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../emulator";
import { quickstart, type QuickstartSettings } from "../examples/quickstart/program";
import { emulatorConfig, SECRET_CONFIG_KEYS } from "../test/harness/emulator-config";
import { startProviderServer } from "../test/harness/provider-server";
import { destroy, formatPlan, preview, refresh, up, type RunResult, type StackOptions } from "../test/harness/stack";
import { demoMasterSlave } from "./demo-master-slave";

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0 });
  const server = await startProviderServer();
  const dir = mkdtempSync(join(tmpdir(), "elb-demo-"));
  const opts: StackOptions = {
    server,
    statePath: join(dir, "state.json"),
    project: "quickstart",
    stack: "demo",
    config: emulatorConfig(emu),
    secretConfigKeys: SECRET_CONFIG_KEYS,
  };
  const lb = emu.fixtures.loadbalancers[0];
  const listener = emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb.id);
  if (!listener) throw new Error("the emulator has no TCP listener on its first load balancer");
  const v1: QuickstartSettings = { loadbalancerId: lb.id, listenerId: listener.id };
  const v2: QuickstartSettings = { ...v1, webDescription: "HTTP backends, reviewed", tcpIpVersion: "dualstack" };

  const writes = () => emu.requests.filter((r) => r.method !== "GET").length;
  const step = async (title: string, run: () => Promise<RunResult>) => {
    const before = { all: emu.requests.length, writes: writes() };
    const result = await run();
    const plan = formatPlan(result.steps) || "  (no changes)";
    console.log(`\n== ${title}\n${plan.replace(/^/gm, "  ")}`);
    console.log(`  [${emu.requests.length - before.all} API calls, ${writes() - before.writes} of them writes]`);
    return result;
  };

  try {
    console.log(`emulator at ${emu.url} (region ${emu.region}); load balancer ${lb.name}, TCP listener ${listener.name}`);
    await step("preview (a new stack)", () => preview(() => quickstart(v1), opts));
    const first = await step("up", () => up(() => quickstart(v1), opts));
    console.log(`  outputs: ${JSON.stringify(first.outputs)}`);
    await step("preview again (nothing changed)", () => preview(() => quickstart(v1), opts));
    await step("preview the changed program (web description, tcp ipVersion)", () => preview(() => quickstart(v2), opts));
    await step("up the changed program", () => up(() => quickstart(v2), opts));

    const web = emu.pools().find((p) => p.name === "web");
    emu.outOfBand.updatePool(web.id, { lb_algorithm: "SOURCE_IP" });
    console.log(`\n(out of band: someone set the web pool's lb_algorithm to SOURCE_IP in the console)`);
    await step("refresh", () => refresh(opts));
    await step("preview after refresh (puts it back)", () => preview(() => quickstart(v2), opts));
    await step("up", () => up(() => quickstart(v2), opts));
    await step("destroy", () => destroy(opts));

    const left = emu.pools();
    console.log(`\nthe emulator holds ${left.length} pools`);
    if (left.length !== 0) throw new Error(`pools left behind: ${left.map((p) => p.id).join(", ")}`);
    await demoMasterSlave(emu, server, dir);
  } finally {
    await server.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
