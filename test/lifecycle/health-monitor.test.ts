/**
 * HealthMonitor through the SDK's dynamic-provider server over gRPC, against the emulator: create,
 * no-op diff, each in-place update with its exact PUT body, replacement on poolId, unknowns at
 * preview, refresh after out-of-band changes, delete (also of one already gone), check's rejections
 * with no request sent, and the API's pool-protocol refusal reaching the user naming type and protocol.
 */
import { HealthMonitor, Pool } from "../../provider";
import { UNKNOWN } from "../../harness";
import { useProviderKinds } from "../harness/env";

const env = useProviderKinds("health-monitor", () => {
  new Pool("probe", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "x" });
  new HealthMonitor("probe-check", { poolId: "x", type: "HTTP", delay: 5, timeout: 3, maxRetries: 3 });
});
let lb: string;

type Props = Record<string, unknown>;

beforeAll(() => {
  lb = env.emu.fixtures.loadbalancers[0].id;
});

afterEach(() => {
  for (const p of env.emu.pools()) env.emu.outOfBand.deletePool(p.id);
});

const pools = env.rpc("Pool");
const { urn, check, create, plan } = env.rpc("HealthMonitor");

const newPool = async (protocol = "HTTP") => (await pools.create("pool", { protocol, lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb })).id;
const http = (poolId: string, over: Props = {}): Props => ({ poolId, type: "HTTP", delay: 5, timeout: 3, maxRetries: 3, ...over });
const lastWrite = (method: string) => env.emu.requests.filter((r) => r.method === method).pop()!;

test("create: the POST body, the outputs, the pool's healthmonitor_id; a no-op diff; delete, then delete again", async () => {
  const poolId = await newPool();
  const { id, outs, news } = await create("c", http(poolId, { urlPath: "/healthz", expectedCodes: "200-204", monitorPort: null }));
  expect(lastWrite("POST")).toMatchObject({
    path: `/v3/${env.emu.projectId}/elb/healthmonitors`,
    body: {
      healthmonitor: {
        pool_id: poolId,
        type: "HTTP",
        delay: 5,
        timeout: 3,
        max_retries: 3,
        url_path: "/healthz",
        expected_codes: "200-204",
        monitor_port: null,
      },
    },
  });
  expect(outs).toMatchObject({
    poolId,
    pools: [{ id: poolId }],
    maxRetriesDown: 3,
    adminStateUp: true,
    httpMethod: "GET",
    monitorPort: null,
  });
  for (const detail of ["createdAt", "updatedAt"]) expect(outs).not.toHaveProperty(detail); // lean state
  expect(outs).toMatchObject({ region: env.emu.region, projectId: env.emu.projectId }); // where it lives: every later call goes there
  expect(env.emu.pool(poolId)?.healthmonitor_id).toBe(id);
  expect(await env.server.diff(urn("c"), id, outs, news)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
  await env.server.delete(urn("c"), id, outs);
  expect(env.emu.healthMonitor(id)).toBeUndefined();
  expect(env.emu.pool(poolId)?.healthmonitor_id).toBeNull();
  await expect(env.server.delete(urn("c"), id, outs)).resolves.toBeUndefined(); // already gone: not an error
});

describe("each field updates in place with one PUT carrying only what changed", () => {
  const cases: [string, Props, Props, Props][] = [
    ["type", { type: "HTTP" }, { type: "TCP" }, { type: "TCP" }],
    ["delay", {}, { delay: 10 }, { delay: 10 }],
    ["timeout", {}, { timeout: 8 }, { timeout: 8 }],
    ["maxRetries", {}, { maxRetries: 5 }, { max_retries: 5 }],
    ["maxRetriesDown", {}, { maxRetriesDown: 7 }, { max_retries_down: 7 }],
    ["monitorPort", {}, { monitorPort: 8443 }, { monitor_port: 8443 }],
    ["monitorPort back to the member's port", { monitorPort: 8443 }, { monitorPort: null }, { monitor_port: null }],
    ["domainName", {}, { domainName: "www.example.com" }, { domain_name: "www.example.com" }],
    ["domainName cleared", { domainName: "a.example.com" }, { domainName: null }, { domain_name: null }],
    ["urlPath", {}, { urlPath: "/ready" }, { url_path: "/ready" }],
    ["expectedCodes", {}, { expectedCodes: "200,202" }, { expected_codes: "200,202" }],
    ["httpMethod", {}, { httpMethod: "HEAD" }, { http_method: "HEAD" }],
    ["name", {}, { name: "web-check" }, { name: "web-check" }],
    ["adminStateUp", {}, { adminStateUp: false }, { admin_state_up: false }],
  ];
  test.each(cases)("%s", async (_c, initialOver, change, wire) => {
    const poolId = await newPool();
    const initial = http(poolId, initialOver);
    const { id, outs } = await create("u", initial);
    const { diff, news } = await plan(id, outs, { ...initial, ...change });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const { properties } = await env.server.update(urn("u"), id, outs, news);
    const put = lastWrite("PUT");
    expect(put.path).toBe(`/v3/${env.emu.projectId}/elb/healthmonitors/${id}`);
    expect(put.body).toEqual({ healthmonitor: wire });
    expect(env.emu.healthMonitor(id)).toMatchObject(wire);
    expect(properties).toMatchObject(change);
    expect((await env.server.diff(urn("u"), id, properties, news)).changes).toBe("none");
    await env.server.delete(urn("u"), id, properties);
  });

  test("an HTTP check switched to TCP keeps its path for when it switches back", async () => {
    const poolId = await newPool();
    const { id, outs } = await create("t", http(poolId, { urlPath: "/healthz" }));
    const { news } = await plan(id, outs, http(poolId, { type: "TCP", urlPath: "/healthz" }));
    const { properties } = await env.server.update(urn("t"), id, outs, news);
    expect(lastWrite("PUT").body).toEqual({ healthmonitor: { type: "TCP" } });
    expect(properties).toMatchObject({ type: "TCP", urlPath: "/healthz" });
  });
});

test("a new poolId replaces the monitor (create first: the new pool is free); the same pool keeps it", async () => {
  const [a, b] = [await newPool(), await newPool()];
  const { id, outs } = await create("r", http(a));
  const { diff } = await plan(id, outs, http(b));
  expect(diff).toEqual({ changes: "some", replaces: ["poolId"], deleteBeforeReplace: false });
  // the replacement, as the engine runs it: create on the new pool, then delete the old monitor
  const created = await create("r", http(b));
  await env.server.delete(urn("r"), id, outs);
  expect(env.emu.pool(a)?.healthmonitor_id).toBeNull();
  expect(env.emu.pool(b)?.healthmonitor_id).toBe(created.id);
});

test("preview with unknowns: no failures and no API call; an unknown poolId (a replaced pool) plans a replacement", async () => {
  const poolId = await newPool();
  const { id, outs } = await create("pv", http(poolId));
  const before = env.emu.requests.length;
  for (const field of ["poolId", "type", "delay", "timeout", "maxRetries", "maxRetriesDown", "monitorPort", "domainName", "urlPath"])
    expect([field, (await check(http(poolId, { [field]: UNKNOWN }))).failures]).toEqual([field, []]);
  const diff = (over: Props) => env.server.diff(urn("pv"), id, outs, { ...http(poolId, over), __provider: env.text("HealthMonitor") });
  expect(await diff({ poolId: UNKNOWN })).toEqual({ changes: "some", replaces: ["poolId"], deleteBeforeReplace: false });
  expect(await diff({ delay: UNKNOWN })).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  expect(env.emu.requests.length).toBe(before);
});

describe("check refuses at preview, naming the property, with no request sent", () => {
  const cases: [string, Props, string, RegExp][] = [
    ["delay above 50", { delay: 51 }, "delay", /between 1 and 50/],
    ["timeout 0", { timeout: 0 }, "timeout", /between 1 and 50/],
    ["maxRetries above 10", { maxRetries: 11 }, "maxRetries", /between 1 and 10/],
    ["maxRetriesDown 0", { maxRetriesDown: 0 }, "maxRetriesDown", /between 1 and 10/],
    ["monitorPort 0", { monitorPort: 0 }, "monitorPort", /between 1 and 65535/],
    ["urlPath without /", { urlPath: "healthz" }, "urlPath", /must start with \//],
    ["domainName starting with -", { domainName: "-bad" }, "domainName", /starting with a letter or digit/],
    ['domainName ""', { domainName: "" }, "domainName", /starting with a letter or digit/],
    ["type PING", { type: "PING" }, "type", /TCP.*UDP_CONNECT.*HTTP.*HTTPS/],
    ["httpMethod PUT", { httpMethod: "PUT" }, "httpMethod", /GET.*HEAD.*POST/],
    ["a typo", { urlPth: "/" }, "urlPth", /did you mean urlPath/],
    ["poolId missing", { poolId: undefined }, "poolId", /required/],
  ];
  test.each(cases)("%s", async (_c, over, property, reason) => {
    const before = env.emu.requests.length;
    const inputs = http("p-1", over);
    for (const k of Object.keys(inputs)) if (inputs[k] === undefined) delete inputs[k];
    expect((await check(inputs)).failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
    expect(env.emu.requests.length).toBe(before);
  });

  test("what the API only recommends or ignores passes: timeout above delay, urlPath on a TCP check", async () => {
    expect((await check(http("p-1", { timeout: 10, delay: 5 }))).failures).toEqual([]);
    expect((await check(http("p-1", { type: "TCP", urlPath: "/x", domainName: "a.b", httpMethod: "GET" }))).failures).toEqual([]);
  });
});

describe("refresh", () => {
  test("drift is read back (inputs shaped like the program's) and repaired with one PUT", async () => {
    const poolId = await newPool();
    const inputs = http(poolId, { urlPath: "/healthz" });
    const { id, outs, news } = await create("rf", inputs);
    env.emu.outOfBand.updateHealthMonitor(id, { delay: 30, url_path: "/console" });
    const read = await env.server.read(urn("rf"), id, outs, news);
    expect(read.properties).toMatchObject({ delay: 30, urlPath: "/console", poolId });
    const keys = (o: Props) =>
      Object.keys(o)
        .filter((k) => !k.startsWith("__")) // engine-side keys: the provider text, the autoname's marker
        .sort();
    expect(keys(read.inputs!)).toEqual(keys(news));
    const { diff, news: again } = await plan(id, read.properties, inputs);
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    await env.server.update(urn("rf"), id, read.properties, again);
    expect(lastWrite("PUT").body).toEqual({ healthmonitor: { delay: 5, url_path: "/healthz" } });
    expect(env.emu.healthMonitor(id)).toMatchObject({ delay: 5, url_path: "/healthz" });
  });

  test("a monitor deleted out of band, or with its pool, reads as gone", async () => {
    const poolId = await newPool();
    const { id, outs, news } = await create("g", http(poolId));
    env.emu.outOfBand.deleteHealthMonitor(id);
    expect((await env.server.read(urn("g"), id, outs, news)).id).toBe("");
    const second = await create("g2", http(poolId));
    env.emu.outOfBand.deletePool(poolId);
    expect((await env.server.read(urn("g2"), second.id, second.outs, second.news)).id).toBe("");
  });
});

describe("the pool decides the type (the API refuses, not check): the error names type and the pool's protocol", () => {
  test("UDP_CONNECT on an HTTP pool: create refused, nothing created", async () => {
    const poolId = await newPool("HTTP");
    const news = (await check(http(poolId, { type: "UDP_CONNECT" }))).inputs;
    await expect(env.server.create(urn("x"), news)).rejects.toThrow(/type: UDP_CONNECT .*protocol is HTTP.*TCP, HTTP, HTTPS/);
    expect(env.emu.records().healthmonitors).toBe(0);
  });

  test("TCP on a UDP pool; and an update to HTTP on a UDP pool", async () => {
    const poolId = await newPool("UDP");
    const news = (await check(http(poolId, { type: "TCP" }))).inputs;
    await expect(env.server.create(urn("x"), news)).rejects.toThrow(/type: TCP .*protocol is UDP.*UDP_CONNECT/);
    const { id, outs } = await create("udp", http(poolId, { type: "UDP_CONNECT" }));
    const { news: changed } = await plan(id, outs, http(poolId, { type: "HTTP" }));
    await expect(env.server.update(urn("udp"), id, outs, changed)).rejects.toThrow(/type: HTTP .*protocol is UDP/);
    expect(env.emu.healthMonitor(id)?.type).toBe("UDP_CONNECT");
  });

  test("another 400 is passed on as the API said it", async () => {
    const poolId = await newPool("HTTP");
    env.emu.faults.inject({ method: "POST", path: /\/healthmonitors$/, status: 400, times: 1 });
    const news = (await check(http(poolId))).inputs;
    await expect(env.server.create(urn("x"), news)).rejects.toThrow(/400/);
    env.emu.faults.clear();
  });
});

test("a pool holds one monitor: a second one is refused with the API's 409", async () => {
  const poolId = await newPool();
  await create("one", http(poolId));
  const news = (await check(http(poolId))).inputs;
  await expect(env.server.create(urn("two"), news)).rejects.toThrow(/409 ELB\.8907/);
});
