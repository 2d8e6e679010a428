/**
 * MemberBatch through the real path `pulumi up` takes: the SDK's dynamic-provider server over
 * gRPC with the real serialized `__provider`, against the emulator. Call counts are read from the
 * emulator's request log, so they are what crossed the wire.
 */
import { MemberBatch, Pool } from "../../provider";
import { ProviderError, UNKNOWN } from "../../harness";
import { useProviderKinds } from "../harness/env";

type Props = Record<string, unknown>;
type Member = { address: string; protocolPort: number; [k: string]: unknown };

/** The members of checked (or refreshed) inputs, a map keyed by identity, as a list in the program's order. */
function checkedMembers(inputs: Record<string, unknown>): Record<string, unknown>[] {
  const map = inputs.members as Record<string, Record<string, unknown>>;
  return ((inputs.__order as { members: string[] }).members ?? Object.keys(map)).map((k) => map[k]);
}

const env = useProviderKinds("member-batch", () => {
  const pool = new Pool("probe", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "x" });
  new MemberBatch("probe-members", { poolId: pool.id, members: [] });
});
let lb: string;
let subnetA: string;

const rpc = env.rpc("MemberBatch");
const { urn: batchUrn } = rpc;
const { urn: poolUrn } = env.rpc("Pool");

beforeAll(() => {
  lb = env.emu.fixtures.loadbalancers[0].id;
  subnetA = env.emu.fixtures.subnets.find((s) => s.cidr === "192.168.0.0/24")!.id;
});

let poolSeq = 0;
async function newPool(over: Props = {}): Promise<string> {
  const name = `pool-${++poolSeq}`;
  const { inputs } = await env.server.check(
    poolUrn(name),
    {},
    { name, protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb, __provider: env.text("Pool"), ...over },
  );
  return (await env.server.create(poolUrn(name), inputs)).id;
}

/** `n` distinct members in subnet A: 200 addresses × 5 ports covers a thousand. */
const members = (n: number, from = 0, extra: Props = {}): Member[] =>
  Array.from({ length: n }, (_, i) => ({
    address: `192.168.0.${((from + i) % 200) + 10}`,
    protocolPort: 8000 + Math.floor((from + i) / 200),
    subnetCidrId: subnetA,
    ...extra,
  }));
const m = (last: number, extra: Props = {}): Member => ({
  address: `192.168.0.${last}`,
  protocolPort: 80,
  subnetCidrId: subnetA,
  ...extra,
});

const { check, create } = rpc;

/** diff then update, as the engine does; returns the new outputs and the diff. */
async function apply(id: string, olds: Props, inputs: Props) {
  const { diff, news } = await rpc.plan(id, olds, inputs);
  const outs = diff.changes === "some" ? (await env.server.update(batchUrn("b"), id, olds, news)).properties : olds;
  return { diff, outs, news };
}

const calls = (path: RegExp, method = "POST") => env.emu.count({ method, path });
const BATCH_ADD = /\/members\/batch-add$/;
const BATCH_DELETE = /\/members\/batch-delete$/;
const BATCH_UPDATE = /\/members\/batch-update$/;
const LIST = /\/members$/;
const key = (x: { address: unknown; protocolPort?: unknown; protocol_port?: unknown }) =>
  `${x.address}:${x.protocolPort ?? x.protocol_port}`;
const cloud = (poolId: string) =>
  env.emu
    .members(poolId)
    .map((x: Props) => `${x.address}:${x.protocol_port}/w${x.weight}`)
    .sort();
const outMembers = (outs: Props) => outs.members as (Member & { id: string; weight: number })[];

describe("create, no-op, delete", () => {
  test("create adds every member (weight 0 sent and kept), outputs hold ids in input order, the next diff is empty", async () => {
    const poolId = await newPool();
    env.emu.resetCounts();
    const { id, outs, news } = await create("b", {
      poolId,
      members: [m(12, { weight: 0 }), m(10, { name: "ten" }), m(11, { weight: 100 })],
    });
    expect(calls(BATCH_ADD)).toBe(1);
    expect(env.emu.requests.filter((r) => BATCH_ADD.test(r.path))[0].body).toMatchObject({
      members: [{ address: "192.168.0.12", weight: 0 }, { name: "ten" }, { weight: 100 }],
    });
    expect(cloud(poolId)).toEqual(["192.168.0.10:80/w1", "192.168.0.11:80/w100", "192.168.0.12:80/w0"]);
    expect(outMembers(outs).map(key)).toEqual(["192.168.0.12:80", "192.168.0.10:80", "192.168.0.11:80"]);
    expect(outMembers(outs).map((x) => x.id)).toEqual(
      ["192.168.0.12", "192.168.0.10", "192.168.0.11"].map((a) => env.emu.members(poolId).find((c: Props) => c.address === a)?.id),
    );
    expect(outMembers(outs)[0]).toMatchObject({ weight: 0, subnetCidrId: subnetA });
    expect(typeof outMembers(outs)[0].operatingStatus).toBe("string"); // health status stays
    // details stay out of state: a member's type, port, instance, timestamps (the API has them)
    for (const k of ["memberType", "portId", "instanceId", "createdAt", "updatedAt", "projectId", "status"])
      expect(outMembers(outs)[0]).not.toHaveProperty(k);
    expect(env.emu.members(poolId).find((c) => c.address === "192.168.0.12")!.member_type).toBe("instance");
    expect(outs.__provider).toBe(env.text("MemberBatch"));

    env.emu.resetCounts();
    expect(await env.server.diff(batchUrn("b"), id, outs, news)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    // members in another order are the same set
    const { inputs: reordered } = await check({ poolId, members: [m(11, { weight: 100 }), m(12, { weight: 0 }), m(10, { name: "ten" })] });
    expect((await env.server.diff(batchUrn("b"), id, outs, reordered)).changes).toBe("none");
    expect(env.emu.requests.length).toBe(0);

    await env.server.delete(batchUrn("b"), id, outs);
    expect(calls(BATCH_DELETE)).toBe(1);
    expect(env.emu.members(poolId)).toEqual([]);
    // a second delete: every member answers "not found", which is fine
    await expect(env.server.delete(batchUrn("b"), id, outs)).resolves.toBeUndefined();
  });

  test("a member the pool already holds answers `existed` and is adopted, its fields set as the program says", async () => {
    const poolId = await newPool();
    const existing = env.emu.outOfBand.addMember(poolId, {
      address: "192.168.0.30",
      protocol_port: 80,
      subnet_cidr_id: subnetA,
      weight: 7,
    });
    const { outs } = await create("b", { poolId, members: [m(30, { weight: 3 }), m(31)] });
    expect(outMembers(outs).map((x) => x.id)[0]).toBe(existing);
    expect(cloud(poolId)).toEqual(["192.168.0.30:80/w3", "192.168.0.31:80/w1"]);
  });

  test("delete when the pool is already gone is not an error", async () => {
    const poolId = await newPool();
    const { id, outs } = await create("b", { poolId, members: [m(40)] });
    env.emu.outOfBand.deletePool(poolId);
    await expect(env.server.delete(batchUrn("b"), id, outs)).resolves.toBeUndefined();
  });
});

describe("update in place", () => {
  test("add, remove and modify in one update: one batch call of each kind; kept members keep their ids", async () => {
    const poolId = await newPool();
    const { id, outs } = await create("b", { poolId, members: [m(10), m(11), m(12)] });
    const ids = new Map(outMembers(outs).map((x) => [key(x), x.id]));
    env.emu.resetCounts();
    const { diff, outs: after } = await apply(id, outs, { poolId, members: [m(10), m(11, { weight: 5, name: "eleven" }), m(13)] });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect([calls(BATCH_DELETE), calls(BATCH_ADD), calls(BATCH_UPDATE)]).toEqual([1, 1, 1]);
    expect(env.emu.requests.find((r) => BATCH_UPDATE.test(r.path))!.body).toEqual({
      members: [{ id: ids.get("192.168.0.11:80"), weight: 5, name: "eleven" }],
    });
    expect(cloud(poolId)).toEqual(["192.168.0.10:80/w1", "192.168.0.11:80/w5", "192.168.0.13:80/w1"]);
    expect(outMembers(after).map(key)).toEqual(["192.168.0.10:80", "192.168.0.11:80", "192.168.0.13:80"]);
    expect(outMembers(after)[1].id).toBe(ids.get("192.168.0.11:80"));
  });

  test("weight 1 → 0 → 1: one batch-update each way, and no perpetual diff at 0", async () => {
    const poolId = await newPool();
    const created = await create("b", { poolId, members: [m(10), m(11)] });
    const id = created.id;
    let outs = created.outs;
    for (const weight of [0, 1]) {
      env.emu.resetCounts();
      const step = await apply(id, outs, { poolId, members: [m(10, { weight }), m(11)] });
      expect(step.diff.changes).toBe("some");
      expect([calls(BATCH_UPDATE), calls(BATCH_ADD), calls(BATCH_DELETE)]).toEqual([1, 0, 0]);
      expect(env.emu.members(poolId).find((x: Props) => x.address === "192.168.0.10")?.weight).toBe(weight);
      outs = step.outs;
      const again = await check({ poolId, members: [m(10, { weight }), m(11)] });
      expect((await env.server.diff(batchUrn("b"), id, outs, again.inputs)).changes).toBe("none");
    }
    void id;
  });

  test("a changed subnetCidrId removes and re-adds that member only; the resource is not replaced", async () => {
    const poolId = await newPool();
    // 192.168.0.11 first as an IP-as-backend server (no subnet), then as a server in subnet A
    const ipBackend = { address: "192.168.0.11", protocolPort: 80 };
    const { id, outs } = await create("b", { poolId, members: [m(10), ipBackend] });
    const before = new Map(outMembers(outs).map((x) => [key(x), x]));
    expect(env.emu.members(poolId).find((c) => c.address === "192.168.0.11")!.member_type).toBe("ip");
    env.emu.resetCounts();
    const { diff, outs: after } = await apply(id, outs, { poolId, members: [m(10), m(11)] });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect([calls(BATCH_DELETE), calls(BATCH_ADD), calls(BATCH_UPDATE)]).toEqual([1, 1, 0]);
    expect(env.emu.requests.find((r) => BATCH_DELETE.test(r.path))!.body).toEqual({ members: [{ id: before.get("192.168.0.11:80")!.id }] });
    expect(env.emu.requests.find((r) => BATCH_ADD.test(r.path))!.body).toEqual({
      members: [{ address: "192.168.0.11", protocol_port: 80, subnet_cidr_id: subnetA }],
    });
    const moved = outMembers(after).find((x) => key(x) === "192.168.0.11:80")!;
    expect(moved).toMatchObject({ subnetCidrId: subnetA });
    expect(env.emu.members(poolId).find((c) => c.address === "192.168.0.11")!.member_type).toBe("instance");
    expect(moved.id).not.toBe(before.get("192.168.0.11:80")!.id);
    expect(outMembers(after).find((x) => key(x) === "192.168.0.10:80")!.id).toBe(before.get("192.168.0.10:80")!.id);
  });

  test("an any-port pool: members say protocolPort null, are sent without a port, and the next diff is empty", async () => {
    const poolId = await newPool({ protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", anyPortEnable: true });
    const want = [
      { address: "192.168.0.10", protocolPort: null, subnetCidrId: subnetA },
      { address: "192.168.0.11", protocolPort: null, subnetCidrId: subnetA, weight: 0 },
    ];
    env.emu.resetCounts();
    const { id, outs, news } = await create("b", { poolId, members: want });
    expect(env.emu.requests.find((r) => BATCH_ADD.test(r.path))!.body).toEqual({
      members: [
        { address: "192.168.0.10", subnet_cidr_id: subnetA },
        { address: "192.168.0.11", subnet_cidr_id: subnetA, weight: 0 },
      ],
    });
    expect(outMembers(outs).map((x) => [x.address, x.protocolPort])).toEqual([
      ["192.168.0.10", null],
      ["192.168.0.11", null],
    ]);
    expect((await env.server.diff(batchUrn("b"), id, outs, news)).changes).toBe("none");
    // a member left without a port is still a preview failure (the schema cannot know the pool is any-port)
    expect((await check({ poolId, members: [{ address: "192.168.0.12", subnetCidrId: subnetA }] })).failures).toEqual([
      { property: "members[0].protocolPort", reason: "is required" },
    ]);
  });

  test("only a new poolId replaces", async () => {
    const poolId = await newPool();
    const { id, outs } = await create("b", { poolId, members: [m(10)] });
    const { inputs } = await check({ poolId: await newPool(), members: [m(10)] });
    expect(await env.server.diff(batchUrn("b"), id, outs, inputs)).toMatchObject({ changes: "some", replaces: ["poolId"] });
  });
});

describe("exclusive", () => {
  test("create removes the pool's other members; update removes strangers added since", async () => {
    const poolId = await newPool();
    env.emu.outOfBand.addMember(poolId, { address: "192.168.0.99", protocol_port: 80, subnet_cidr_id: subnetA });
    const { id, outs } = await create("b", { poolId, members: [m(10)], exclusive: true });
    expect(cloud(poolId)).toEqual(["192.168.0.10:80/w1"]);
    env.emu.outOfBand.addMember(poolId, { address: "192.168.0.98", protocol_port: 80, subnet_cidr_id: subnetA });
    await apply(id, outs, { poolId, members: [m(10), m(11)], exclusive: true });
    expect(cloud(poolId)).toEqual(["192.168.0.10:80/w1", "192.168.0.11:80/w1"]);
  });

  test("without exclusive, other members of the pool are left alone", async () => {
    const poolId = await newPool();
    env.emu.outOfBand.addMember(poolId, { address: "192.168.0.99", protocol_port: 80, subnet_cidr_id: subnetA });
    const { id, outs } = await create("b", { poolId, members: [m(10)] });
    await apply(id, outs, { poolId, members: [m(11)] });
    expect(cloud(poolId)).toEqual(["192.168.0.11:80/w1", "192.168.0.99:80/w1"]);
  });
});

describe("refresh", () => {
  test("out-of-band delete and change show up; the next diff repairs them; strangers show only with exclusive", async () => {
    const poolId = await newPool();
    // weight is declared for .12, so a change to it is drift; an omitted field is no opinion
    const want = [m(10), m(11), m(12, { weight: 1 })];
    const { id, outs, news } = await create("b", { poolId, members: want });
    const byAddr = (a: string) => env.emu.members(poolId).find((x: Props) => x.address === a)!;
    env.emu.outOfBand.deleteMember(poolId, byAddr("192.168.0.11").id);
    env.emu.outOfBand.updateMember(poolId, byAddr("192.168.0.12").id, { weight: 9 });
    env.emu.outOfBand.addMember(poolId, { address: "192.168.0.99", protocol_port: 80, subnet_cidr_id: subnetA });
    env.emu.resetCounts();
    const read = await env.server.read(batchUrn("b"), id, outs, news);
    expect(env.emu.requests.length).toBe(1); // one list call
    expect(outMembers(read.properties).map((x) => `${key(x)}/w${x.weight}`)).toEqual(["192.168.0.10:80/w1", "192.168.0.12:80/w9"]);
    // refreshed inputs have the program's shape: no computed fields
    expect(checkedMembers(read.inputs!).every((x) => !("id" in x) && !("operatingStatus" in x))).toBe(true);
    const { diff, outs: repaired } = await apply(id, read.properties, { poolId, members: want });
    expect(diff.changes).toBe("some");
    expect(cloud(poolId)).toEqual(["192.168.0.10:80/w1", "192.168.0.11:80/w1", "192.168.0.12:80/w1", "192.168.0.99:80/w1"]);
    expect(outMembers(repaired)).toHaveLength(3);

    // exclusive: the stranger is reported, and the next update removes it
    const { outs: exclusiveOuts } = await apply(id, repaired, { poolId, members: want, exclusive: true });
    env.emu.outOfBand.addMember(poolId, { address: "192.168.0.98", protocol_port: 80, subnet_cidr_id: subnetA });
    const read2 = await env.server.read(batchUrn("b"), id, exclusiveOuts);
    expect(outMembers(read2.properties).map(key)).toEqual(["192.168.0.10:80", "192.168.0.11:80", "192.168.0.12:80"]);
    expect((read2.properties.strangers as Props[]).map((x) => key(x as never))).toEqual(["192.168.0.98:80"]);
    const removal = await apply(id, read2.properties, { poolId, members: want, exclusive: true });
    expect(removal.diff.changes).toBe("some");
    expect(cloud(poolId)).toEqual(["192.168.0.10:80/w1", "192.168.0.11:80/w1", "192.168.0.12:80/w1"]);
  });

  test("refreshed inputs keep the program's shape: each member only the fields the program set", async () => {
    const poolId = await newPool();
    const want = [m(10, { weight: 3 }), m(11)];
    const { id, outs } = await create("b", { poolId, members: want });
    const read = await env.server.read(batchUrn("b"), id, outs);
    // shaped as check returns them: the members keyed by identity, in the program's order
    expect(Object.keys(read.inputs!.members as Props).sort()).toEqual(["192.168.0.10:80", "192.168.0.11:80"]);
    expect(checkedMembers(read.inputs!)).toMatchObject(want);
    expect(checkedMembers(read.inputs!).map((x) => Object.keys(x).sort())).toEqual([
      ["address", "protocolPort", "subnetCidrId", "weight"],
      ["address", "protocolPort", "subnetCidrId", "weight"],
    ]);
    expect(checkedMembers(read.inputs!)[1].weight).toBe(1); // a field some member sets is refreshed for every member
  });

  test("exclusive turned off after a refresh found strangers: the strangers are left alone", async () => {
    const poolId = await newPool();
    const { id, outs } = await create("b", { poolId, members: [m(10)], exclusive: true });
    env.emu.outOfBand.addMember(poolId, { address: "192.168.0.99", protocol_port: 80, subnet_cidr_id: subnetA });
    const read = await env.server.read(batchUrn("b"), id, outs);
    expect((read.properties.strangers as Props[]).length).toBe(1);
    // the program drops `exclusive` (false by default): a change, applied without removing .99
    const { diff, outs: after } = await apply(id, read.properties, { poolId, members: [m(10), m(11)] });
    expect(diff.changes).toBe("some");
    expect(after.exclusive).toBe(false);
    expect(cloud(poolId)).toEqual(["192.168.0.10:80/w1", "192.168.0.11:80/w1", "192.168.0.99:80/w1"]);
  });

  test("a pool deleted out of band: the member batch is gone", async () => {
    const poolId = await newPool();
    const { id, outs } = await create("b", { poolId, members: [m(10)] });
    env.emu.outOfBand.deletePool(poolId);
    expect((await env.server.read(batchUrn("b"), id, outs)).id).toBe("");
  });
});

describe("partial failure", () => {
  test("chunk 3 of create fails: state records exactly the members that exist, and the next up adds only the rest", async () => {
    const poolId = await newPool();
    env.emu.faults.inject({ method: "POST", path: BATCH_ADD, skip: 2, status: 403, code: "ELB.2001", message: "member quota reached" });
    const { inputs } = await check({ poolId, members: members(450) });
    let err: ProviderError | undefined;
    try {
      await env.server.create(batchUrn("b"), inputs);
    } catch (e) {
      err = e as ProviderError;
    }
    expect(err).toBeInstanceOf(ProviderError);
    expect(err!.message).toMatch(/ELB\.2001/);
    expect(err!.message).toMatch(/400 members are in the pool/);
    expect(err!.id).toBe(`${poolId}/members`);
    const recorded = outMembers(err!.properties!);
    expect(recorded).toHaveLength(400);
    expect(recorded.map(key).sort()).toEqual(
      env.emu
        .members(poolId)
        .map((x: Props) => key(x as never))
        .sort(),
    );
    expect(err!.properties!.__provider).toBe(env.text("MemberBatch"));

    // resume: the engine retries with update from the recorded state
    env.emu.resetCounts();
    const { outs } = await apply(err!.id!, err!.properties!, { poolId, members: members(450) });
    expect([calls(BATCH_ADD), calls(BATCH_DELETE), calls(BATCH_UPDATE)]).toEqual([1, 0, 0]);
    expect(env.emu.members(poolId)).toHaveLength(450);
    expect(outMembers(outs)).toHaveLength(450);
  });

  test("a failure before anything was added is a plain error: no resource is recorded", async () => {
    const poolId = await newPool();
    env.emu.faults.inject({ method: "POST", path: BATCH_ADD, status: 400, code: "ELB.8902", message: "Invalid input" });
    const { inputs } = await check({ poolId, members: [m(10)] });
    const err = await env.server.create(batchUrn("b"), inputs).then(
      () => undefined,
      (e: ProviderError) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err!.id).toBeUndefined();
  });
});

describe("delete", () => {
  test("with member deletion protection on, the error names the pool and the setting", async () => {
    const poolId = await newPool();
    const { id, outs } = await create("b", { poolId, members: [m(10)] });
    env.emu.outOfBand.updatePool(poolId, { member_deletion_protection_enable: true });
    await expect(env.server.delete(batchUrn("b"), id, outs)).rejects.toThrow(new RegExp(`pool ${poolId}.*memberDeletionProtectionEnable`));
    expect(env.emu.members(poolId)).toHaveLength(1);
    env.emu.outOfBand.updatePool(poolId, { member_deletion_protection_enable: false });
    await env.server.delete(batchUrn("b"), id, outs);
    expect(env.emu.members(poolId)).toHaveLength(0);
  });
});

describe("check and preview", () => {
  test("duplicates and bad fields fail at check, naming the member, with no API call", async () => {
    env.emu.resetCounts();
    const { failures } = await check({ poolId: "p", members: [m(10), m(11, { weight: 101 }), m(10)] });
    expect(failures).toEqual(
      expect.arrayContaining([
        { property: "members[1].weight", reason: "must be between 0 and 100" },
        { property: "members[2]", reason: expect.stringMatching(/duplicates members\[0\]/) },
      ]),
    );
    expect(env.emu.requests.length).toBe(0);
  });

  test("unknowns: an unknown poolId checks and plans a replacement; an unknown member is a change", async () => {
    const poolId = await newPool();
    const { id, outs } = await create("b", { poolId, members: [m(10)] });
    env.emu.resetCounts();
    const a = await check({ poolId: UNKNOWN, members: [m(10)] });
    expect(a.failures).toEqual([]);
    expect((await env.server.diff(batchUrn("b"), id, outs, a.inputs)).replaces).toEqual(["poolId"]);
    const b = await check({ poolId, members: [m(10), UNKNOWN] });
    expect(b.failures).toEqual([]);
    expect(await env.server.diff(batchUrn("b"), id, outs, b.inputs)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect(env.emu.requests.length).toBe(0);
  });
});

describe("a thousand members, counted", () => {
  test("create ≤ 5 batch-add; 10 weights → 1 batch-update; remove 300 → 2 batch-delete; refresh → 1 list; no-op → 0 calls", async () => {
    const poolId = await newPool();
    const want = members(1000);
    env.emu.resetCounts();
    const { id, outs, news } = await create("b", { poolId, members: want });
    expect(calls(BATCH_ADD)).toBeLessThanOrEqual(5);
    expect(env.emu.members(poolId)).toHaveLength(1000);
    expect(env.emu.requests.filter((r) => r.method !== "GET").length).toBe(calls(BATCH_ADD));

    env.emu.resetCounts();
    expect((await env.server.diff(batchUrn("b"), id, outs, news)).changes).toBe("none");
    expect(env.emu.requests.length).toBe(0); // a no-op up: not even a read

    env.emu.resetCounts();
    const reweighted = want.map((x, i) => (i % 100 === 0 ? { ...x, weight: 50 } : x));
    const step1 = await apply(id, outs, { poolId, members: reweighted });
    expect([calls(BATCH_UPDATE), calls(BATCH_ADD), calls(BATCH_DELETE)]).toEqual([1, 0, 0]);
    expect(env.emu.members(poolId).filter((x: Props) => x.weight === 50)).toHaveLength(10);

    env.emu.resetCounts();
    const step2 = await apply(id, step1.outs, { poolId, members: reweighted.slice(300) });
    expect([calls(BATCH_DELETE), calls(BATCH_ADD), calls(BATCH_UPDATE)]).toEqual([2, 0, 0]);
    expect(env.emu.members(poolId)).toHaveLength(700);

    env.emu.resetCounts();
    const read = await env.server.read(batchUrn("b"), id, step2.outs);
    expect(calls(LIST, "GET")).toBe(1);
    expect(env.emu.requests.length).toBeLessThanOrEqual(2);
    expect(outMembers(read.properties)).toHaveLength(700);
  });
});
