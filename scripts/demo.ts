/**
 * `npm run demo`: the quickstart against the bundled emulator, end to end, through the Pulumi
 * SDK's own dynamic-provider server (the process `pulumi up` starts) driven by the repo's stack
 * runner: preview → up → a changed program (one update in place, one replacement, backend members
 * added, changed and removed in place) → out-of-band changes and refresh → destroy; then shows that
 * the emulator holds nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../emulator";
import { DEFAULT_BACKENDS, quickstart, type Backend, type QuickstartSettings } from "../examples/quickstart/program";
import {
  emulatorConfig,
  SECRET_CONFIG_KEYS,
  startProviderServer,
  destroy,
  formatPlan,
  preview,
  readState,
  refresh,
  up,
  type RunResult,
  type StackOptions,
} from "../harness";
import { demoMasterSlave } from "./demo-master-slave";

type Member = { address: string; protocolPort: number; [k: string]: unknown };
const memberKey = (m: Member) => `${m.address}:${m.protocolPort}`;

/** What happens to each member between two member lists (what `pulumi preview --diff` would list). */
function memberChanges(before: Member[], after: Member[]): string[] {
  const old = new Map(before.map((m) => [memberKey(m), m]));
  const lines: string[] = [];
  for (const m of after) {
    const o = old.get(memberKey(m));
    if (!o) lines.push(`+ ${memberKey(m)}`);
    else {
      const changed = Object.keys(m).filter(
        (k) => m[k] !== undefined && JSON.stringify(m[k]) !== JSON.stringify(o[k] ?? (k === "weight" ? 1 : undefined)),
      );
      if (changed.length)
        lines.push(`~ ${memberKey(m)} ${changed.map((k) => `${k} ${JSON.stringify(o[k] ?? 1)} → ${JSON.stringify(m[k])}`).join(", ")}`);
      old.delete(memberKey(m));
    }
  }
  for (const k of old.keys()) lines.push(`- ${k}`);
  return lines;
}

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
  const subnet = emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24");
  if (!subnet) throw new Error("the emulator has no 192.168.0.0/24 subnet");
  const v1: QuickstartSettings = { loadbalancerId: lb.id, listenerId: listener.id, subnetCidrId: subnet.id };
  // v2: .11 drained (weight 0), .12 removed, .13 and .14 added
  const backends: Backend[] = [
    DEFAULT_BACKENDS[0],
    { ...DEFAULT_BACKENDS[1], weight: 0 },
    { address: "192.168.0.13", protocolPort: 8080, name: "web-13" },
    { address: "192.168.0.14", protocolPort: 8080, name: "web-14" },
  ];
  const v2: QuickstartSettings = { ...v1, webDescription: "HTTP backends, reviewed", tcpIpVersion: "dualstack", webBackends: backends };

  const writes = () => emu.requests.filter((r) => r.method !== "GET").length;
  const step = async (title: string, run: () => Promise<RunResult>) => {
    const before = { all: emu.requests.length, writes: writes() };
    const result = await run();
    const plan = formatPlan(result.steps) || "  (no changes)";
    console.log(`\n== ${title}\n${plan.replace(/^/gm, "  ")}`);
    const calls = emu.requests.slice(before.all).filter((r) => r.method !== "GET" || /\/members$/.test(r.path));
    const byCall = new Map<string, number>();
    for (const r of calls) {
      const what = `${r.method} ${r.path.replace(/^.*\/elb\//, "").replace(/[0-9a-f-]{36}/g, "{id}")}`;
      byCall.set(what, (byCall.get(what) ?? 0) + 1);
    }
    console.log(
      `  [${emu.requests.length - before.all} API calls, ${writes() - before.writes} of them writes${byCall.size ? `: ${[...byCall].map(([k, n]) => `${n}× ${k}`).join("; ")}` : ""}]`,
    );
    return result;
  };

  try {
    console.log(`emulator at ${emu.url} (region ${emu.region}); load balancer ${lb.name}, TCP listener ${listener.name}`);
    await step("preview (a new stack)", () => preview(() => quickstart(v1), opts));
    const first = await step("up", () => up(() => quickstart(v1), opts));
    console.log(`  outputs: ${JSON.stringify(first.outputs)}`);
    await step("preview again (nothing changed)", () => preview(() => quickstart(v1), opts));
    const held = () => readState(opts.statePath).resources.find((r) => r.name === "web-backends")!.inputs.members as Member[];
    await step("preview the changed program (web description, tcp ipVersion, backends)", () => preview(() => quickstart(v2), opts));
    console.log(
      `  web-backends members:\n${memberChanges(held(), v2.webBackends as Member[])
        .map((l) => `    ${l}`)
        .join("\n")}`,
    );
    await step("up the changed program", () => up(() => quickstart(v2), opts));

    const web = emu.pools().find((p) => p.name === "web");
    emu.outOfBand.updatePool(web.id, { lb_algorithm: "SOURCE_IP" });
    const [m11, m13] = ["192.168.0.11", "192.168.0.13"].map((a) => emu.members(web.id).find((m) => m.address === a));
    emu.outOfBand.updateMember(web.id, m11.id, { weight: 50 });
    emu.outOfBand.deleteMember(web.id, m13.id);
    console.log(
      `\n(out of band: in the console someone set the web pool's lb_algorithm to SOURCE_IP, put the drained member 192.168.0.11 back to weight 50, and removed member 192.168.0.13)`,
    );
    await step("refresh", () => refresh(opts));
    await step("preview after refresh (puts it back)", () => preview(() => quickstart(v2), opts));
    await step("up", () => up(() => quickstart(v2), opts));
    await step("destroy", () => destroy(opts));

    const left = emu.pools();
    console.log(`\nthe emulator holds ${left.length} pools and ${left.reduce((n, p) => n + emu.members(p.id).length, 0)} members`);
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
