/**
 * Adoption (`adoptId`, MemberBatch `adopt`), `get` of every kind and `retainOnDelete`, as programs
 * through the stack runner and the SDK's provider server, against the emulator. The "existing"
 * resources are made by another stack whose state is then thrown away (as after `terraform state rm`)
 * or by the emulator's out-of-band helpers (the console).
 */
import { rmSync } from "node:fs";
import { FIXTURE_IDS } from "../../emulator";
import { adoptExisting, type AdoptSettings } from "../../examples/adopt/program";
import { masterSlave, type MasterSlaveSettings } from "../../examples/master-slave/program";
import { HealthMonitor, MasterSlavePool, MemberBatch, Pool, PoolV2, type MemberBatchArgs, type PoolArgs } from "../../provider";
import { destroy, preview, readState, refresh, up, type Program } from "../../harness";
import { planLines as plan, useEmulatorStacks } from "../harness/env";

const env = useEmulatorStacks("adopt");
const { stack, writes } = env;

const LB = FIXTURE_IDS.lbMain;
const SUBNET = FIXTURE_IDS.subnetA;

const describeWrites = () => writes().map((r) => `${r.method} ${r.path.replace(`/v3/${env.emu.projectId}/elb/`, "")}`);

/** Runs `program` on a throwaway stack and forgets its state: what it made now exists outside Pulumi. */
async function madeElsewhere(program: Program): Promise<Record<string, unknown>> {
  const opts = stack();
  const { outputs } = await up(program, opts);
  rmSync(opts.statePath);
  env.emu.resetCounts();
  return outputs;
}

const webArgs = (over: Partial<PoolArgs> = {}): PoolArgs => ({
  name: "web",
  protocol: "HTTP",
  lbAlgorithm: "ROUND_ROBIN",
  loadbalancerId: LB,
  description: "made by terraform",
  ...over,
});

/** An existing pool (as Terraform left it), its members and (with `check`) its health check; returns the pool's ID. */
async function existingPool(over: Partial<PoolArgs> = {}, members: MemberBatchArgs["members"] = [], check = false): Promise<string> {
  const out = await madeElsewhere(() => {
    const pool = new Pool("legacy", webArgs(over));
    if (Array.isArray(members) && members.length > 0) new MemberBatch("legacy-members", { poolId: pool.id, members });
    if (check)
      new HealthMonitor("legacy-check", { poolId: pool.id, type: "HTTP", delay: 5, timeout: 3, maxRetries: 3, urlPath: "/healthz" });
    return { id: pool.id };
  });
  return out.id as string;
}

const A = { address: "192.168.0.10", protocolPort: 80, subnetCidrId: SUBNET };
const B = { address: "192.168.0.11", protocolPort: 80, subnetCidrId: SUBNET, weight: 5 };
const D = { address: "192.168.0.13", protocolPort: 80, subnetCidrId: SUBNET };

test("the example: preview says adopted and writes nothing; up adopts pool and members with zero writes; update; destroy retains", async () => {
  const poolId = await existingPool({}, [A, B, D], true);
  const healthMonitorId = env.emu.pool(poolId)!.healthmonitor_id!;
  const other = await existingPool({ name: "reports", description: "" });
  const opts = stack();
  const s: AdoptSettings = {
    poolId,
    loadbalancerId: LB,
    backends: [A, B],
    description: "made by terraform",
    readOnlyPoolId: other,
    healthMonitorId,
  };

  const p = await preview(() => adoptExisting(s), opts);
  // a preview cannot read what adoption will find: the plan creates, and the adoptId output says it adopts
  expect(plan(p.steps)).toEqual(["create web", "create web-check", "create web-members", "read other"]);
  expect(p.outputs.adoptedPoolId).toBe(poolId);
  expect(p.outputs.otherPoolName).toBe("reports"); // get reads, in preview too
  expect(writes()).toEqual([]);

  const u = await up(() => adoptExisting(s), opts);
  expect(describeWrites()).toEqual([]); // nothing differed: nothing written, no pool or member created
  expect(u.outputs).toMatchObject({
    webPoolId: poolId,
    healthMonitorId,
    adoptedMembers: ["192.168.0.10:80", "192.168.0.11:80"],
    otherPoolName: "reports",
  });
  expect(env.emu.pools().map((x) => x.id)).toEqual(expect.arrayContaining([poolId, other]));
  expect(env.emu.pools()).toHaveLength(2);
  expect(plan((await up(() => adoptExisting(s), opts)).steps)).toEqual(["read other"]);
  expect(writes()).toEqual([]);

  // from now on it is managed like any other: an update is one PUT with the changed field
  const s2 = { ...s, description: "managed by pulumi", healthCheckPath: "/ready" };
  expect(plan((await preview(() => adoptExisting(s2), opts)).steps)).toEqual([
    "read other",
    "update web [description]",
    "update web-check [urlPath]",
  ]);
  await up(() => adoptExisting(s2), opts);
  expect(writes().map((r) => r.body)).toEqual([{ pool: { description: "managed by pulumi" } }, { healthmonitor: { url_path: "/ready" } }]);

  // destroy with retainOnDelete: both leave state, nothing is deleted in the cloud; the read pool is never deleted
  env.emu.resetCounts();
  expect(plan((await destroy(opts)).steps)).toEqual([
    "delete other (read with get: not deleted)",
    "delete web (retainOnDelete: not deleted)",
    "delete web-check (retainOnDelete: not deleted)",
    "delete web-members (retainOnDelete: not deleted)",
  ]);
  expect(writes()).toEqual([]);
  expect(readState(opts.statePath).resources).toEqual([]);
  expect(env.emu.pool(poolId)?.description).toBe("managed by pulumi");
  expect(env.emu.members(poolId)).toHaveLength(3);
  expect(env.emu.pool(other)).toBeDefined();
  expect(env.emu.healthMonitor(healthMonitorId)?.url_path).toBe("/ready");
});

test("HealthMonitor adopts with adoptId (one schema line): a differing field is one PUT, a new pool is refused; get reads one", async () => {
  const poolId = await existingPool({ name: "checked" }, [], true);
  const monitorId = env.emu.pool(poolId)!.healthmonitor_id!;
  const check = { poolId, type: "HTTP", delay: 5, timeout: 3, maxRetries: 3, urlPath: "/healthz" } as const;
  const refused = stack();
  const elsewhere = await existingPool({ name: "elsewhere" });
  await expect(up(() => void new HealthMonitor("c", { ...check, adoptId: monitorId, poolId: elsewhere }), refused)).rejects.toThrow(
    `poolId: the program declares "${elsewhere}", the resource holds "${poolId}"`,
  );
  expect(writes()).toEqual([]);

  const opts = stack();
  const u = await up(() => ({ id: new HealthMonitor("c", { ...check, adoptId: monitorId, delay: 10 }).id }), opts);
  expect(u.outputs.id).toBe(monitorId);
  expect(writes().map((r) => [r.method, r.body])).toEqual([["PUT", { healthmonitor: { delay: 10 } }]]);

  const read = await up(() => {
    const m = HealthMonitor.get("read", monitorId);
    return { delay: m.delay, urlPath: m.urlPath, poolId: m.poolId };
  }, stack());
  expect(read.outputs).toEqual({ delay: 10, urlPath: "/healthz", poolId });
  expect(writes()).toHaveLength(1);
});

test("adopt with updatable differences: one PUT with exactly those fields; then refresh, update and delete as usual", async () => {
  const poolId = await existingPool({ name: "api", description: "old" });
  const opts = stack();
  const program = (over: Partial<PoolArgs>) => () => {
    new Pool("api", webArgs({ adoptId: poolId, name: "api", ...over }));
  };
  await up(program({ lbAlgorithm: "LEAST_CONNECTIONS", description: "new" }), opts);
  expect(describeWrites()).toEqual([`PUT pools/${poolId}`]);
  expect(writes()[0].body).toEqual({ pool: { lb_algorithm: "LEAST_CONNECTIONS", description: "new" } });
  expect(readState(opts.statePath).resources[0].id).toBe(poolId);

  env.emu.outOfBand.updatePool(poolId, { description: "console edit" });
  expect(plan((await refresh(opts)).steps)).toEqual([expect.stringMatching(/^refresh api \[description(,updatedAt)?\]$/)]);
  expect(plan((await preview(program({ lbAlgorithm: "LEAST_CONNECTIONS", description: "new" }), opts)).steps)).toEqual([
    "update api [description]",
  ]);
  // adoptId left out afterwards: no change; another ID: a replacement, shown as such by preview
  env.emu.resetCounts();
  expect(
    plan((await preview(program({ adoptId: undefined, lbAlgorithm: "LEAST_CONNECTIONS", description: "console edit" }), opts)).steps),
  ).toEqual([]);
  expect(
    plan((await preview(program({ adoptId: "other-pool", lbAlgorithm: "LEAST_CONNECTIONS", description: "console edit" }), opts)).steps),
  ).toEqual(["replace api [adoptId] (create-before-delete)"]);
  expect(writes()).toEqual([]);

  await destroy(opts); // no retainOnDelete: an adopted pool is deleted like any other
  expect(env.emu.pool(poolId)).toBeUndefined();
});

test("a replace-only mismatch is refused before any write, naming each property with both values", async () => {
  const poolId = await existingPool();
  const opts = stack();
  // preview cannot know: it plans the create; up checks the mismatch first
  const program = () => {
    new Pool("web", webArgs({ adoptId: poolId, protocol: "TCP", ipVersion: "dualstack", description: "new" }));
  };
  expect(plan((await preview(program, opts)).steps)).toEqual(["create web"]);
  const failure = up(program, opts);
  await expect(failure).rejects.toThrow(
    `Pool adoptId "${poolId}": cannot adopt it, these properties cannot change in place; nothing was changed`,
  );
  await expect(failure).rejects.toThrow('protocol: the program declares "TCP", the resource holds "HTTP"');
  await expect(failure).rejects.toThrow('ipVersion: the program declares "dualstack", the resource holds "v4"');
  expect(writes()).toEqual([]);
  expect(env.emu.pool(poolId)?.description).toBe("made by terraform");
  expect(readState(opts.statePath).resources).toEqual([]);
});

test("an ID that does not exist fails clearly, and creates nothing", async () => {
  const opts = stack();
  await expect(up(() => void new Pool("web", webArgs({ adoptId: "no-such-pool" })), opts)).rejects.toThrow(
    'Pool adoptId "no-such-pool": no such Pool exists (the API answered 404); nothing was changed',
  );
  expect(writes()).toEqual([]);
  await expect(up(() => void Pool.get("ghost", "no-such-pool"), opts)).rejects.toThrow("no-such-pool: the resource does not exist");
});

test("MasterSlavePool (no update API) adopts only when every declared property matches", async () => {
  const v1: MasterSlaveSettings = {
    listenerId: FIXTURE_IDS.listenerSeedTcp,
    subnetId: SUBNET,
    masterAddress: "192.168.0.21",
    slaveAddress: "192.168.0.22",
  };
  const made = await madeElsewhere(() => masterSlave(v1));
  const poolId = made.poolId as string;

  const differs = stack();
  await expect(up(() => masterSlave({ ...v1, adoptId: poolId, healthCheckDelay: 10 }), differs)).rejects.toThrow(
    "MasterSlavePool has no update API, so it adopts only a resource that holds every declared property; nothing was changed:\n  healthmonitor: the program declares",
  );
  expect(writes()).toEqual([]);

  const opts = stack();
  const u = await up(() => masterSlave({ ...v1, adoptId: poolId }), opts);
  expect(writes()).toEqual([]);
  expect(u.outputs.poolId).toBe(poolId);
  expect(plan((await up(() => masterSlave({ ...v1, adoptId: poolId }), opts)).steps)).toEqual([]);
  await destroy(opts);
  expect(env.emu.masterSlavePool(poolId)).toBeUndefined();
});

test("get reads each kind through the provider's read: typed outputs, never written, never deleted", async () => {
  const poolId = await existingPool({ name: "seen", description: "" }, [A, B]);
  const ms = await madeElsewhere(() =>
    masterSlave({ listenerId: FIXTURE_IDS.listenerSeedTcp, subnetId: SUBNET, masterAddress: "192.168.0.31", slaveAddress: "192.168.0.32" }),
  );
  const v2 = await madeElsewhere(() => ({
    id: new PoolV2("legacy", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbShared }).id,
  }));
  const opts = stack();
  const program = () => {
    const pool = Pool.get("pool", poolId);
    const master = MasterSlavePool.get("ms", ms.poolId as string);
    const legacy = PoolV2.get("v2", v2.id as string);
    const members = MemberBatch.get("members", `${poolId}/members`);
    return {
      // a pool's member list is a detail (opt-in with HW_ELB_OUTPUT_DETAILS): MemberBatch.get reads the members
      pool: { name: pool.name, protocol: pool.protocol, members: pool.members },
      ms: { lbAlgorithm: master.lbAlgorithm, roles: master.members.apply((m) => m.map((x) => x.role)) },
      v2: { loadbalancerId: legacy.loadbalancerId, protocol: legacy.protocol },
      members: members.members.apply((m) => m.map((x) => `${x.address}:${x.protocolPort} w${x.weight}`).sort()),
    };
  };
  const u = await up(program, opts);
  expect(plan(u.steps)).toEqual(["read members", "read ms", "read pool", "read v2"]);
  expect(u.outputs).toEqual({
    pool: { name: "seen", protocol: "HTTP" },
    ms: { lbAlgorithm: "ROUND_ROBIN", roles: ["master", "slave"] },
    v2: { loadbalancerId: FIXTURE_IDS.lbShared, protocol: "HTTP" },
    members: ["192.168.0.10:80 w1", "192.168.0.11:80 w5"],
  });
  expect(readState(opts.statePath).resources.map((r) => r.external)).toEqual([true, true, true, true]);
  await destroy(opts);
  expect(writes()).toEqual([]);
  expect(env.emu.pool(poolId)).toBeDefined();
  expect(env.emu.members(poolId)).toHaveLength(2);
});

test("MemberBatch adopts the declared members the pool holds: no write for those that match, one batch-update for the rest", async () => {
  const poolId = await existingPool({ name: "members" }, [A, B, D]);
  const C = { address: "192.168.0.12", protocolPort: 80, subnetCidrId: SUBNET };
  const opts = stack();
  const program = (members: MemberBatchArgs["members"], exclusive?: boolean) => () => {
    const batch = new MemberBatch("web-members", { poolId, adopt: true, members, exclusive });
    return { adopted: batch.adopted };
  };

  // a member whose subnet differs would be removed and added again: refused, nothing written
  await expect(up(program([{ ...A, subnetCidrId: FIXTURE_IDS.subnetB }, B]), opts)).rejects.toThrow(
    `MemberBatch adopt: cannot take these members as they are (a change would remove and re-add them); nothing was changed:\n  192.168.0.10:80 subnetCidrId: the program declares "${FIXTURE_IDS.subnetB}", the member holds "${SUBNET}"`,
  );
  expect(writes()).toEqual([]);

  const u = await up(program([A, { ...B, weight: 2 }, C]), opts);
  expect(describeWrites()).toEqual([`POST pools/${poolId}/members/batch-add`, `POST pools/${poolId}/members/batch-update`]);
  const [add, update] = writes().map((r) => r.body as { members: { address?: string; id?: string; weight?: number }[] });
  expect(add.members.map((m) => m.address)).toEqual(["192.168.0.12"]);
  const heldB = env.emu.members(poolId).find((m) => m.address === B.address)!;
  expect(update.members).toEqual([{ id: heldB.id, weight: 2 }]);
  expect((u.outputs.adopted as { address: string }[]).map((m) => m.address)).toEqual(["192.168.0.10", "192.168.0.11"]);
  // not exclusive: the undeclared member stays
  expect(env.emu.members(poolId).map((m) => m.address)).toEqual(["192.168.0.10", "192.168.0.11", "192.168.0.13", "192.168.0.12"]);

  // exclusive removes the rest only when the program says so
  env.emu.resetCounts();
  await up(program([A, { ...B, weight: 2 }, C], true), opts);
  expect(describeWrites()).toEqual([`POST pools/${poolId}/members/batch-delete`]);
  expect(env.emu.members(poolId).map((m) => m.address)).not.toContain(D.address);
});

test("PoolV2 adopts through the same engine path: one PUT to the v2 API with the differing field only", async () => {
  const args = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbShared, name: "legacy" } as const;
  const made = await madeElsewhere(() => ({ id: new PoolV2("legacy", args).id }));
  const pools = env.emu.v2Pools().length;
  const opts = stack();
  await up(() => void new PoolV2("legacy", { ...args, adoptId: made.id as string, description: "adopted" }), opts);
  expect(writes().map((r) => [r.method, r.path, r.body])).toEqual([
    ["PUT", `/v2/${env.emu.projectId}/elb/pools/${String(made.id)}`, { pool: { description: "adopted" } }],
  ]);
  expect(env.emu.v2Pools()).toHaveLength(pools);
  await destroy(opts);
  expect(env.emu.v2Pool(made.id as string)).toBeUndefined();
});
