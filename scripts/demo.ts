/**
 * `npm run demo`: the quickstart against the bundled emulator, end to end, the way `pulumi up` runs it: the
 * project's program started through the SDK's own program entry with its settings as stack config, and each
 * resource applied through the SDK's own dynamic-provider server (the process `pulumi up` starts), both driven
 * by the repo's stack runner standing in for the engine: preview → up → a changed program (one update in place, one replacement, backend members
 * added, changed and removed in place) → out-of-band changes and refresh → destroy; then shows that
 * the emulator holds nothing. After each up it shows what the web pool's health check makes of its
 * members: ONLINE, and OFFLINE for a backend at one of the emulator's unhealthy addresses.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator, type RequestRecord } from "../emulator";
import { DEFAULT_BACKENDS, type Backend, type QuickstartSettings } from "../examples/quickstart/program";
import { destroy, preview, readState, refresh, startProviderServer, up, type ProviderServer, type RunResult } from "../harness";
import { demoMasterSlave } from "./demo-master-slave";
import { quickstartFixtures } from "./shared/fixtures";
import { exampleStack } from "./shared/project";
import { showStep } from "./shared/show-step";

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

/** The API calls of a step: how many, how many writes, and the writes and member listings by endpoint. */
function describeCalls(calls: RequestRecord[]): string {
  const writes = calls.filter((r) => r.method !== "GET").length;
  const byCall = new Map<string, number>();
  for (const r of calls.filter((x) => x.method !== "GET" || /\/members$/.test(x.path))) {
    const what = `${r.method} ${r.path.replace(/^.*\/elb\//, "").replace(/[0-9a-f-]{36}/g, "{id}")}`;
    byCall.set(what, (byCall.get(what) ?? 0) + 1);
  }
  const list = byCall.size ? `: ${[...byCall].map(([k, n]) => `${n}× ${k}`).join("; ")}` : "";
  return `${calls.length} API calls, ${writes} of them writes${list}`;
}

/** Where the quickstart goes, and the two versions of its settings: as first deployed, and the changed program. */
function settings(emu: Emulator) {
  const { lb, listener, subnet } = quickstartFixtures(emu);
  if (!listener) throw new Error("the emulator has no TCP listener on its first load balancer");
  if (!subnet) throw new Error("the emulator has no 192.168.0.0/24 subnet");
  const v1: QuickstartSettings = { loadbalancerId: lb.id, listenerId: listener.id, subnetCidrId: subnet.id };
  // v2: .11 drained (weight 0), .12 removed, .13 and .66 added (.66 fails the emulator's health checks)
  const backends: Backend[] = [
    DEFAULT_BACKENDS[0],
    { ...DEFAULT_BACKENDS[1], weight: 0 },
    { address: "192.168.0.13", protocolPort: 8080, name: "web-13" },
    { address: "192.168.0.66", protocolPort: 8080, name: "web-66" },
  ];
  const v2: QuickstartSettings = { ...v1, webDescription: "HTTP backends, reviewed", tcpIpVersion: "dualstack", webBackends: backends };
  return { lb, listener, v1, v2 };
}

/** The web pool's members as its health check sees them (NO_MONITOR without one). */
function showMemberHealth(emu: Emulator): void {
  const web = emu.pools().find((p) => p.name === "web");
  if (!web) throw new Error("the demo's web pool is not in the emulator");
  const lines = emu.members(web.id).map((m) => `${m.address}:${m.protocol_port} ${m.operating_status}`);
  console.log(`  web members by its health check (${web.healthmonitor_id ? "HealthMonitor " + web.healthmonitor_id : "none"}):`);
  for (const line of lines) console.log(`    ${line}`);
}

/** Changes made in the console behind the stack's back: the web pool's algorithm and two of its members. */
function changeOutOfBand(emu: Emulator): void {
  const web = emu.pools().find((p) => p.name === "web");
  if (!web) throw new Error("the demo's web pool is not in the emulator");
  emu.outOfBand.updatePool(web.id, { lb_algorithm: "SOURCE_IP" });
  const [m11, m13] = ["192.168.0.11", "192.168.0.13"].map((a) => emu.members(web.id).find((m) => m.address === a));
  emu.outOfBand.updateMember(web.id, m11!.id, { weight: 50 });
  emu.outOfBand.deleteMember(web.id, m13!.id);
  console.log(
    `\n(out of band: in the console someone set the web pool's lb_algorithm to SOURCE_IP, put the drained member 192.168.0.11 back to weight 50, and removed member 192.168.0.13)`,
  );
}

async function demoQuickstart(emu: Emulator, server: ProviderServer, dir: string): Promise<void> {
  const { program: quickstart, opts, at } = exampleStack(emu, server, dir, "quickstart", "demo");
  const { lb, listener, v1, v2 } = settings(emu);
  const step = (title: string, run: () => Promise<RunResult>) => showStep(emu, title, run, describeCalls);

  console.log(`emulator at ${emu.url} (region ${emu.region}); load balancer ${lb.name}, TCP listener ${listener.name}`);
  console.log("program: examples/quickstart, started as `pulumi up` starts it (@pulumi/pulumi/cmd/run), its settings as stack config");
  await step("preview (a new stack)", () => preview(quickstart, at(v1)));
  const first = await step("up", () => up(quickstart, at(v1)));
  console.log(`  outputs: ${JSON.stringify(first.outputs)}`);
  showMemberHealth(emu);
  await step("preview again (nothing changed)", () => preview(quickstart, at(v1)));
  // the checked inputs hold the members as a map keyed by (address, port), with the program's order under __order
  const held = () => {
    const members = readState(opts.statePath).resources.find((r) => r.name === "web-backends")!.inputs.members;
    return (
      Array.isArray(members)
        ? members
        : Object.entries(members ?? {})
            .filter(([k]) => !k.startsWith("__"))
            .map(([, m]) => m)
    ) as Member[];
  };
  await step("preview the changed program (web description, tcp ipVersion, backends)", () => preview(quickstart, at(v2)));
  const changes = memberChanges(held(), v2.webBackends as Member[]);
  console.log(`  web-backends members:\n${changes.map((l) => `    ${l}`).join("\n")}`);
  await step("up the changed program", () => up(quickstart, at(v2)));
  showMemberHealth(emu);

  changeOutOfBand(emu);
  await step("refresh", () => refresh(opts));
  await step("preview after refresh (puts it back)", () => preview(quickstart, at(v2)));
  await step("up", () => up(quickstart, at(v2)));
  await step("destroy", () => destroy(opts));

  const left = emu.pools();
  const members = left.reduce((n, p) => n + emu.members(p.id).length, 0);
  console.log(`\nthe emulator holds ${left.length} pools, ${members} members and ${emu.records().healthmonitors} health monitors`);
  if (left.length !== 0) throw new Error(`pools left behind: ${left.map((p) => p.id).join(", ")}`);
}

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0 });
  const server = await startProviderServer();
  const dir = mkdtempSync(join(tmpdir(), "elb-demo-"));
  try {
    await demoQuickstart(emu, server, dir);
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
