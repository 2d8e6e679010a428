/**
 * examples/quickstart as a program, through the stack runner and the SDK's provider server,
 * against the emulator: the plans the README's demo prints, asserted.
 */
import { quickstart, type QuickstartSettings } from "../../examples/quickstart/program";
import { destroy, preview, readState, refresh, up, type StackOptions } from "../../harness";
import { planLinesWithoutDetail as plan, useEmulatorStacks } from "../harness/env";

const env = useEmulatorStacks("quickstart");
let opts: StackOptions;
let v1: QuickstartSettings;

beforeAll(() => {
  opts = env.stack();
  const lb = env.emu.fixtures.loadbalancers[0].id;
  const subnetCidrId = env.emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id;
  v1 = {
    loadbalancerId: lb,
    listenerId: env.emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb)!.id,
    subnetCidrId,
  };
});

test("preview → up → no-op → change (update + replace) → drift + refresh → destroy", async () => {
  const p1 = await preview(() => quickstart(v1), opts);
  // the member batch's poolId is an unknown here: check and diff accept it
  expect(plan(p1.steps)).toEqual(["create tcp", "create web", "create web-backends", "create web-check"]);
  expect(env.emu.requests.length).toBe(0); // preview: check and diff only, and no project lookup

  const u1 = await up(() => quickstart(v1), opts);
  expect(plan(u1.steps)).toEqual(["create tcp", "create web", "create web-backends", "create web-check"]);
  expect(
    env.emu
      .pools()
      .map((p) => p.name)
      .sort(),
  ).toEqual(["tcp", "web"]);
  expect(u1.outputs.tcpListeners).toEqual([{ id: v1.listenerId }]);
  const webPool = env.emu.pools().find((p) => p.name === "web")!;
  expect(env.emu.members(webPool.id).map((m) => `${m.address}:${m.protocol_port}`)).toEqual([
    "192.168.0.10:8080",
    "192.168.0.11:8080",
    "192.168.0.12:8080",
  ]);
  expect(u1.outputs.webMemberIds).toEqual(env.emu.members(webPool.id).map((m) => m.id));
  // the health check is the web pool's, and its members are checked: ONLINE, not NO_MONITOR
  expect(env.emu.pool(webPool.id)?.healthmonitor_id).toBe(u1.outputs.webHealthMonitorId);
  expect(env.emu.healthMonitor(u1.outputs.webHealthMonitorId as string)).toMatchObject({ type: "HTTP", url_path: "/healthz" });
  expect(env.emu.members(webPool.id).map((m) => m.operating_status)).toEqual(["ONLINE", "ONLINE", "ONLINE"]);

  const before = env.writes().length;
  const same = await up(() => quickstart(v1), opts);
  expect(plan(same.steps)).toEqual([]);
  expect(env.writes().length).toBe(before);

  const webBackends = [
    { address: "192.168.0.10", protocolPort: 8080, name: "web-10" },
    { address: "192.168.0.11", protocolPort: 8080, name: "web-11", weight: 0 },
    { address: "192.168.0.13", protocolPort: 8080 },
  ];
  const v2: QuickstartSettings = { ...v1, webDescription: "reviewed", tcpIpVersion: "dualstack", webBackends };
  const p2 = await preview(() => quickstart(v2), opts);
  expect(plan(p2.steps)).toEqual(["replace tcp [ipVersion]", "update web [description]", "update web-backends [members]"]);
  expect(env.writes().length).toBe(before);
  const oldTcp = readState(opts.statePath).resources.find((r) => r.name === "tcp")!.id;
  await up(() => quickstart(v2), opts);
  const tcp = env.emu.pools().find((p) => p.name === "tcp")!;
  expect(tcp.id).not.toBe(oldTcp);
  expect(tcp.ip_version).toBe("dualstack");
  expect(tcp.listeners).toEqual([{ id: v1.listenerId }]); // delete-before-replace freed the listener
  expect(env.emu.pools().find((p) => p.name === "web")?.description).toBe("reviewed");
  // members changed in place: one batch call of each kind, the same member IDs for the kept ones
  const kept = env.emu.members(webPool.id).filter((m) => m.address !== "192.168.0.13");
  expect(env.emu.members(webPool.id).map((m) => [m.address, m.weight])).toEqual([
    ["192.168.0.10", 1],
    ["192.168.0.11", 0],
    ["192.168.0.13", 1],
  ]);
  expect(kept.map((m) => m.id)).toEqual((u1.outputs.webMemberIds as string[]).slice(0, 2));

  const web = env.emu.pools().find((p) => p.name === "web")!;
  env.emu.outOfBand.updatePool(web.id, { lb_algorithm: "SOURCE_IP" });
  const r = await refresh(opts);
  // only the drifted setting (and the health check the quickstart's batch step attaches, when it lands
  // after the pool was last read): the pool's member list and timestamps are details, not kept in state
  expect(plan(r.steps)).toEqual([expect.stringMatching(/^refresh web \[(healthmonitorId,)?lbAlgorithm\]$/)]);
  const p3 = await preview(() => quickstart(v2), opts);
  expect(plan(p3.steps)).toEqual(["update web [lbAlgorithm]"]);
  await up(() => quickstart(v2), opts);
  expect(env.emu.pool(web.id)?.lb_algorithm).toBe("ROUND_ROBIN");

  const d = await destroy(opts);
  expect(plan(d.steps)).toEqual(["delete tcp", "delete web", "delete web-backends", "delete web-check"]);
  expect(env.emu.records().healthmonitors).toBe(0);
  expect(env.emu.pools()).toEqual([]);
  expect(readState(opts.statePath).resources).toEqual([]);
});
