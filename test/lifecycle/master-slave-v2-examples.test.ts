/**
 * examples/master-slave and examples/v2-pool as programs, through the stack runner and the SDK's
 * provider server, against the emulator: the plans a user sees, asserted.
 */
import { FIXTURE_IDS } from "../../emulator";
import { masterSlave, type MasterSlaveSettings } from "../../examples/master-slave/program";
import { v2Pool, type V2PoolSettings } from "../../examples/v2-pool/program";
import { destroy, preview, readState, refresh, up } from "../../harness";
import { planLines as plan, useEmulatorStacks } from "../harness/env";

/** A member of an active/standby pool, as the emulator and the outputs show it. */
type PoolMember = { role: string; address: string; id: string };

const env = useEmulatorStacks("examples");

test("master-slave: preview → up → no-op → a health check change replaces (listener freed first) → drift + refresh → destroy", async () => {
  const opts = env.stack();
  const v1: MasterSlaveSettings = {
    listenerId: FIXTURE_IDS.listenerSeedTcp,
    subnetId: FIXTURE_IDS.subnetA,
    masterAddress: "192.168.0.21",
    slaveAddress: "192.168.0.22",
  };
  const before = env.emu.records();

  const p1 = await preview(() => masterSlave(v1), opts);
  expect(plan(p1.steps)).toEqual(["create db"]);
  expect(env.emu.requests.length).toBe(0);

  const u1 = await up(() => masterSlave(v1), opts);
  const [pool] = env.emu.masterSlavePools();
  expect(pool).toMatchObject({
    name: "db-active-standby",
    listeners: [{ id: v1.listenerId }],
    connection_drain: { enable: true, timeout: 30 },
  });
  expect(pool.members.map((m: PoolMember) => [m.role, m.address])).toEqual([
    ["master", "192.168.0.21"],
    ["slave", "192.168.0.22"],
  ]);
  expect(u1.outputs.healthmonitorId).toBe(pool.healthmonitor.id);
  expect((u1.outputs.members as PoolMember[]).map((m) => m.id)).toEqual(pool.members.map((m: PoolMember) => m.id));

  const w = env.writes().length;
  expect(plan((await up(() => masterSlave(v1), opts)).steps)).toEqual([]);
  expect(env.writes().length).toBe(w);

  const v2: MasterSlaveSettings = { ...v1, healthCheckDelay: 10 };
  expect(plan((await preview(() => masterSlave(v2), opts)).steps)).toEqual(["replace db [healthmonitor] (delete-before-replace)"]);
  await up(() => masterSlave(v2), opts);
  const [replaced] = env.emu.masterSlavePools();
  expect(replaced.id).not.toBe(pool.id);
  expect(replaced.healthmonitor.delay).toBe(10);
  expect(replaced.listeners).toEqual([{ id: v1.listenerId }]);
  expect(readState(opts.statePath).resources.map((r) => r.id)).toEqual([replaced.id]);

  env.emu.outOfBand.updatePool(replaced.id, { description: "console edit" });
  // updatedAt moves too when the edit lands in a later second than the create
  expect(plan((await refresh(opts)).steps)).toEqual([expect.stringMatching(/^refresh db \[description(,updatedAt)?\]$/)]);
  expect(plan((await preview(() => masterSlave(v2), opts)).steps)).toEqual([]); // the program does not set description

  env.emu.outOfBand.deletePool(replaced.id);
  expect(plan((await refresh(opts)).steps)).toEqual(["delete db (gone)"]);
  expect(plan((await up(() => masterSlave(v2), opts)).steps)).toEqual(["create db"]);

  expect(plan((await destroy(opts)).steps)).toEqual(["delete db"]);
  expect(env.emu.masterSlavePools()).toEqual([]);
  expect(env.emu.records()).toEqual(before);
});

test("v2-pool: preview → up → no-op → update in place + replace → drift + refresh → destroy", async () => {
  const opts = env.stack();
  const v1: V2PoolSettings = { loadbalancerId: FIXTURE_IDS.lbShared };

  expect(plan((await preview(() => v2Pool(v1), opts)).steps)).toEqual(["create legacy"]);
  const u1 = await up(() => v2Pool(v1), opts);
  const [pool] = env.emu.v2Pools();
  expect(pool).toMatchObject({ name: "legacy-web", protocol: "HTTP", session_persistence: { type: "APP_COOKIE", cookie_name: "session" } });
  expect(u1.outputs.tenantId).toBe(env.emu.projectId);
  expect(env.emu.requests.filter((r) => r.method === "POST").map((r) => r.path)).toContain(`/v2/${env.emu.projectId}/elb/pools`);

  const w = env.writes().length;
  expect(plan((await up(() => v2Pool(v1), opts)).steps)).toEqual([]);
  expect(env.writes().length).toBe(w);

  const v2: V2PoolSettings = { ...v1, description: "reviewed", cookieName: "sid" };
  expect(plan((await preview(() => v2Pool(v2), opts)).steps)).toEqual(["update legacy [description,sessionPersistence]"]);
  await up(() => v2Pool(v2), opts);
  expect(env.emu.v2Pool(pool.id)).toMatchObject({ description: "reviewed", session_persistence: { cookie_name: "sid" } });

  const v3: V2PoolSettings = { ...v2, protocol: "TCP" };
  expect(plan((await preview(() => v2Pool(v3), opts)).steps)).toEqual(["replace legacy [protocol] (create-before-delete)"]);
  await up(() => v2Pool(v3), opts);
  const [tcp] = env.emu.v2Pools();
  expect(tcp).toMatchObject({ protocol: "TCP", session_persistence: { type: "SOURCE_IP" } });
  expect(tcp.id).not.toBe(pool.id);

  env.emu.outOfBand.updatePool(tcp.id, { lb_algorithm: "ROUND_ROBIN" });
  expect(plan((await refresh(opts)).steps)).toEqual(["refresh legacy [lbAlgorithm]"]);
  expect(plan((await preview(() => v2Pool(v3), opts)).steps)).toEqual(["update legacy [lbAlgorithm]"]);
  await up(() => v2Pool(v3), opts);
  expect(env.emu.v2Pool(tcp.id)?.lb_algorithm).toBe("LEAST_CONNECTIONS");

  expect(plan((await destroy(opts)).steps)).toEqual(["delete legacy"]);
  expect(env.emu.v2Pools()).toEqual([]);
});
