/**
 * Active/standby (master-slave) and legacy v2 pool routes over real HTTP (SDK-signed): the seeds'
 * example requests are accepted and answered in the documented shape; the documented rules are
 * enforced with ELB.8902 naming the field; a listener holds one pool of any kind.
 */
import { FIXTURE_IDS } from "../../emulator";
import { masterSlaveExample, v2Examples } from "../fixtures/seed-examples";
import { type Answer, listenerOf, signedCall, useEmulator } from "./helpers";

const env = useEmulator();

const ms = {
  create: (pool: unknown) => env.api.call("POST", "/master-slave-pools", { pool }),
  get: (id: string) => env.api.call("GET", `/master-slave-pools/${id}`),
  del: (id: string) => env.api.call("DELETE", `/master-slave-pools/${id}`),
  list: (query?: Record<string, string>) => env.api.call("GET", "/master-slave-pools", undefined, query),
};
const v2 = {
  call: (method: string, path: string, body?: unknown, query?: Record<string, string>) =>
    signedCall(env.emu.url, { method, path: `/v2/${env.emu.projectId}/elb${path}`, body, query, projectId: env.emu.projectId }),
  create: (pool: unknown) => v2.call("POST", "/pools", { pool }),
};

/** Every key of the example with a value of the same JSON type (an example null allows anything). */
function sameShape(actual: unknown, example: unknown, path = "$"): string[] {
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  if (example === null) return [];
  if (kind(actual) !== kind(example)) return [`${path}: ${kind(actual)}, the example has ${kind(example)}`];
  if (Array.isArray(example)) {
    const items = actual as unknown[];
    return example.length ? items.flatMap((a, i) => sameShape(a, example[Math.min(i, example.length - 1)], `${path}[${i}]`)) : [];
  }
  if (kind(example) !== "object") return [];
  const a = actual as Record<string, unknown>;
  return Object.entries(example as Record<string, unknown>).flatMap(([k, v]) =>
    k in a ? sameShape(a[k], v, `${path}.${k}`) : [`${path}.${k}: missing`],
  );
}

const msBody = (over: Record<string, unknown> = {}) => ({ ...structuredClone(masterSlaveExample.request.pool), ...over });

describe("master-slave pools", () => {
  test("seeds 000/003: the example request is accepted; the answer has the example's keys and types", async () => {
    const res = await ms.create(masterSlaveExample.request.pool);
    expect(res.status).toBe(201);
    expect(res.body.request_id).toBe(res.headers["x-request-id"]);
    const pool = res.body.pool;
    expect(sameShape(res.body, masterSlaveExample.response)).toEqual([]);
    // extra keys only those the response tables document beyond the example
    const extra = (a: object, e: object) =>
      Object.keys(a)
        .filter((k) => !(k in e))
        .sort();
    expect(extra(pool, masterSlaveExample.response.pool)).toEqual(["any_port_enable", "connection_drain", "enterprise_project_id"]);
    for (const m of pool.members) expect(extra(m, masterSlaveExample.response.pool.members[0]!)).toEqual([]);
    expect(extra(pool.healthmonitor, masterSlaveExample.response.pool.healthmonitor)).toEqual([]);
    // values follow the request
    expect(pool.listeners).toEqual([{ id: FIXTURE_IDS.listenerSeedTcp }]);
    expect(pool.loadbalancers).toEqual(masterSlaveExample.response.pool.loadbalancers); // the example's LB is the fixture's
    expect(pool.members.map((m) => [m.role, m.address, m.protocol_port, m.name])).toEqual([
      ["master", "120.10.10.16", 89, "My member"],
      ["slave", "110.4.10.16", 89, ""],
    ]);
    expect(pool.members[0].status).toEqual([{ listener_id: FIXTURE_IDS.listenerSeedTcp, operating_status: "OFFLINE" }]);
    expect(pool.healthmonitor).toMatchObject({
      name: "My Healthmonitor",
      type: "HTTP",
      delay: 1,
      timeout: 30,
      max_retries: 3,
      max_retries_down: 3,
      monitor_port: null,
      url_path: "/",
    });
    expect(pool.connection_drain).toEqual({ enable: false, timeout: 300 });

    const shown = await ms.get(pool.id);
    expect(shown.status).toBe(200);
    expect(shown.body.pool).toEqual(pool);
    const listed = await ms.list({ name: "My pool" });
    expect(listed.body.pools.map((p) => p.id)).toEqual([pool.id]);
    expect(listed.body.page_info).toEqual({ current_count: 1, previous_marker: pool.id });
    // a master-slave pool is not a v3 pool
    expect((await env.api.getPool(pool.id)).status).toBe(404);
    expect((await env.api.listPools()).body.pools).toEqual([]);
  });

  test("seed 003: connection_drain and any_port_enable are accepted and echoed", async () => {
    const members = msBody().members.map(({ protocol_port: _p, ...m }: Record<string, unknown>) => m);
    const res = await ms.create(msBody({ connection_drain: { enable: true, timeout: 60 }, any_port_enable: true, members }));
    expect(res.status).toBe(201);
    expect(res.body.pool).toMatchObject({ connection_drain: { enable: true, timeout: 60 }, any_port_enable: true });
    expect(res.body.pool.members.map((m) => m.protocol_port)).toEqual([null, null]);
  });

  test("there is no update API: a PUT gets the API gateway's answer", async () => {
    const { body } = await ms.create(msBody());
    const res = await env.api.call("PUT", `/master-slave-pools/${body.pool.id}`, { pool: { name: "x" } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error_code: "APIGW.0101", error_msg: expect.stringMatching(/API does not exist/) });
  });

  test("delete removes the pool, its two members and its health check, and frees the listener", async () => {
    const before = env.emu.records();
    const { body } = await ms.create(msBody());
    expect(env.emu.records()).toEqual({ members: before.members + 2, healthmonitors: before.healthmonitors + 1 });
    const res = await ms.del(body.pool.id);
    expect(res.status).toBe(204);
    expect(env.emu.records()).toEqual(before);
    expect(env.emu.masterSlavePool(body.pool.id)).toBeUndefined();
    const again = await ms.del(body.pool.id);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error_code: "ELB.8904", error_msg: `pool ${body.pool.id} could not be found.` });
    expect(
      (await env.api.createPool({ protocol: "TCP", lb_algorithm: "ROUND_ROBIN", listener_id: FIXTURE_IDS.listenerSeedTcp })).status,
    ).toBe(201);
  });

  const hm = (over: Record<string, unknown>) => ({ ...msBody().healthmonitor, ...over });
  const member = (i: number, over: Record<string, unknown>) => msBody().members.map((m, j) => (j === i ? { ...m, ...over } : m));
  test.each<[string, string, Record<string, unknown>]>([
    ["three members", "members", { members: [...msBody().members, { address: "10.0.0.9", protocol_port: 1, role: "slave" }] }],
    ["two masters", "members", { members: member(1, { role: "master" }) }],
    ["a role that is neither", "members[1].role", { members: member(1, { role: "backup" }) }],
    ["no health check", "healthmonitor", { healthmonitor: undefined }],
    ["delay 51", "healthmonitor.delay", { healthmonitor: hm({ delay: 51 }) }],
    ["max_retries 0", "healthmonitor.max_retries", { healthmonitor: hm({ max_retries: 0 }) }],
    ["max_retries_down 11", "healthmonitor.max_retries_down", { healthmonitor: hm({ max_retries_down: 11 }) }],
    ["monitor_port 65536", "healthmonitor.monitor_port", { healthmonitor: hm({ monitor_port: 65536 }) }],
    ["health check type PING", "healthmonitor.type", { healthmonitor: hm({ type: "PING" }) }],
    ["url_path without /", "healthmonitor.url_path", { healthmonitor: hm({ url_path: "health" }) }],
    ["domain_name starting with -", "healthmonitor.domain_name", { healthmonitor: hm({ domain_name: "-x.com" }) }],
    ["protocol HTTP", "protocol", { protocol: "HTTP" }],
    ["no type", "type", { type: undefined }],
    ["no protocol_port without any-port", "members[0].protocol_port", { members: member(0, { protocol_port: undefined }) }],
    ["cookie_name with SOURCE_IP", "session_persistence.cookie_name", { session_persistence: { type: "SOURCE_IP", cookie_name: "c" } }],
    [
      "any_port_enable on TLS",
      "any_port_enable",
      { protocol: "TLS", any_port_enable: true, listener_id: undefined, loadbalancer_id: FIXTURE_IDS.lbMain },
    ],
    [
      "connection_drain on TLS",
      "connection_drain",
      { protocol: "TLS", connection_drain: { enable: true, timeout: 10 }, listener_id: undefined, loadbalancer_id: FIXTURE_IDS.lbMain },
    ],
    ["another project", "project_id", { project_id: "ffffffffffffffffffffffffffffffff" }],
    ["no listener, load balancer or type", "listener_id", { listener_id: undefined, type: "" }],
    ["an unknown field", "weight", { weight: 1 }],
  ])("%s: 400 ELB.8902 naming %s", async (_c, field, over) => {
    const body: Record<string, unknown> = msBody(over);
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const res = await ms.create(body);
    expect([res.status, res.body.error_code]).toEqual([400, "ELB.8902"]);
    expect(res.body.error_msg).toContain(`field/attribute ${field}.`);
    expect(env.emu.masterSlavePools()).toEqual([]);
  });
});

describe("one pool per listener, whatever the kind", () => {
  const tcp = FIXTURE_IDS.listenerSeedTcp;
  const v3 = () => env.api.createPool({ protocol: "TCP", lb_algorithm: "ROUND_ROBIN", listener_id: tcp });
  const master = () => ms.create(msBody());
  const legacy = () => v2.create({ protocol: "TCP", lb_algorithm: "ROUND_ROBIN", listener_id: tcp });
  const create: Record<string, () => Promise<Answer>> = { "master-slave": master, v3, v2: legacy };
  test.each([
    ["master-slave", "v3"],
    ["master-slave", "v2"],
    ["v3", "master-slave"],
    ["v2", "master-slave"],
    ["v2", "v3"],
    ["master-slave", "master-slave"],
  ])("a listener holding a %s pool refuses a %s pool with 409 ELB.8907", async (a, b) => {
    const [first, second] = [create[a]!, create[b]!];
    expect((await first()).status).toBe(201);
    const res = await second();
    expect([res.status, res.body.error_code]).toEqual([409, "ELB.8907"]);
  });
});

describe("legacy v2 pools", () => {
  test.each(v2Examples.map((e, i) => [i + 1, e] as const))(
    "seed 001 example %i is accepted; the answer has its keys and types, and no request_id",
    async (_i, example) => {
      const res = await v2.create(example.request.pool);
      expect(res.status).toBe(201);
      expect(res.headers["x-request-id"]).toEqual(expect.any(String));
      expect(Object.keys(res.body)).toEqual(["pool"]);
      expect(sameShape(res.body, example.response)).toEqual([]);
      const pool = res.body.pool;
      // extra keys only the two the response table documents beyond the examples
      expect(
        Object.keys(pool)
          .filter((k) => !(k in example.response.pool))
          .sort(),
      ).toEqual(["protection_reason", "protection_status"]);
      expect(pool.session_persistence).toEqual(example.response.pool.session_persistence);
      expect(pool.loadbalancers).toEqual([{ id: example.request.pool.loadbalancer_id }]);
      expect([pool.tenant_id, pool.project_id]).toEqual([env.emu.projectId, env.emu.projectId]);
      expect(pool.healthmonitor_id).toBeNull();
      expect(env.emu.v2Pool(pool.id)).toEqual(pool);
    },
  );

  test("show, update the updatable fields, list without page_info, delete", async () => {
    const { body } = await v2.create({ ...v2Examples[0]!.request.pool, name: "legacy" });
    const id = body.pool.id;
    const shown = await v2.call("GET", `/pools/${id}`);
    expect([shown.status, shown.body]).toEqual([200, { pool: body.pool }]);
    const change = {
      lb_algorithm: "LEAST_CONNECTIONS",
      name: "legacy2",
      description: "d",
      admin_state_up: false,
      session_persistence: { type: "APP_COOKIE", cookie_name: "sid" },
      protection_status: "consoleProtection",
      protection_reason: "prod",
    };
    const put = await v2.call("PUT", `/pools/${id}`, { pool: change });
    expect(put.status).toBe(200);
    expect(put.body.pool).toMatchObject({
      ...change,
      session_persistence: { type: "APP_COOKIE", cookie_name: "sid", persistence_timeout: null },
    });
    expect(put.body.request_id).toBeUndefined();
    const off = await v2.call("PUT", `/pools/${id}`, { pool: { session_persistence: null } });
    expect(off.body.pool.session_persistence).toBeNull();
    for (const field of ["protocol", "loadbalancer_id", "listener_id", "tenant_id"]) {
      const res = await v2.call("PUT", `/pools/${id}`, { pool: { [field]: "TCP" } });
      expect([field, res.status, res.body.error_msg]).toEqual([field, 400, expect.stringContaining(`field/attribute ${field}.`)]);
    }
    const listed = await v2.call("GET", "/pools", undefined, { name: "legacy2" });
    expect(listed.body).toEqual({ pools: [(await v2.call("GET", `/pools/${id}`)).body.pool] });
    expect((await v2.call("DELETE", `/pools/${id}`)).status).toBe(204);
    const gone = await v2.call("GET", `/pools/${id}`);
    expect([gone.status, gone.body.error_code]).toEqual([404, "ELB.8904"]);
    // a v2 pool is not a v3 pool, and the other way round
    const v3 = await env.api.createPool({ protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", loadbalancer_id: FIXTURE_IDS.lbMain });
    expect((await v2.call("GET", `/pools/${v3.body.pool.id}`)).status).toBe(404);
  });

  const base = { protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", loadbalancer_id: FIXTURE_IDS.lbShared };
  test.each<[string, string, Record<string, unknown>]>([
    ["tenant_id of another project", "tenant_id", { tenant_id: "ffffffffffffffffffffffffffffffff" }],
    ["cookie_name with HTTP_COOKIE", "session_persistence.cookie_name", { session_persistence: { type: "HTTP_COOKIE", cookie_name: "c" } }],
    ["APP_COOKIE without cookie_name", "session_persistence.cookie_name", { session_persistence: { type: "APP_COOKIE" } }],
    [
      "a cookie_name of 65 characters",
      "session_persistence.cookie_name",
      { session_persistence: { type: "APP_COOKIE", cookie_name: "c".repeat(65) } },
    ],
    ["a cookie_name with a dot", "session_persistence.cookie_name", { session_persistence: { type: "APP_COOKIE", cookie_name: "a.b" } }],
    ["protocol HTTPS", "protocol", { protocol: "HTTPS" }],
    ["lb_algorithm QUIC_CID", "lb_algorithm", { lb_algorithm: "QUIC_CID" }],
    ["a name of 256 characters", "name", { name: "n".repeat(256) }],
    ["neither listener nor load balancer", "listener_id", { loadbalancer_id: undefined }],
    ["a v3-only field", "type", { type: "ip" }],
  ])("%s: 400 ELB.8902 naming %s", async (_c, field, over) => {
    const body: Record<string, unknown> = { ...base, ...over };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const res = await v2.create(body);
    expect([res.status, res.body.error_code]).toEqual([400, "ELB.8902"]);
    expect(res.body.error_msg).toContain(`field/attribute ${field}.`);
    expect(env.emu.v2Pools()).toEqual([]);
  });

  test("the listener/pool protocol table's v2 column: TLS and QUIC listeners forward to no v2 pool (v3 pools are fine)", async () => {
    for (const [listenerProtocol, protocol] of [
      ["TLS", "TCP"],
      ["QUIC", "UDP"],
    ] as const) {
      const listener_id = listenerOf(env.emu, listenerProtocol);
      const legacy = await v2.create({ protocol, lb_algorithm: "ROUND_ROBIN", listener_id });
      expect([legacy.status, legacy.body.error_msg]).toEqual([400, expect.stringContaining("field/attribute protocol.")]);
      expect((await env.api.createPool({ protocol, lb_algorithm: "ROUND_ROBIN", listener_id })).status).toBe(201);
    }
  });

  test("a stickiness timeout is checked against the protocol's range, however large", async () => {
    const res = await v2.create({ ...base, session_persistence: { type: "HTTP_COOKIE", persistence_timeout: 1e20 } });
    expect([res.status, res.body.error_msg]).toEqual([
      400,
      expect.stringContaining(
        "field/attribute session_persistence.persistence_timeout. Value: 100000000000000000000. Must be between 1 and 1440 minutes",
      ),
    ]);
  });

  test("a v2 pool on an HTTP listener of a shared load balancer", async () => {
    const listener = env.emu.fixtures.listeners.find((l) => l.loadbalancerId === FIXTURE_IDS.lbShared && l.protocol === "HTTP")!.id;
    const res = await v2.create({ protocol: "HTTP", lb_algorithm: "SOURCE_IP", listener_id: listener });
    expect(res.status).toBe(201);
    expect(res.body.pool).toMatchObject({ listeners: [{ id: listener }], loadbalancers: [{ id: FIXTURE_IDS.lbShared }] });
    const tcp = await v2.create({ protocol: "TCP", lb_algorithm: "SOURCE_IP", listener_id: listenerOf(env.emu, "HTTP", 1) });
    expect([tcp.status, tcp.body.error_msg]).toEqual([400, expect.stringContaining("field/attribute protocol.")]);
  });
});
