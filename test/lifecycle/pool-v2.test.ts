/**
 * PoolV2 through the SDK's dynamic-provider server over gRPC, against the emulator's legacy v2 API.
 */
import { FIXTURE_IDS } from "../../emulator";
import { PoolV2 } from "../../provider";
import { UNKNOWN } from "../../harness";
import { testCheckRefusals, useProviderKinds } from "../harness/env";
import { programKeys } from "../harness/kind-rpc";
import { poolV2Violations } from "../fixtures/pool-v2-violations";
import { v2Examples } from "../fixtures/seed-examples";

const env = useProviderKinds("pool-v2", () => new PoolV2("probe", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "x" }));
let httpListener: string;

type Props = Record<string, unknown>;
const lb = FIXTURE_IDS.lbShared;

beforeAll(() => {
  httpListener = env.emu.fixtures.listeners.find((l) => l.protocol === "HTTP" && l.loadbalancerId === lb)!.id;
});

const { urn, check, create, plan: apply } = env.rpc("PoolV2");

const http = (over: Props = {}): Props => ({ name: "legacy", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb, ...over });

/** Seed 001's three example requests, written as a program would (camelCase). */
const seedInputs: Props[] = [
  { lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "63ad9dfe-4750-479f-9630-ada43ccc8117", protocol: "HTTP" },
  {
    lbAlgorithm: "ROUND_ROBIN",
    loadbalancerId: "370fb112-e920-486a-b051-1d0d30704dd3",
    protocol: "HTTP",
    sessionPersistence: { cookieName: "my_cookie", type: "APP_COOKIE", persistenceTimeout: 1 },
    adminStateUp: true,
  },
  {
    lbAlgorithm: "ROUND_ROBIN",
    loadbalancerId: "63ad9dfe-4750-479f-9630-ada43ccc8117",
    protocol: "HTTP",
    sessionPersistence: { type: "HTTP_COOKIE" },
  },
];

test.each([0, 1, 2])("seed 001 example %i: the same JSON body on /v2; outputs; no-op diff; delete (404 is success)", async (i) => {
  const { id, outs, news } = await create(`seed${i}`, seedInputs[i]!);
  const post = env.emu.requests.filter((r) => r.method === "POST").pop()!;
  expect(post.path).toBe(`/v2/${env.emu.projectId}/elb/pools`);
  // the example's body, plus an autoname where the example gives no name
  const example = v2Examples[i]!.request as { pool: Props };
  expect(post.body).toEqual({ pool: { name: expect.stringMatching(/^poolv2-[0-9a-f]{7}$/), ...example.pool } });
  expect(outs).toMatchObject({
    tenantId: env.emu.projectId,
    healthmonitorId: null,
    loadbalancers: [{ id: seedInputs[i]!.loadbalancerId }],
  });
  // details (x-detail) stay out of state (the pool's member list); where it lives is state's to keep
  expect(outs).not.toHaveProperty("members");
  expect(outs).toMatchObject({ region: env.emu.region, projectId: env.emu.projectId });
  expect(await env.server.diff(urn("s"), id, outs, news)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
  await env.server.delete(urn("s"), id, outs);
  expect(env.emu.v2Pool(id)).toBeUndefined();
  await expect(env.server.delete(urn("s"), id, outs)).resolves.toBeUndefined();
});

describe("update in place", () => {
  const groups: [string, Props, Props, Props][] = [
    ["lbAlgorithm", {}, { lbAlgorithm: "LEAST_CONNECTIONS" }, { lb_algorithm: "LEAST_CONNECTIONS" }],
    ["name and description", {}, { name: "legacy2", description: "new" }, { name: "legacy2", description: "new" }],
    ["adminStateUp", {}, { adminStateUp: false }, { admin_state_up: false }],
    [
      "sessionPersistence on",
      {},
      { sessionPersistence: { type: "APP_COOKIE", cookieName: "sid" } },
      { session_persistence: { type: "APP_COOKIE", cookie_name: "sid" } },
    ],
    [
      "sessionPersistence off",
      { sessionPersistence: { type: "HTTP_COOKIE" } },
      { sessionPersistence: null },
      { session_persistence: null },
    ],
    [
      "protection",
      {},
      { protectionStatus: "consoleProtection", protectionReason: "prod" },
      { protection_status: "consoleProtection", protection_reason: "prod" },
    ],
  ];
  test.each(groups)("%s", async (_g, initialOver, change, wire) => {
    const initial = http(initialOver);
    const { id, outs } = await create("u", initial);
    const { diff, news } = await apply(id, outs, { ...initial, ...change });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const { properties } = await env.server.update(urn("u"), id, outs, news);
    const put = env.emu.requests.filter((r) => r.method === "PUT").pop()!;
    expect(put.path).toBe(`/v2/${env.emu.projectId}/elb/pools/${id}`);
    expect((put.body as { pool: Props }).pool).toEqual(wire); // only what changed
    expect(env.emu.v2Pool(id)).toMatchObject(wire);
    expect(properties).toMatchObject(change);
    expect((await env.server.diff(urn("u"), id, properties, news)).changes).toBe("none");
    await env.server.delete(urn("u"), id, properties);
  });
});

describe("replacement", () => {
  let id: string;
  let outs: Props;
  beforeAll(async () => {
    ({ id, outs } = await create("r", http()));
  });
  afterAll(() => env.server.delete(urn("r"), id, outs));
  test.each<[string, Props, boolean]>([
    ["protocol", { protocol: "TCP" }, false],
    ["loadbalancerId", { loadbalancerId: FIXTURE_IDS.lbSharedSecond }, false],
    ["tenantId", { tenantId: "another" }, false],
    ["listenerId", { listenerId: "l-elsewhere" }, true],
  ])("%s forces a replacement", async (field, change, dbr) => {
    const { diff } = await apply(id, outs, { ...http(), ...change });
    expect(diff).toEqual({ changes: "some", replaces: [field], deleteBeforeReplace: dbr });
  });
});

test("a pool bound to a listener is deleted before its replacement is created", async () => {
  const inputs = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", listenerId: httpListener };
  const { id, outs } = await create("l", inputs);
  expect(outs.listeners).toEqual([{ id: httpListener }]);
  expect(outs.loadbalancerId).toBe(lb); // what the API reports: the listener's load balancer
  const { diff } = await apply(id, outs, { ...inputs, protocol: "TCP" });
  expect(diff).toEqual({ changes: "some", replaces: ["protocol"], deleteBeforeReplace: true });
  await env.server.delete(urn("l"), id, outs);
});

test("preview with unknowns: no failures, no API call; unknown replace-only fields replace", async () => {
  const { id, outs } = await create("pv", http());
  const before = env.emu.requests.length;
  for (const field of [
    "name",
    "protocol",
    "lbAlgorithm",
    "loadbalancerId",
    "listenerId",
    "tenantId",
    "adminStateUp",
    "sessionPersistence",
  ]) {
    expect([field, (await check(http({ [field]: UNKNOWN }))).failures]).toEqual([field, []]);
  }
  expect((await check(http({ sessionPersistence: { type: UNKNOWN, cookieName: UNKNOWN } }))).failures).toEqual([]);
  expect(await env.server.diff(urn("pv"), id, outs, { ...http({ name: UNKNOWN }), __provider: env.text("PoolV2") })).toEqual({
    changes: "some",
    replaces: [],
    deleteBeforeReplace: false,
  });
  expect((await env.server.diff(urn("pv"), id, outs, { ...http({ protocol: UNKNOWN }), __provider: env.text("PoolV2") })).replaces).toEqual(
    ["protocol"],
  );
  expect(env.emu.requests.length).toBe(before);
  await env.server.delete(urn("pv"), id, outs);
});

describe("refresh", () => {
  test("drift is read back and repaired in place", async () => {
    const { id, outs, news } = await create("rf", http({ description: "mine" }));
    env.emu.outOfBand.updatePool(id, { description: "console edit", lb_algorithm: "SOURCE_IP" });
    const read = await env.server.read(urn("rf"), id, outs, news);
    expect(read.properties).toMatchObject({ description: "console edit", lbAlgorithm: "SOURCE_IP" });
    expect(programKeys(read.inputs!)).toEqual(programKeys(news));
    const { diff, news: again } = await apply(id, read.properties, http({ description: "mine" }));
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const { properties } = await env.server.update(urn("rf"), id, read.properties, again);
    expect(env.emu.v2Pool(id)).toMatchObject({ description: "mine", lb_algorithm: "ROUND_ROBIN" });
    await env.server.delete(urn("rf"), id, properties);
  });

  test("a pool deleted out of band reads as gone", async () => {
    const { id, outs, news } = await create("gone", http());
    env.emu.outOfBand.deletePool(id);
    expect((await env.server.read(urn("gone"), id, outs, news)).id).toBe("");
  });
});

test("tenantId must be the provider's project: checked before the POST, naming tenantId", async () => {
  const ok = await create("tenant", http({ tenantId: env.emu.projectId }));
  expect((env.emu.requests.filter((r) => r.method === "POST").pop()!.body as { pool: Props }).pool.tenant_id).toBe(env.emu.projectId);
  await env.server.delete(urn("tenant"), ok.id, ok.outs);
  const { inputs } = await check(http({ tenantId: "ffffffffffffffffffffffffffffffff" }));
  const posts = env.emu.count({ method: "POST" });
  await expect(env.server.create(urn("t2"), inputs)).rejects.toThrow(/tenantId must equal the project/);
  expect(env.emu.count({ method: "POST" })).toBe(posts);
});

describe("check failures reach the engine with the property named, before any API call", () => {
  testCheckRefusals(env, "PoolV2", poolV2Violations, http);
});
