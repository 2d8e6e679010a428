/**
 * examples/member-batch as a program, through the stack runner and the SDK's provider server, against
 * the emulator: 300 backend servers read from the example's file, then 20 drained (weight 0), then
 * removed; each step a handful of batch calls, each chunk reported in the provider's log.
 */
import { join } from "node:path";
import { memberBatch, readServers, type BackendServer, type MemberBatchSettings } from "../../examples/member-batch/program";
import { destroy, up, type StackOptions } from "../../harness";
import { planLinesWithoutDetail as plan, useEmulatorStacks } from "../harness/env";

const env = useEmulatorStacks("member-batch");
let opts: StackOptions;
let base: MemberBatchSettings;
let servers: BackendServer[];

/** The batch calls made since `from` (index into the emulator's request log). */
const batchCalls = (from: number) =>
  env.emu.requests
    .slice(from)
    .map((r) => /\/members\/(batch-\w+)$/.exec(r.path)?.[1])
    .filter(Boolean);

beforeAll(() => {
  opts = env.stack({ project: "member-batch", stack: "dev" });
  servers = readServers(join(__dirname, "..", "..", "examples", "member-batch", "backends.json"));
  base = {
    loadbalancerId: env.emu.fixtures.loadbalancers[0]!.id,
    subnetCidrId: env.emu.fixtures.subnets.find((s) => s.cidr === "192.168.0.0/24")!.id,
    servers,
  };
});

test("hundreds of servers from the file: created, drained to weight 0, removed, destroyed, in batches", async () => {
  expect(servers.length).toBe(300);
  let mark = env.emu.requests.length;
  const r1 = await up(() => memberBatch(base), opts);
  expect(plan(r1.steps)).toEqual(["create app", "create app-backends"]);
  const pool = env.emu.pools().find((p) => p.name === "app")!;
  expect(env.emu.members(pool.id)).toHaveLength(300);
  expect(batchCalls(mark)).toEqual(["batch-add", "batch-add"]);
  // each chunk is reported as it completes, through the provider process's log (shown by `pulumi up`)
  const log = await env.server.waitForOutput(/batch-add 300\/300 members/);
  expect(log).toContain(`info: [runtime] pool ${pool.id}: batch-add 200/300 members`);

  const drained = [...new Set(servers.map((s) => s.address))].slice(0, 10);
  mark = env.emu.requests.length;
  const r2 = await up(() => memberBatch({ ...base, drain: drained }), opts);
  expect(plan(r2.steps)).toEqual(["update app-backends [members]"]);
  const zero = env.emu.members(pool.id).filter((m) => m.weight === 0);
  expect(zero.map((m) => m.address).sort()).toEqual(
    servers
      .filter((s) => drained.includes(s.address))
      .map((s) => s.address)
      .sort(),
  );
  expect(batchCalls(mark)).toEqual(["batch-update"]);

  mark = env.emu.requests.length;
  const kept = servers.filter((s) => !drained.includes(s.address));
  const r3 = await up(() => memberBatch({ ...base, servers: kept, drain: drained }), opts);
  expect(plan(r3.steps)).toEqual(["update app-backends [members]"]);
  expect(env.emu.members(pool.id)).toHaveLength(280);
  expect(batchCalls(mark)).toEqual(["batch-delete"]);

  await destroy(opts);
  expect(env.emu.pools().find((p) => p.name === "app")).toBeUndefined();
});
