/**
 * MemberBatch's API operations against the emulator when the cloud throttles, fails or drops
 * answers: every member that exists is known to state, none is added twice, and a batch call's
 * harmless repeat (`existed`, `not found`) is what makes retrying it safe. The client runs on a
 * virtual clock, so back-offs cost no time.
 */
import type { ElbClient } from "../../provider/http/client";
import { makeProvider, type PartialStateError } from "../../provider/lifecycle/engine";
import { memberBatchKind } from "../../provider/resources/member-batch/provider";
import { useEmulator } from "../emulator/helpers";
import { emulatorClient } from "./client";

const env = useEmulator();
let client: ElbClient;
let provider: ReturnType<typeof makeProvider>;
let poolId: string;
let subnet: string;

const BATCH_ADD = /\/members\/batch-add$/;
const BATCH_DELETE = /\/members\/batch-delete$/;
const members = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    address: `192.168.0.${(i % 200) + 10}`,
    protocolPort: 8000 + Math.floor(i / 200),
    subnetCidrId: subnet,
  }));
const key = (x: Record<string, unknown>) => `${x.address}:${x.protocolPort ?? x.protocol_port}`;
const inCloud = () => env.emu.members(poolId).map(key).sort();

beforeAll(() => {
  subnet = env.emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id;
});

beforeEach(async () => {
  let offset = 0;
  const clock = { now: () => Date.now() + offset, sleep: async (ms: number) => void (offset += ms) };
  client = emulatorClient(env.emu, clock);
  provider = makeProvider(memberBatchKind, () => ({ client }));
  const res = await client.elb<{ pool: { id: string } }>({
    method: "POST",
    path: ["pools"],
    body: { pool: { protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", loadbalancer_id: env.emu.fixtures.loadbalancers[0].id } },
    creates: true,
  });
  poolId = res.body.pool.id;
  env.emu.resetCounts();
});
afterEach(() => client.close());

async function failure(run: () => Promise<unknown>): Promise<PartialStateError & Error> {
  try {
    await run();
  } catch (e) {
    return e as PartialStateError & Error;
  }
  throw new Error("expected a failure");
}

test("a batch-add answered 500 after the work was done is re-sent; the repeat answers `existed`, nothing is added twice", async () => {
  env.emu.faults.inject({ method: "POST", path: BATCH_ADD, when: "after", status: 500, code: "ELB.8906", times: 2 });
  const { outs } = await provider.create!({ poolId, members: members(250) });
  expect(env.emu.count({ method: "POST", path: BATCH_ADD })).toBe(4); // 2 chunks, the first sent 3 times
  expect(env.emu.members(poolId)).toHaveLength(250);
  expect((outs.members as unknown[]).length).toBe(250);
});

test("429s: the batch calls wait and go through", async () => {
  env.emu.faults.inject({ method: "POST", path: BATCH_ADD, status: 429, retryAfter: 2, times: 3 });
  await provider.create!({ poolId, members: members(10) });
  expect(env.emu.members(poolId)).toHaveLength(10);
});

test("answers lost for good (work done, 500 on every attempt): the members found are recorded, none leaked", async () => {
  env.emu.faults.inject({ method: "POST", path: BATCH_ADD, skip: 1, when: "after", status: 500, code: "ELB.8906", times: 100 });
  const e = await failure(() => provider.create!({ poolId, members: members(300), __provider: "stub" }));
  env.emu.faults.clear();
  expect(e.message).toMatch(/stopped part-way: 300 members are in the pool/);
  expect(e.id).toBe(`${poolId}/members`);
  expect((e.properties.members as Record<string, unknown>[]).map(key).sort()).toEqual(inCloud());
  expect(e.properties.__provider).toBe("stub");
  // the state is enough to delete them all
  await provider.delete!(e.id, e.properties);
  expect(env.emu.members(poolId)).toEqual([]);
});

test("connection resets on batch-delete: re-sent, `not found` answers are fine", async () => {
  const { id, outs } = await provider.create!({ poolId, members: members(5) });
  env.emu.faults.inject({ method: "POST", path: BATCH_DELETE, kind: "reset", when: "after" });
  await provider.delete!(id, outs);
  expect(env.emu.members(poolId)).toEqual([]);
  expect(env.emu.count({ method: "POST", path: BATCH_DELETE })).toBe(2);
});

test("update that fails part-way (batch-update refused after deletes and adds): state holds exactly what exists, and the next update finishes", async () => {
  const { id, outs } = await provider.create!({ poolId, members: members(5) });
  env.emu.faults.inject({ method: "POST", path: /\/members\/batch-update$/, status: 403, code: "ELB.8903", message: "forbidden" });
  const want = [...members(6).slice(1)].map((m, i) => (i === 0 ? { ...m, weight: 0 } : m));
  const e = await failure(() => provider.update!(id, outs, { poolId, members: want }));
  expect(e.message).toMatch(/ELB\.8903/);
  expect((e.properties.members as Record<string, unknown>[]).map(key).sort()).toEqual(inCloud());
  expect(inCloud()).toEqual(want.map(key).sort()); // .10 removed and .15 added before the refusal
  await provider.update!(id, e.properties, { poolId, members: want });
  expect(env.emu.members(poolId).find((m) => m.address === want[0].address)?.weight).toBe(0);
});

test("adminStateUp (not a batch-add field): batch-add without it, then one batch-update sets it; the next plan is empty", async () => {
  const want: Record<string, unknown>[] = [{ ...members(1)[0], adminStateUp: false }, members(2)[1]];
  const { id, outs } = await provider.create!({ poolId, members: want });
  const bodies = env.emu.requests
    .filter((r) => /\/members\/batch-(add|update)$/.test(r.path))
    .map((r) => [r.path.split("/").pop(), r.body]);
  expect(bodies).toEqual([
    ["batch-add", { members: want.map((m) => ({ address: m.address, protocol_port: m.protocolPort, subnet_cidr_id: m.subnetCidrId })) }],
    ["batch-update", { members: [{ id: env.emu.members(poolId)[0].id, admin_state_up: false }] }],
  ]);
  expect(env.emu.members(poolId)[0].admin_state_up).toBe(false);
  expect((await provider.diff!(id, outs, { poolId, members: want })).changes).toBe(false);
});

test("a thousand members, the last chunk refused: the partial state holds exactly the 800 added, compactly (identity and id)", async () => {
  env.emu.faults.inject({ method: "POST", path: BATCH_ADD, skip: 4, status: 403, code: "ELB.2001", message: "member quota reached" });
  const e = await failure(() => provider.create!({ poolId, members: members(1000) }));
  const recorded = e.properties.members as Record<string, unknown>[];
  expect(recorded).toHaveLength(800);
  expect(recorded.map(key).sort()).toEqual(inCloud());
  expect(Object.keys(recorded[0]).sort()).toEqual(["address", "id", "protocolPort"]);
  // the next up resumes: one batch-add for the 200 missing
  env.emu.resetCounts();
  await provider.update!(e.id, e.properties, { poolId, members: members(1000) });
  expect(env.emu.count({ method: "POST", path: BATCH_ADD })).toBe(1);
  expect(env.emu.members(poolId)).toHaveLength(1000);
});

test("exclusive create whose removal of another member is refused: that member is not recorded as this resource's (a plain failure)", async () => {
  env.emu.outOfBand.addMember(poolId, { address: "192.168.0.99", protocol_port: 80, subnet_cidr_id: subnet });
  env.emu.faults.inject({ method: "POST", path: BATCH_DELETE, status: 403, code: "ELB.8903", message: "forbidden" });
  const e = await failure(() => provider.create!({ poolId, members: members(2), exclusive: true }));
  expect(e.message).toMatch(/ELB\.8903/);
  expect(e.id).toBeUndefined(); // nothing of its own exists: no resource is recorded
  expect(inCloud()).toEqual(["192.168.0.99:80"]);
});
