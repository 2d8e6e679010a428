/**
 * Pool through the real path `pulumi up` takes: the Pulumi SDK's dynamic-provider server over
 * gRPC, with the real serialized `__provider` (obtained by constructing `Pool` under setMocks),
 * against the emulator over loopback HTTP.
 */
import { Pool } from "../../provider";
import { emulatorConfig, UNKNOWN } from "../../harness";
import { testCheckRefusals, useProviderKinds } from "../harness/env";
import { programKeys } from "../harness/kind-rpc";
import { poolViolations } from "../fixtures/pool-violations";

const AK = "AKLIFECYCLETEST00001";
const SK = "sk-lifecycle-distinct-secret-value-4711";

const env = useProviderKinds("pool", () => new Pool("probe", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "x" }), {
  emulator: { credentials: [{ accessKey: AK, secretKey: SK }] },
  config: (emu) => emulatorConfig(emu, { accessKey: AK, secretKey: SK }),
});
let lb: string;
let tcpListeners: string[];
let vpc: string;

type Props = Record<string, unknown>;

beforeAll(() => {
  lb = env.emu.fixtures.loadbalancers[0].id;
  tcpListeners = env.emu.fixtures.listeners.filter((l) => l.protocol === "TCP" && l.loadbalancerId === lb).map((l) => l.id);
  vpc = env.emu.fixtures.vpcId;
});

const { urn, check, create, plan: apply } = env.rpc("Pool");

const http = (over: Props = {}): Props => ({ name: "web", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb, ...over });

describe("create, no-op, delete", () => {
  test("create returns the inputs and the computed fields; the next diff is empty", async () => {
    const { id, outs, news } = await create("web", http({ sessionPersistence: { type: "HTTP_COOKIE" } }));
    expect(env.emu.pool(id)).toMatchObject({ name: "web", protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" });
    expect(outs).toMatchObject({
      name: "web",
      protocol: "HTTP",
      loadbalancerId: lb,
      loadbalancers: [{ id: lb }],
      type: "",
    });
    for (const detail of ["createdAt", "updatedAt", "members"]) expect(outs).not.toHaveProperty(detail); // lean state
    // where it lives is not a detail: every later call goes there
    expect(outs).toMatchObject({ region: env.emu.region, projectId: env.emu.projectId });
    expect(outs.__provider).toBe(env.text("Pool"));
    const diff = await env.server.diff(urn("web"), id, outs, news);
    expect(diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    await env.server.delete(urn("web"), id, outs);
    expect(env.emu.pool(id)).toBeUndefined();
    // deleting what is already gone is not an error
    await expect(env.server.delete(urn("web"), id, outs)).resolves.toBeUndefined();
  });
});

describe("update in place", () => {
  // [group, pool inputs, changed inputs, expected wire fields after the update]
  const groups: [string, Props, Props, Props][] = [
    ["name and description", {}, { name: "web2", description: "new" }, { name: "web2", description: "new" }],
    ["lbAlgorithm", {}, { lbAlgorithm: "LEAST_CONNECTIONS" }, { lb_algorithm: "LEAST_CONNECTIONS" }],
    [
      "sessionPersistence on",
      {},
      { sessionPersistence: { type: "APP_COOKIE", cookieName: "sid" } },
      { session_persistence: { type: "APP_COOKIE", cookie_name: "sid" } },
    ],
    ["sessionPersistence off", { sessionPersistence: { type: "SOURCE_IP" } }, { sessionPersistence: null }, { session_persistence: null }],
    ["slowStart", {}, { slowStart: { enable: true, duration: 100 } }, { slow_start: { enable: true, duration: 100 } }],
    ["memberDeletionProtectionEnable", {}, { memberDeletionProtectionEnable: true }, { member_deletion_protection_enable: true }],
    [
      "protection",
      {},
      { protectionStatus: "consoleProtection", protectionReason: "prod" },
      { protection_status: "consoleProtection", protection_reason: "prod" },
    ],
    ["poolHealth", {}, { poolHealth: { minimumHealthyMemberCount: 1 } }, { pool_health: { minimum_healthy_member_count: 1 } }],
    [
      "azAffinity",
      { protocol: "TCP" },
      { azAffinity: { enable: true, azMinimumHealthyMemberPercentage: 50 } },
      { az_affinity: { enable: true, az_minimum_healthy_member_percentage: 50 } },
    ],
    [
      "connectionDrain",
      { protocol: "TCP" },
      { connectionDrain: { enable: true, timeout: 300 } },
      { connection_drain: { enable: true, timeout: 300 } },
    ],
    [
      "quicCidHashStrategy",
      { protocol: "QUIC", lbAlgorithm: "QUIC_CID", sessionPersistence: { type: "SOURCE_IP" } },
      { quicCidHashStrategy: { len: 4, offset: 2 } },
      { quic_cid_hash_strategy: { len: 4, offset: 2 } },
    ],
  ];

  test.each(groups)("%s", async (_g, initialOver, change, wire) => {
    const initial = http(initialOver);
    const { id, outs } = await create("u", initial);
    const { diff, news } = await apply(id, outs, { ...initial, ...change });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const before = env.emu.count({ method: "PUT" });
    const { properties } = await env.server.update(urn("u"), id, outs, news);
    expect(env.emu.count({ method: "PUT" })).toBe(before + 1);
    expect(env.emu.pool(id)).toMatchObject(wire);
    expect(properties).toMatchObject(change);
    // the update sent only what changed
    const put = env.emu.requests.filter((r) => r.method === "PUT").pop()!;
    expect(put.path).toBe(`/v3/${env.emu.projectId}/elb/pools/${id}`);
    expect(Object.keys((put.body as { pool: object }).pool).sort()).toEqual(Object.keys(wire).sort());
    const again = await env.server.diff(urn("u"), id, properties, news);
    expect(again.changes).toBe("none");
    await env.server.delete(urn("u"), id, properties);
  });
});

test("adminStateUp set false out of band is put back to true in place", async () => {
  const { id, outs } = await create("a", http());
  env.emu.outOfBand.updatePool(id, { admin_state_up: false });
  const read = await env.server.read(urn("a"), id, outs);
  expect(read.properties.adminStateUp).toBe(false);
  const { diff, news } = await apply(id, read.properties, http({ adminStateUp: true }));
  expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  const { properties } = await env.server.update(urn("a"), id, read.properties, news);
  expect(env.emu.pool(id)?.admin_state_up).toBe(true);
  await env.server.delete(urn("a"), id, properties);
});

describe("replacement", () => {
  let id: string;
  let outs: Props;
  beforeAll(async () => {
    ({ id, outs } = await create("r", http({ protocol: "TCP", ipVersion: "v4", anyPortEnable: false })));
  });
  afterAll(() => env.server.delete(urn("r"), id, outs));

  test.each<[string, Props]>([
    ["protocol", { protocol: "UDP" }],
    ["loadbalancerId", { loadbalancerId: "lb-elsewhere" }],
    ["listenerId", { listenerId: "l-elsewhere" }],
    ["ipVersion", { ipVersion: "dualstack" }],
    ["anyPortEnable", { anyPortEnable: true }],
    ["publicBorderGroup", { publicBorderGroup: "edge" }],
    ["enterpriseProjectId", { enterpriseProjectId: "ep-1" }],
  ])("%s forces a replacement", async (field, change) => {
    const { diff } = await apply(id, outs, { ...http({ protocol: "TCP", ipVersion: "v4", anyPortEnable: false }), ...change });
    expect(diff.changes).toBe("some");
    expect(diff.replaces).toEqual([field]);
  });
});

describe("vpcId and type: in place only while empty", () => {
  test('vpcId "" → X updates in place; X → Y replaces', async () => {
    const { id, outs } = await create("v", http());
    expect(outs.vpcId).toBe("");
    const { diff, news } = await apply(id, outs, http({ vpcId: vpc }));
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const { properties } = await env.server.update(urn("v"), id, outs, news);
    expect(env.emu.pool(id)?.vpc_id).toBe(vpc);
    const second = await apply(id, properties, http({ vpcId: "vpc-other" }));
    expect(second.diff.replaces).toEqual(["vpcId"]);
    await env.server.delete(urn("v"), id, properties);
  });

  test('type "" → ip updates in place; ip → instance and ip → "" replace', async () => {
    const { id, outs } = await create("t", http());
    expect(outs.type).toBe("");
    const { diff, news } = await apply(id, outs, http({ type: "ip" }));
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const { properties } = await env.server.update(urn("t"), id, outs, news);
    expect(env.emu.pool(id)?.type).toBe("ip");
    expect((await apply(id, properties, http({ type: "instance", vpcId: vpc }))).diff.replaces).toEqual(["type"]);
    expect((await apply(id, properties, http({ type: "" }))).diff.replaces).toEqual(["type"]);
    // leaving type out is no opinion
    expect((await apply(id, properties, http())).diff.changes).toBe("none");
    await env.server.delete(urn("t"), id, properties);
  });
});

test("a pool bound to a listener is deleted before its replacement is created", async () => {
  const { id, outs } = await create("l", { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", listenerId: tcpListeners[0] });
  expect(outs.listeners).toEqual([{ id: tcpListeners[0] }]);
  const { diff } = await apply(id, outs, {
    protocol: "TCP",
    lbAlgorithm: "ROUND_ROBIN",
    listenerId: tcpListeners[0],
    ipVersion: "dualstack",
  });
  expect(diff).toEqual({ changes: "some", replaces: ["ipVersion"], deleteBeforeReplace: true });
  await env.server.delete(urn("l"), id, outs);
});

describe("preview with unknowns", () => {
  test("check accepts the unknown sentinel in any field, makes no API call; diff replaces for replace-only unknowns", async () => {
    const { id, outs } = await create("pv", http());
    const before = env.emu.requests.length;
    for (const field of [
      "name",
      "lbAlgorithm",
      "protocol",
      "loadbalancerId",
      "listenerId",
      "vpcId",
      "type",
      "adminStateUp",
      "slowStart",
      "sessionPersistence",
      "ipVersion",
      "memberDeletionProtectionEnable",
    ]) {
      const { failures } = await check(http({ [field]: UNKNOWN }));
      expect([field, failures]).toEqual([field, []]);
    }
    const nested = await check(
      http({ sessionPersistence: { type: UNKNOWN, persistenceTimeout: UNKNOWN }, slowStart: { enable: true, duration: UNKNOWN } }),
    );
    expect(nested.failures).toEqual([]);

    const d1 = await env.server.diff(urn("pv"), id, outs, { ...http({ name: UNKNOWN }), __provider: env.text("Pool") });
    expect(d1).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const d2 = await env.server.diff(urn("pv"), id, outs, { ...http({ loadbalancerId: UNKNOWN }), __provider: env.text("Pool") });
    expect(d2.replaces).toEqual(["loadbalancerId"]);
    const d3 = await env.server.diff(urn("pv"), id, outs, { ...http({ listenerId: UNKNOWN }), __provider: env.text("Pool") });
    expect(d3).toEqual({ changes: "some", replaces: ["listenerId"], deleteBeforeReplace: true });
    const d4 = await env.server.diff(urn("pv"), id, outs, { ...http({ vpcId: UNKNOWN }), __provider: env.text("Pool") });
    expect(d4).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false }); // vpcId is still empty: in place
    expect(env.emu.requests.length).toBe(before);
    await env.server.delete(urn("pv"), id, outs);
  });
});

describe("refresh", () => {
  test("an out-of-band change is read back, and the next diff repairs it", async () => {
    const sticky = { sessionPersistence: { type: "HTTP_COOKIE" } };
    const { id, outs, news } = await create("rf", http({ description: "mine", ...sticky }));
    env.emu.outOfBand.updatePool(id, { description: "console edit", lb_algorithm: "SOURCE_IP" });
    const read = await env.server.read(urn("rf"), id, outs, news);
    expect(read.id).toBe(id);
    expect(read.properties).toMatchObject({ description: "console edit", lbAlgorithm: "SOURCE_IP", name: "web" });
    expect(read.inputs).toMatchObject({ description: "console edit", lbAlgorithm: "SOURCE_IP" });
    // refreshed inputs have the program's shape: no API default shows up as a removed input
    expect(programKeys(read.inputs!)).toEqual(programKeys(news));
    expect(read.inputs!.sessionPersistence).toEqual({ type: "HTTP_COOKIE" }); // not the API's filled-in timeout
    expect(read.properties.sessionPersistence).toMatchObject({ type: "HTTP_COOKIE", persistenceTimeout: 1440 });
    const { diff, news: again } = await apply(id, read.properties, http({ description: "mine", ...sticky }));
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const { properties } = await env.server.update(urn("rf"), id, read.properties, again);
    expect(env.emu.pool(id)).toMatchObject({ description: "mine", lb_algorithm: "ROUND_ROBIN" });
    await env.server.delete(urn("rf"), id, properties);
  });

  test("a pool deleted out of band reads as gone", async () => {
    const { id, outs, news } = await create("gone", http());
    env.emu.outOfBand.deletePool(id);
    const read = await env.server.read(urn("gone"), id, outs, news);
    expect(read.id).toBe("");
    await expect(env.server.delete(urn("gone"), id, outs)).resolves.toBeUndefined();
  });
});

describe("check failures reach the engine with the property named, before any API call", () => {
  testCheckRefusals(env, "Pool", poolViolations, http);
});

describe("no secret in state, outputs, logs or errors", () => {
  test("the serialized provider is small and holds no credential", async () => {
    expect(Buffer.byteLength(env.text("Pool"))).toBeLessThanOrEqual(4096);
    expect(env.text("Pool")).not.toContain(AK);
    expect(env.text("Pool")).not.toContain(SK);
    expect(env.text("Pool")).toContain('require("pulumi-huaweicloud-elb/runtime")');
  });

  test("outputs, errors and the provider's output hold no credential", async () => {
    const tcp = { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", listenerId: tcpListeners[1] };
    const { id, outs } = await create("sec", tcp);
    // a conflict error from the API travels back through the server
    let message = "";
    try {
      await create("sec2", tcp);
    } catch (e) {
      message = String((e as Error).message);
    }
    expect(message).toMatch(/409|ELB\.8907/);
    const text = JSON.stringify(outs) + message + env.server.output();
    expect(text).not.toContain(AK);
    expect(text).not.toContain(SK);
    await env.server.delete(urn("sec"), id, outs);
  });
});
