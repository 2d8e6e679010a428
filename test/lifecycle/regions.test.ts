/**
 * Per-resource `region` through the real path `pulumi up` takes (the SDK's dynamic-provider server over
 * gRPC, the real serialized `__provider`) against an emulator with two regions: one provider
 * configuration creates, reads and deletes resources of every kind in two regions, each in its own
 * region's project through that region's endpoint; adoption and `get` work per region; and after the
 * stack's region changes (a new provider process, as the next `pulumi up` starts), every resource is
 * still read, updated and deleted where it lives: nothing is replaced, leaked or lost.
 */
import { FIXTURE_IDS } from "../../emulator";
import { HealthMonitor, MasterSlavePool, MemberBatch, Pool, PoolV2, type PoolArgs } from "../../provider";
import {
  destroy,
  regionalConfig,
  preview,
  readState,
  refresh,
  startProviderServer,
  up,
  ProviderError,
  type ProviderServer,
  type StackOptions,
} from "../../harness";
import { planLines, useProviderKinds } from "../harness/env";
import { validMasterSlave } from "../fixtures/master-slave-violations";

const EAST = "cn-east-3";
const EAST_PROJECT = "e4e5e6e7e8e9eaebecedeeeff0f1f2f3";
const LB = FIXTURE_IDS.lbMain;

/** The stack config: the emulator's, with `{region}` in the ELB endpoint so that every region is reachable. */
const config = (region: string): Record<string, string> => regionalConfig(env.emu, region);

const env = useProviderKinds(
  "regions",
  () => {
    new Pool("p", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: LB });
    new PoolV2("v", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: LB });
    new MasterSlavePool("m", validMasterSlave("l") as never);
    new MemberBatch("b", { poolId: "p", members: [] });
    new HealthMonitor("h", { poolId: "p", type: "TCP", delay: 5, timeout: 3, maxRetries: 3 });
  },
  { emulator: { regions: { [EAST]: EAST_PROJECT } }, config: (emu) => config(emu.region) },
);

const { rpc } = env;
const http = (over: Record<string, unknown> = {}) => ({ protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: LB, ...over });
const east = () => env.emu.inRegion(EAST);
/** The paths of the requests made since `from` (an index into env.emu.requests), by method. */
const since = (from: number, method: string) =>
  env.emu.requests
    .slice(from)
    .filter((r) => r.method === method)
    .map((r) => r.path);

test("one provider configuration, two regions: each pool lands in its region's project through its endpoint; no-op diff; delete", async () => {
  const pools = rpc("Pool");
  const start = env.emu.requests.length;
  const home = await pools.create("home", http({ name: "home" }));
  const far = await pools.create("far", http({ name: "far", region: EAST }));
  const far2 = await pools.create("far2", http({ name: "far2", region: EAST }));

  expect(home.outs).toMatchObject({ region: env.emu.region, projectId: env.emu.projectId });
  expect(far.outs).toMatchObject({ region: EAST, projectId: EAST_PROJECT });
  expect(env.emu.pool(home.id)).toMatchObject({ name: "home", project_id: env.emu.projectId });
  expect(east().pool(home.id)).toBeUndefined();
  expect(east().pool(far.id)).toMatchObject({ name: "far", project_id: EAST_PROJECT });
  expect(env.emu.pool(far.id)).toBeUndefined();
  expect(since(start, "POST")).toEqual([
    `/${env.emu.region}/v3/${env.emu.projectId}/elb/pools`,
    `/${EAST}/v3/${EAST_PROJECT}/elb/pools`,
    `/${EAST}/v3/${EAST_PROJECT}/elb/pools`,
  ]);
  // each region's project was looked up once, for every resource there
  expect(env.emu.requests.filter((r) => r.path === "/v3/projects").map((r) => r.query)).toEqual([`name=${env.emu.region}`, `name=${EAST}`]);

  const urn = pools.urn("far");
  expect(await env.server.diff(urn, far.id, far.outs, far.news)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
  const moved = await pools.plan(far.id, far.outs, http({ name: "far", region: env.emu.region }));
  expect(moved.diff).toMatchObject({ changes: "some", replaces: ["region"] });
  const read = await env.server.read(urn, far.id, far.outs);
  expect(read.properties).toMatchObject({ name: "far", region: EAST, projectId: EAST_PROJECT });

  for (const p of [home, far, far2]) await env.server.delete(pools.urn("x"), p.id, p.outs);
  expect(env.emu.pools()).toEqual([]);
  expect(east().pools()).toEqual([]);
});

test("every kind works in another region: members and health check of a pool there, a v2 pool and an active/standby pool", async () => {
  const pool = await rpc("Pool").create("far", http({ region: EAST }));
  const members = await rpc("MemberBatch").create("m", {
    region: EAST,
    poolId: pool.id,
    members: [{ address: "192.168.0.10", protocolPort: 80, subnetCidrId: FIXTURE_IDS.subnetA, weight: 0 }],
  });
  const check = await rpc("HealthMonitor").create("h", { region: EAST, poolId: pool.id, type: "TCP", delay: 5, timeout: 3, maxRetries: 3 });
  const v2 = await rpc("PoolV2").create("v2", { ...http({ loadbalancerId: FIXTURE_IDS.lbShared }), region: EAST });
  const ms = await rpc("MasterSlavePool").create("ms", { ...validMasterSlave(FIXTURE_IDS.listenerSeedTcp), region: EAST });

  for (const made of [members, check, v2, ms]) expect(made.outs).toMatchObject({ region: EAST, projectId: EAST_PROJECT });
  expect(east().members(pool.id)).toMatchObject([{ address: "192.168.0.10", weight: 0 }]);
  expect(east().healthMonitor(check.id)).toMatchObject({ pools: [{ id: pool.id }] });
  expect(east().v2Pool(v2.id)).toMatchObject({ tenant_id: EAST_PROJECT });
  expect(east().masterSlavePool(ms.id)).toBeDefined();
  expect(env.emu.records()).toEqual({ members: 0, healthmonitors: 0 });
  expect(env.emu.v2Pools()).toEqual([]);
  expect(env.emu.masterSlavePools()).toEqual([]);

  // a MemberBatch left in the provider's region does not find the pool of another region: the API's 404
  await expect(
    rpc("MemberBatch").create("lost", { poolId: pool.id, members: [{ address: "192.168.0.11", protocolPort: 80 }] }),
  ).rejects.toThrow(/404/);

  await env.server.delete(rpc("MasterSlavePool").urn("ms"), ms.id, ms.outs);
  await env.server.delete(rpc("PoolV2").urn("v2"), v2.id, v2.outs);
  await env.server.delete(rpc("HealthMonitor").urn("h"), check.id, check.outs);
  await env.server.delete(rpc("MemberBatch").urn("m"), members.id, members.outs);
  await env.server.delete(rpc("Pool").urn("far"), pool.id, pool.outs);
  expect(east().records()).toEqual({ members: 0, healthmonitors: 0 });
  expect([east().pools(), east().v2Pools(), east().masterSlavePools()]).toEqual([[], [], []]);
});

test("a MemberBatch created part-way in another region: the partial state says where it lives, and the resumed update goes there", async () => {
  const pool = await rpc("Pool").create("far", http({ region: EAST }));
  const batch = rpc("MemberBatch");
  const many = Array.from({ length: 250 }, (_, i) => ({
    address: `192.168.0.${i + 1}`,
    protocolPort: 80,
    subnetCidrId: FIXTURE_IDS.subnetA,
  }));
  env.emu.faults.inject({
    method: "POST",
    path: /\/members\/batch-add$/,
    skip: 1,
    status: 403,
    code: "ELB.2001",
    message: "member quota reached",
  });
  const { inputs } = await batch.check({ region: EAST, poolId: pool.id, members: many });
  const err = await env.server.create(batch.urn("m"), inputs).then(
    () => undefined,
    (e: ProviderError) => e,
  );
  expect(err?.properties).toMatchObject({ region: EAST, projectId: EAST_PROJECT });
  expect(east().members(pool.id)).toHaveLength(200);

  const start = env.emu.requests.length;
  const resumed = await batch.plan(err!.id!, err!.properties!, { region: EAST, poolId: pool.id, members: many });
  expect(resumed.diff.replaces).toEqual([]);
  await env.server.update(batch.urn("m"), err!.id!, err!.properties!, resumed.news);
  expect(since(start, "POST")).toEqual([`/${EAST}/v3/${EAST_PROJECT}/elb/pools/${pool.id}/members/batch-add`]);
  expect(east().members(pool.id)).toHaveLength(250);
  await env.server.delete(rpc("Pool").urn("far"), pool.id, pool.outs);
  expect(east().records()).toEqual({ members: 0, healthmonitors: 0 });
});

/** A stack against the emulator with the provider's region `region` (on `on`, a provider process of its own). */
const stack = (region: string, on?: ProviderServer): StackOptions => env.stack({ config: config(region), ...(on ? { server: on } : {}) });

test("adoptId and get per region: the program's region is where the existing pool is read (and adopted, with no creating POST)", async () => {
  const existing = await rpc("Pool").create("made-elsewhere", http({ name: "legacy", region: EAST }));
  const opts = stack(env.emu.region);
  // adopting it in the provider's region finds nothing there: refused, nothing written
  await expect(up(() => void new Pool("web", { ...(http({ name: "legacy" }) as PoolArgs), adoptId: existing.id }), opts)).rejects.toThrow(
    /no such Pool exists/,
  );
  const start = env.emu.requests.length;
  const program = () => {
    const web = new Pool("web", { ...(http({ name: "legacy", description: "adopted" }) as PoolArgs), region: EAST, adoptId: existing.id });
    const seen = Pool.get("seen", existing.id, undefined, { region: EAST });
    return { region: web.region, projectId: web.projectId, seenName: seen.name, seenRegion: seen.region };
  };
  const u = await up(program, opts);
  expect(u.outputs).toEqual({ region: EAST, projectId: EAST_PROJECT, seenName: "legacy", seenRegion: EAST });
  expect(since(start, "POST")).toEqual([]);
  expect(since(start, "PUT")).toEqual([`/${EAST}/v3/${EAST_PROJECT}/elb/pools/${existing.id}`]);
  expect(east().pool(existing.id)?.description).toBe("adopted");
  await destroy(opts);
  expect(east().pools()).toEqual([]);
});

test("the stack's region changes: resources stay where they live; refresh, update and destroy still reach them there", async () => {
  const north = stack(env.emu.region);
  const program = (description: string) => () => {
    const web = new Pool("web", http({ name: "web", description }) as PoolArgs);
    const far = new Pool("far", http({ name: "far", region: EAST }) as PoolArgs);
    return { webRegion: web.region, farRegion: far.region };
  };
  const u = await up(program("v1"), north);
  expect(u.outputs).toEqual({ webRegion: env.emu.region, farRegion: EAST });
  const ids = Object.fromEntries(readState(north.statePath).resources.map((r) => [r.name, r.id]));

  // the next `pulumi up` runs a new provider process with the new stack config
  const moved = await startProviderServer();
  try {
    const opts: StackOptions = { ...stack(EAST, moved), statePath: north.statePath };
    // nothing is planned: `web` never said its region, so it stays where it was created
    expect(planLines((await preview(program("v1"), opts)).steps)).toEqual([]);

    let start = env.emu.requests.length;
    await refresh(opts);
    expect(since(start, "GET").sort()).toEqual(
      [`/${env.emu.region}/v3/${env.emu.projectId}/elb/pools/${ids.web}`, `/${EAST}/v3/${EAST_PROJECT}/elb/pools/${ids.far}`].sort(),
    );
    expect(readState(opts.statePath).resources.find((r) => r.name === "web")?.outputs).toMatchObject({ region: env.emu.region });

    start = env.emu.requests.length;
    const updated = await up(program("v2"), opts);
    expect(planLines(updated.steps)).toEqual(["update web [description]"]);
    expect(since(start, "PUT")).toEqual([`/${env.emu.region}/v3/${env.emu.projectId}/elb/pools/${ids.web}`]);
    expect(env.emu.pool(ids.web!)?.description).toBe("v2");

    start = env.emu.requests.length;
    await destroy(opts);
    expect(since(start, "DELETE").sort()).toEqual(
      [
        `/${env.emu.region}/v3/${env.emu.projectId}/elb/pools/${ids.web}/delete-cascade`,
        `/${EAST}/v3/${EAST_PROJECT}/elb/pools/${ids.far}/delete-cascade`,
      ].sort(),
    );
    expect([env.emu.pools(), east().pools()]).toEqual([[], []]);
    expect(readState(opts.statePath).resources).toEqual([]);
  } finally {
    await moved.close();
  }
});
