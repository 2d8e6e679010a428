/**
 * examples/quickstart as a program, through the stack runner and the SDK's provider server,
 * against the emulator: the plans the README's demo prints, asserted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { quickstart, type QuickstartSettings } from "../../examples/quickstart/program";
import {
  emulatorConfig,
  SECRET_CONFIG_KEYS,
  startProviderServer,
  type ProviderServer,
  destroy,
  preview,
  readState,
  refresh,
  up,
  type PlanStep,
  type StackOptions,
} from "../../harness";

let emu: Emulator;
let server: ProviderServer;
let dir: string;
let opts: StackOptions;
let v1: QuickstartSettings;

const plan = (steps: PlanStep[]) =>
  steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.name}${s.fields.length ? ` [${s.fields.join(",")}]` : ""}`)
    .sort();
const writes = () => emu.requests.filter((r) => r.method !== "GET").length;

beforeAll(async () => {
  emu = await startEmulator();
  server = await startProviderServer();
  dir = mkdtempSync(join(tmpdir(), "elb-quickstart-"));
  opts = { server, statePath: join(dir, "state.json"), config: emulatorConfig(emu), secretConfigKeys: SECRET_CONFIG_KEYS };
  const lb = emu.fixtures.loadbalancers[0].id;
  const subnetCidrId = emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id;
  v1 = {
    loadbalancerId: lb,
    listenerId: emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb)!.id,
    subnetCidrId,
  };
});

afterAll(async () => {
  await server?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("preview → up → no-op → change (update + replace) → drift + refresh → destroy", async () => {
  const p1 = await preview(() => quickstart(v1), opts);
  // the member batch's poolId is an unknown here: check and diff accept it
  expect(plan(p1.steps)).toEqual(["create tcp", "create web", "create web-backends", "create web-check"]);
  expect(emu.requests.length).toBe(0); // preview: check and diff only, and no project lookup

  const u1 = await up(() => quickstart(v1), opts);
  expect(plan(u1.steps)).toEqual(["create tcp", "create web", "create web-backends", "create web-check"]);
  expect(
    emu
      .pools()
      .map((p) => p.name)
      .sort(),
  ).toEqual(["tcp", "web"]);
  expect(u1.outputs.tcpListeners).toEqual([{ id: v1.listenerId }]);
  const webPool = emu.pools().find((p) => p.name === "web")!;
  expect(emu.members(webPool.id).map((m) => `${m.address}:${m.protocol_port}`)).toEqual([
    "192.168.0.10:8080",
    "192.168.0.11:8080",
    "192.168.0.12:8080",
  ]);
  expect(u1.outputs.webMemberIds).toEqual(emu.members(webPool.id).map((m) => m.id));
  // the health check is the web pool's, and its members are checked: ONLINE, not NO_MONITOR
  expect(emu.pool(webPool.id)?.healthmonitor_id).toBe(u1.outputs.webHealthMonitorId);
  expect(emu.healthMonitor(u1.outputs.webHealthMonitorId as string)).toMatchObject({ type: "HTTP", url_path: "/healthz" });
  expect(emu.members(webPool.id).map((m) => m.operating_status)).toEqual(["ONLINE", "ONLINE", "ONLINE"]);

  const before = writes();
  const same = await up(() => quickstart(v1), opts);
  expect(plan(same.steps)).toEqual([]);
  expect(writes()).toBe(before);

  const webBackends = [
    { address: "192.168.0.10", protocolPort: 8080, name: "web-10" },
    { address: "192.168.0.11", protocolPort: 8080, name: "web-11", weight: 0 },
    { address: "192.168.0.13", protocolPort: 8080 },
  ];
  const v2: QuickstartSettings = { ...v1, webDescription: "reviewed", tcpIpVersion: "dualstack", webBackends };
  const p2 = await preview(() => quickstart(v2), opts);
  expect(plan(p2.steps)).toEqual(["replace tcp [ipVersion]", "update web [description]", "update web-backends [members]"]);
  expect(writes()).toBe(before);
  const oldTcp = readState(opts.statePath).resources.find((r) => r.name === "tcp")!.id;
  await up(() => quickstart(v2), opts);
  const tcp = emu.pools().find((p) => p.name === "tcp")!;
  expect(tcp.id).not.toBe(oldTcp);
  expect(tcp.ip_version).toBe("dualstack");
  expect(tcp.listeners).toEqual([{ id: v1.listenerId }]); // delete-before-replace freed the listener
  expect(emu.pools().find((p) => p.name === "web")?.description).toBe("reviewed");
  // members changed in place: one batch call of each kind, the same member IDs for the kept ones
  const kept = emu.members(webPool.id).filter((m) => m.address !== "192.168.0.13");
  expect(emu.members(webPool.id).map((m) => [m.address, m.weight])).toEqual([
    ["192.168.0.10", 1],
    ["192.168.0.11", 0],
    ["192.168.0.13", 1],
  ]);
  expect(kept.map((m) => m.id)).toEqual((u1.outputs.webMemberIds as string[]).slice(0, 2));

  const web = emu.pools().find((p) => p.name === "web")!;
  emu.outOfBand.updatePool(web.id, { lb_algorithm: "SOURCE_IP" });
  const r = await refresh(opts);
  // only the drifted setting (and the health check the quickstart's batch step attaches, when it lands
  // after the pool was last read): the pool's member list and timestamps are details, not kept in state
  expect(plan(r.steps)).toEqual([expect.stringMatching(/^refresh web \[(healthmonitorId,)?lbAlgorithm\]$/)]);
  const p3 = await preview(() => quickstart(v2), opts);
  expect(plan(p3.steps)).toEqual(["update web [lbAlgorithm]"]);
  await up(() => quickstart(v2), opts);
  expect(emu.pool(web.id)?.lb_algorithm).toBe("ROUND_ROBIN");

  const d = await destroy(opts);
  expect(plan(d.steps)).toEqual(["delete tcp", "delete web", "delete web-backends", "delete web-check"]);
  expect(emu.records().healthmonitors).toBe(0);
  expect(emu.pools()).toEqual([]);
  expect(readState(opts.statePath).resources).toEqual([]);
});
