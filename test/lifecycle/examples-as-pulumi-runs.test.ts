/**
 * Every example, run the way `pulumi up` runs it: its own Pulumi.yaml and config, the program started through the
 * SDK's own program entry (`@pulumi/pulumi/cmd/run`, ts-node registered by the SDK) in its own process, the
 * harness serving the resource monitor and engine over gRPC and applying each registration through the SDK's
 * dynamic-provider server against the emulator: preview → up → change → up → destroy.
 *
 * The examples' in-process tests (quickstart, master-slave-v2-examples, member-batch-example, adopt) assert the
 * plans in detail; here the point is the path: config from PULUMI_CONFIG (strings, numbers, objects), stack outputs from
 * RegisterResourceOutputs, unknowns in preview, Resource.get through ReadResource, check failures.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_IDS } from "../../emulator";
import { HealthMonitor, MemberBatch, Pool } from "../../provider";
import { destroy, emulatorConfig, preview, projectConfig, readState, UNKNOWN, up, type Program, type StackOptions } from "../../harness";
import { planLines as plan, useEmulatorStacks } from "../harness/env";

const env = useEmulatorStacks("cmd-run");
const EXAMPLES = join(__dirname, "..", "..", "examples");
const SUBNET = FIXTURE_IDS.subnetA;

/** A stack of the example in `examples/<name>`, with its project's settings as stack config. */
function exampleStack(name: string, settings: Record<string, unknown>) {
  const project = { dir: join(EXAMPLES, name) };
  const opts: StackOptions = env.stack({ stack: "dev", transpileOnly: true });
  let current = settings;
  /** Changes the settings, as `pulumi config set` / `rm` would (undefined removes a key). */
  const configure = (over: Record<string, unknown>) => {
    current = { ...current, ...over };
    opts.config = { ...emulatorConfig(env.emu), ...projectConfig(project, current) };
  };
  configure({});
  return { project, opts, configure };
}

/** Runs `program` on a throwaway in-process stack and forgets its state: what it made now exists outside Pulumi. */
async function madeElsewhere(program: Program): Promise<Record<string, unknown>> {
  const opts = env.stack();
  const { outputs } = await up(program, opts);
  rmSync(opts.statePath);
  return outputs;
}

test("quickstart, type-checked by ts-node as `pulumi up` does: config from the stack, outputs unknown in preview, an update and a replacement, destroy", async () => {
  const lb = env.emu.fixtures.loadbalancers[0]!.id;
  const s = exampleStack("quickstart", {
    loadbalancerId: lb,
    listenerId: env.emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb)!.id,
    subnetCidrId: env.emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id,
  });
  const before = env.writes().length;
  const p = await preview(s.project, { ...s.opts, transpileOnly: false });
  expect(plan(p.steps)).toEqual(["create tcp", "create web", "create web-backends", "create web-check"]);
  // what `pulumi preview` shows as stack outputs: the IDs are not known yet
  expect(p.outputs).toMatchObject({ webPoolId: UNKNOWN, tcpPoolId: UNKNOWN, webHealthMonitorId: UNKNOWN });
  expect(env.writes().length).toBe(before);

  const u = await up(s.project, s.opts);
  expect(plan(u.steps)).toEqual(plan(p.steps));
  const web = env.emu.pools().find((x) => x.name === "web")!;
  expect(u.outputs.webPoolId).toBe(web.id);
  expect(u.outputs.webMemberIds).toEqual(env.emu.members(web.id).map((m) => m.id));
  const state = readState(s.opts.statePath);
  expect(state.resources.map((r) => r.urn)).toContain(
    "urn:pulumi:dev::huaweicloud-elb-quickstart::pulumi-nodejs:dynamic/huaweicloud-elb:Pool::web",
  );
  expect(state.outputs?.webPoolId).toBe(web.id);

  s.configure({ webDescription: "reviewed", tcpIpVersion: "dualstack" });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual([
    "replace tcp [ipVersion] (delete-before-replace)",
    "update web [description]",
  ]);
  await up(s.project, s.opts);
  expect(env.emu.pool(web.id)?.description).toBe("reviewed");
  expect(env.emu.pools().find((x) => x.name === "tcp")?.ip_version).toBe("dualstack");

  expect(plan((await destroy(s.opts)).steps)).toEqual(["delete tcp", "delete web", "delete web-backends", "delete web-check"]);
  expect(env.emu.pools()).toEqual([]);
});

test("master-slave: a number from config changes the health check, which replaces the pool (listener freed first)", async () => {
  const s = exampleStack("master-slave", {
    listenerId: FIXTURE_IDS.listenerSeedTcp,
    subnetId: SUBNET,
    masterAddress: "192.168.0.21",
    slaveAddress: "192.168.0.22",
  });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual(["create db"]);
  const u = await up(s.project, s.opts);
  const [pool] = env.emu.masterSlavePools();
  expect(u.outputs.poolId).toBe(pool!.id);
  expect((u.outputs.members as { role: string }[]).map((m) => m.role).sort()).toEqual(["master", "slave"]);

  s.configure({ healthCheckDelay: 10 });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual(["replace db [healthmonitor] (delete-before-replace)"]);
  await up(s.project, s.opts);
  const [replaced] = env.emu.masterSlavePools();
  expect(replaced!.id).not.toBe(pool!.id);
  expect(replaced!.healthmonitor.delay).toBe(10);

  await destroy(s.opts);
  expect(env.emu.masterSlavePools()).toEqual([]);
});

test("v2-pool: an update in place, then a protocol change replaces it", async () => {
  const s = exampleStack("v2-pool", { loadbalancerId: FIXTURE_IDS.lbShared });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual(["create legacy"]);
  const u = await up(s.project, s.opts);
  expect(u.outputs.tenantId).toBe(env.emu.projectId);
  const [pool] = env.emu.v2Pools();

  s.configure({ description: "reviewed", cookieName: "sid" });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual(["update legacy [description,sessionPersistence]"]);
  await up(s.project, s.opts);
  expect(env.emu.v2Pool(pool!.id)).toMatchObject({ description: "reviewed", session_persistence: { cookie_name: "sid" } });

  s.configure({ protocol: "TCP" });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual(["replace legacy [protocol] (create-before-delete)"]);
  await up(s.project, s.opts);
  expect(env.emu.v2Pools().map((x) => x.protocol)).toEqual(["TCP"]);

  await destroy(s.opts);
  expect(env.emu.v2Pools()).toEqual([]);
});

test("member-batch: 300 servers from the file in batches, each chunk reported in the log; drain from config; destroy", async () => {
  const s = exampleStack("member-batch", { loadbalancerId: env.emu.fixtures.loadbalancers[0]!.id, subnetCidrId: SUBNET });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual(["create app", "create app-backends"]);
  const u = await up(s.project, s.opts);
  const pool = env.emu.pools().find((p) => p.name === "app")!;
  expect(env.emu.members(pool.id)).toHaveLength(300);
  expect(u.outputs.memberCount).toBe(300);
  // each chunk's progress travels through the provider's log, which `pulumi up` shows as it comes
  expect(await env.server.waitForOutput(/batch-add 300\/300 members/)).toContain("batch-add 200/300 members");

  const drained = env.emu.members(pool.id).slice(0, 2);
  s.configure({ drain: drained.map((m) => m.address) });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual(["update app-backends [members]"]);
  await up(s.project, s.opts);
  expect(
    env.emu
      .members(pool.id)
      .filter((m) => m.weight === 0)
      .map((m) => m.id),
  ).toEqual(drained.map((m) => m.id));

  await destroy(s.opts);
  expect(env.emu.pools().find((p) => p.name === "app")).toBeUndefined();
});

test("adopt: an object from config (requireObject), adoption with no writes, get in preview, an update, a retained destroy", async () => {
  const A = { address: "192.168.0.10", protocolPort: 80, subnetCidrId: SUBNET };
  const made = await madeElsewhere(() => {
    const pool = new Pool("legacy", { name: "web", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbMain });
    new MemberBatch("legacy-members", { poolId: pool.id, members: [A] });
    new HealthMonitor("legacy-check", { poolId: pool.id, type: "HTTP", delay: 5, timeout: 3, maxRetries: 3, urlPath: "/healthz" });
    const other = new Pool("other", { name: "reports", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbMain });
    return { id: pool.id, other: other.id };
  });
  const poolId = made.id as string;
  const s = exampleStack("adopt", {
    poolId,
    loadbalancerId: FIXTURE_IDS.lbMain,
    backends: [A],
    readOnlyPoolId: made.other as string,
    healthMonitorId: env.emu.pool(poolId)!.healthmonitor_id!,
  });
  const p = await preview(s.project, s.opts);
  expect(plan(p.steps)).toEqual(["create web", "create web-check", "create web-members", "read other"]);
  expect(p.outputs.otherPoolName).toBe("reports"); // get reads, in preview too
  const before = env.writes().length;
  const u = await up(s.project, s.opts);
  expect(env.writes().length).toBe(before);
  expect(u.outputs.webPoolId).toBe(poolId);

  s.configure({ healthCheckPath: "/ready" });
  expect(plan((await preview(s.project, s.opts)).steps)).toEqual(["read other", "update web-check [urlPath]"]);
  await up(s.project, s.opts);
  expect(env.emu.healthMonitor(env.emu.pool(poolId)!.healthmonitor_id!)?.url_path).toBe("/ready");

  await destroy(s.opts);
  expect(env.emu.pool(poolId)).toBeDefined(); // retained
});

test("bad input from config is caught at preview, naming the property and its rule; nothing is written, state is kept", async () => {
  const lb = FIXTURE_IDS.lbMain;
  const s = exampleStack("quickstart", { loadbalancerId: lb, listenerId: FIXTURE_IDS.listenerSeedTcp, subnetCidrId: SUBNET });
  s.configure({ tcpIpVersion: "v5" });
  const before = env.writes().length;
  await expect(preview(s.project, s.opts)).rejects.toThrow(/Pool::tcp has check errors:\n {2}ipVersion: .*v4.*dualstack/);
  await expect(up(s.project, s.opts)).rejects.toThrow(/ipVersion/);
  expect(env.writes().length).toBe(before);
  expect(readState(s.opts.statePath).resources).toEqual([]);
});
