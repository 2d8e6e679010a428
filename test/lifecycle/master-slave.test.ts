/**
 * MasterSlavePool through the real path `pulumi up` takes: the Pulumi SDK's dynamic-provider server
 * over gRPC, with the real serialized `__provider`, against the emulator over loopback HTTP.
 */
import { FIXTURE_IDS } from "../../emulator";
import { MasterSlavePool } from "../../provider";
import { UNKNOWN } from "../../harness";
import { testCheckRefusals, useProviderKinds } from "../harness/env";
import { masterSlaveViolations, validMasterSlave } from "../fixtures/master-slave-violations";
import { masterSlaveExample } from "../fixtures/seed-examples";

const env = useProviderKinds("master-slave", () => new MasterSlavePool("probe", validMasterSlave("l") as never));
let tcpListener: string;

type Props = Record<string, unknown>;

beforeAll(() => {
  tcpListener = env.emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === FIXTURE_IDS.lbSecond)!.id;
});

const rpc = env.rpc("MasterSlavePool");
const { urn } = rpc;
const { check, create } = rpc;
const diff = async (id: string, olds: Props, inputs: Props) => (await rpc.plan(id, olds, inputs)).diff;

/** Seeds 000/003's example request, written as a program would (camelCase). */
const seedInputs = (): Props => ({
  name: "My pool",
  lbAlgorithm: "LEAST_CONNECTIONS",
  listenerId: FIXTURE_IDS.listenerSeedTcp,
  protocol: "TCP",
  type: "ip",
  members: [
    { protocolPort: 89, name: "My member", address: "120.10.10.16", role: "master" },
    { protocolPort: 89, address: "110.4.10.16", role: "slave" },
  ],
  healthmonitor: { name: "My Healthmonitor", maxRetries: 3, type: "HTTP", timeout: 30, delay: 1 },
});

test("the seed's example: the same JSON body; outputs carry member IDs and statuses and the health check ID; no-op diff; delete", async () => {
  const before = env.emu.records();
  const { id, outs, news } = await create("seed", seedInputs());
  const post = env.emu.requests.filter((r) => r.method === "POST").pop()!;
  expect(post.path).toBe(`/v3/${env.emu.projectId}/elb/master-slave-pools`);
  expect(post.body).toEqual(masterSlaveExample.request);

  const pool = env.emu.masterSlavePool(id)!;
  expect(outs.members).toEqual([
    {
      protocolPort: 89,
      name: "My member",
      address: "120.10.10.16",
      role: "master",
      id: pool.members[0].id,
      operatingStatus: "OFFLINE",
      status: [{ listenerId: FIXTURE_IDS.listenerSeedTcp, operatingStatus: "OFFLINE" }],
      memberType: "ip",
      ipVersion: "v4",
      instanceId: "",
      subnetCidrId: "",
      adminStateUp: true,
    },
    {
      protocolPort: 89,
      name: "",
      address: "110.4.10.16",
      role: "slave",
      id: pool.members[1].id,
      operatingStatus: "OFFLINE",
      status: [{ listenerId: FIXTURE_IDS.listenerSeedTcp, operatingStatus: "OFFLINE" }],
      memberType: "ip",
      ipVersion: "v4",
      instanceId: "",
      subnetCidrId: "",
      adminStateUp: true,
    },
  ]);
  expect((outs.healthmonitor as Props).id).toBe(pool.healthmonitor.id);
  expect(outs).toMatchObject({
    listenerId: FIXTURE_IDS.listenerSeedTcp,
    listeners: [{ id: FIXTURE_IDS.listenerSeedTcp }],
    loadbalancers: [{ id: FIXTURE_IDS.lbMain }],
    projectId: env.emu.projectId,
  });
  expect(outs).not.toHaveProperty("createdAt"); // a detail: left out of state

  expect(await env.server.diff(urn("seed"), id, outs, news)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });

  await env.server.delete(urn("seed"), id, outs);
  expect(env.emu.masterSlavePool(id)).toBeUndefined();
  expect(env.emu.records()).toEqual(before); // members and health check went with it
  await expect(env.server.delete(urn("seed"), id, outs)).resolves.toBeUndefined(); // 404 is success
});

test("seed 003's connectionDrain and any-port members reach the API as documented", async () => {
  const inputs = {
    ...validMasterSlave(tcpListener),
    anyPortEnable: true,
    connectionDrain: { enable: true, timeout: 60 },
    members: [
      { address: "192.168.1.10", role: "master", subnetCidrId: FIXTURE_IDS.subnetB },
      { address: "192.168.1.11", role: "slave", subnetCidrId: FIXTURE_IDS.subnetB },
    ],
  };
  const { id, outs } = await create("drain", inputs);
  const body = (env.emu.requests.filter((r) => r.method === "POST").pop()!.body as { pool: Props }).pool;
  expect(body).toMatchObject({ any_port_enable: true, connection_drain: { enable: true, timeout: 60 } });
  expect((body.members as Props[]).map((m) => Object.keys(m).sort())).toEqual([
    ["address", "role", "subnet_cidr_id"],
    ["address", "role", "subnet_cidr_id"],
  ]);
  expect((outs.members as Props[]).map((m) => m.memberType)).toEqual(["instance", "instance"]);
  await env.server.delete(urn("drain"), id, outs);
});

describe("every change replaces (no update API), deleting first while a listener is bound", () => {
  let id: string;
  let outs: Props;
  const base = () => validMasterSlave(tcpListener);
  beforeAll(async () => {
    ({ id, outs } = await create("r", base()));
  });
  afterAll(() => env.server.delete(urn("r"), id, outs));

  const m = (over: Props) => [{ ...(base().members as Props[])[0], ...over }, (base().members as Props[])[1]];
  test.each<[string, Props]>([
    ["name", { name: "renamed" }],
    ["description", { description: "new" }],
    ["lbAlgorithm", { lbAlgorithm: "SOURCE_IP" }],
    ["protocol", { protocol: "UDP" }],
    ["type", { type: "instance" }],
    ["ipVersion", { ipVersion: "dualstack" }],
    ["vpcId", { vpcId: FIXTURE_IDS.otherVpc }],
    ["sessionPersistence", { sessionPersistence: { type: "SOURCE_IP" } }],
    ["anyPortEnable", { anyPortEnable: true }],
    ["connectionDrain", { connectionDrain: { enable: true, timeout: 100 } }],
    ["members", { members: m({ address: "192.168.1.99" }) }],
    ["members", { members: m({ protocolPort: 81 }) }],
    ["healthmonitor", { healthmonitor: { ...(base().healthmonitor as Props), delay: 10 } }],
    ["listenerId", { listenerId: FIXTURE_IDS.listenerSeedTcp }],
    ["loadbalancerId", { loadbalancerId: FIXTURE_IDS.lbMain }],
  ])("%s", async (field, change) => {
    expect(await diff(id, outs, { ...base(), ...change })).toEqual({ changes: "some", replaces: [field], deleteBeforeReplace: true });
  });

  test("the update call is never made: the engine has nothing to update in place", async () => {
    expect(await diff(id, outs, base())).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
  });
});

test("without a listener the replacement is created before the old pool is deleted", async () => {
  const inputs = { ...validMasterSlave("x"), listenerId: undefined, loadbalancerId: FIXTURE_IDS.lbSecond };
  delete inputs.listenerId;
  const { id, outs } = await create("lb", inputs);
  expect(await diff(id, outs, { ...inputs, name: "other" })).toEqual({ changes: "some", replaces: ["name"], deleteBeforeReplace: false });
  await env.server.delete(urn("lb"), id, outs);
});

test("preview with unknowns: check accepts them at any depth without API calls; an unknown means a replacement", async () => {
  const { id, outs } = await create("pv", validMasterSlave(tcpListener));
  const before = env.emu.requests.length;
  const base = validMasterSlave(tcpListener);
  for (const field of ["name", "protocol", "lbAlgorithm", "type", "listenerId", "members", "healthmonitor", "anyPortEnable"]) {
    expect([field, (await check({ ...base, [field]: UNKNOWN })).failures]).toEqual([field, []]);
  }
  const [m0, m1] = base.members as Props[];
  expect(
    (
      await check({
        ...base,
        members: [{ ...m0, role: UNKNOWN, address: UNKNOWN }, m1],
        healthmonitor: { type: UNKNOWN, delay: UNKNOWN, timeout: 3, maxRetries: 3 },
      })
    ).failures,
  ).toEqual([]);
  const d = await env.server.diff(urn("pv"), id, outs, {
    ...base,
    members: [{ ...m0, address: UNKNOWN }, m1],
    __provider: env.text("MasterSlavePool"),
  });
  expect(d).toEqual({ changes: "some", replaces: ["members"], deleteBeforeReplace: true });
  expect(env.emu.requests.length).toBe(before);
  await env.server.delete(urn("pv"), id, outs);
});

describe("refresh", () => {
  test("out-of-band drift is read back; refreshed inputs keep the program's shape (no computed member fields); the next diff replaces", async () => {
    const { id, outs, news } = await create("rf", validMasterSlave(tcpListener));
    env.emu.outOfBand.updatePool(id, { name: "console edit" });
    const read = await env.server.read(urn("rf"), id, outs, news);
    expect(read.id).toBe(id);
    expect(read.properties.name).toBe("console edit");
    expect((read.properties.members as Props[])[0]!.id).toEqual(expect.any(String));
    expect(read.inputs!.name).toBe("console edit");
    // the refreshed inputs are shaped as check returns them: the members keyed by their identity (role)
    expect(Object.keys(read.inputs!.members as Props).sort()).toEqual(["master", "slave"]);
    for (const m of Object.values(read.inputs!.members as Record<string, Props>))
      expect(
        Object.keys(m).filter((k) => ["id", "operatingStatus", "status", "memberType", "ipVersion", "instanceId"].includes(k)),
      ).toEqual([]);
    expect(Object.keys(read.inputs!.healthmonitor as Props)).not.toContain("id");
    expect(await diff(id, read.properties, validMasterSlave(tcpListener))).toEqual({
      changes: "some",
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
    await env.server.delete(urn("rf"), id, read.properties);
  });

  test("a pool deleted out of band reads as gone", async () => {
    const { id, outs, news } = await create("gone", validMasterSlave(tcpListener));
    env.emu.outOfBand.deletePool(id);
    expect((await env.server.read(urn("gone"), id, outs, news)).id).toBe("");
    await expect(env.server.delete(urn("gone"), id, outs)).resolves.toBeUndefined();
  });
});

test("projectId says where the pool lives: a project these credentials do not reach fails before any POST (the API's 403)", async () => {
  const { inputs } = await check({ ...validMasterSlave(tcpListener), projectId: "ffffffffffffffffffffffffffffffff" });
  const posts = env.emu.count({ method: "POST" });
  await expect(env.server.create(urn("proj"), inputs)).rejects.toThrow(
    /403.*ffffffffffffffffffffffffffffffff does not exist or is not accessible/s,
  );
  expect(env.emu.count({ method: "POST" })).toBe(posts);
});

describe("check failures reach the engine with the property named, before any API call", () => {
  testCheckRefusals(env, "MasterSlavePool", masterSlaveViolations, () => validMasterSlave(tcpListener));
});
