/**
 * v3 pool routes and rules over real HTTP (SDK-signed), plus the load balancer / listener fixtures.
 */
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { type WireBody, type WirePool, elb, listenerOf, send, signedCall } from "./helpers";

let emu: Emulator;
let api: ReturnType<typeof elb>;
let LB: string;
let LB2: string;
let GW: string;

beforeAll(async () => {
  emu = await startEmulator();
  api = elb(emu);
  [LB, LB2, GW] = emu.fixtures.loadbalancers.map((l) => l.id) as [string, string, string];
});
afterAll(() => emu.close());
afterEach(async () => {
  // keep every test independent: remove what it created (also frees listeners)
  for (const p of emu.pools()) emu.outOfBand.deletePool(p.id);
  for (const lb of emu.fixtures.loadbalancers) emu.outOfBand.setLoadBalancerStatus(lb.id, "ACTIVE");
  emu.faults.clear();
});

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function created(pool: Record<string, unknown>): Promise<WirePool> {
  const res = await api.createPool(pool);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body.pool;
}

describe("create / show / update / delete", () => {
  test("create answers 201 {request_id, pool} with every documented key and the defaults", async () => {
    const listener = listenerOf(emu, "HTTP");
    const res = await api.createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "HTTP", listener_id: listener, name: "web" });
    expect(res.status).toBe(201);
    expect(res.body.request_id).toBe(res.headers["x-request-id"]);
    const pool = res.body.pool;
    expect(pool).toEqual({
      id: expect.stringMatching(UUID),
      name: "web",
      description: "",
      lb_algorithm: "ROUND_ROBIN",
      protocol: "HTTP",
      type: "",
      vpc_id: "",
      admin_state_up: true,
      ip_version: "v4",
      session_persistence: null,
      slow_start: { enable: false, duration: 30 },
      member_deletion_protection_enable: false,
      protection_status: "nonProtection",
      protection_reason: "",
      any_port_enable: false,
      connection_drain: null,
      pool_health: { minimum_healthy_member_count: 0 },
      quic_cid_hash_strategy: null,
      az_affinity: null,
      public_border_group: "center",
      enterprise_project_id: "0",
      healthmonitor_id: null,
      listeners: [{ id: listener }],
      loadbalancers: [{ id: LB }], // derived from the listener
      members: [],
      project_id: emu.projectId,
      created_at: expect.stringMatching(TIME),
      updated_at: expect.stringMatching(TIME),
    });
    expect(emu.pool(pool.id)).toEqual(pool);

    const shown = await api.getPool(pool.id);
    expect(shown.status).toBe(200);
    expect(shown.body.pool).toEqual(pool);
  });

  test("TCP defaults: connection_drain on, slow_start null; session persistence timeouts default by protocol", async () => {
    const tcp = await created({
      lb_algorithm: "SOURCE_IP",
      protocol: "TCP",
      loadbalancer_id: LB,
      session_persistence: { type: "SOURCE_IP" },
    });
    expect(tcp.slow_start).toBeNull();
    expect(tcp.connection_drain).toEqual({ enable: false, timeout: 300 });
    expect(tcp.session_persistence).toEqual({ type: "SOURCE_IP", cookie_name: null, persistence_timeout: 1 });
    expect(tcp.listeners).toEqual([]);
    const http = await created({
      lb_algorithm: "ROUND_ROBIN",
      protocol: "HTTP",
      loadbalancer_id: LB,
      session_persistence: { type: "HTTP_COOKIE" },
    });
    expect(http.session_persistence).toEqual({ type: "HTTP_COOKIE", cookie_name: null, persistence_timeout: 1440 });
  });

  test("update changes the updatable fields and returns the pool; show agrees", async () => {
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "HTTP", loadbalancer_id: LB });
    const res = await api.updatePool(pool.id, {
      name: "renamed",
      description: "d",
      lb_algorithm: "LEAST_CONNECTIONS",
      session_persistence: { type: "APP_COOKIE", cookie_name: "my.cookie-1_x" },
      slow_start: { enable: true, duration: 60 },
      member_deletion_protection_enable: true,
      protection_status: "consoleProtection",
      protection_reason: "held by ops",
      pool_health: { minimum_healthy_member_count: 1 },
      admin_state_up: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.pool).toMatchObject({
      id: pool.id,
      name: "renamed",
      description: "d",
      lb_algorithm: "LEAST_CONNECTIONS",
      session_persistence: { type: "APP_COOKIE", cookie_name: "my.cookie-1_x", persistence_timeout: null },
      slow_start: { enable: true, duration: 60 },
      member_deletion_protection_enable: true,
      protection_status: "consoleProtection",
      protection_reason: "held by ops",
      pool_health: { minimum_healthy_member_count: 1 },
      created_at: pool.created_at,
    });
    expect((await api.getPool(pool.id)).body.pool).toEqual(res.body.pool);

    const off = await api.updatePool(pool.id, { session_persistence: null });
    expect(off.body.pool.session_persistence).toBeNull();
    expect(off.body.pool.name).toBe("renamed");
  });

  test("seed 004: the documented update request gets the documented response shape", async () => {
    const listener = listenerOf(emu, "TCP");
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", listener_id: listener, ip_version: "dualstack" });
    const res = await signedCall(emu.url, {
      method: "PUT",
      path: `/v3/${emu.projectId}/elb/pools/${pool.id}`,
      body: { pool: { name: "My pool.", description: "My pool update", lb_algorithm: "LEAST_CONNECTIONS" } },
      projectId: emu.projectId,
    });
    expect(res.status).toBe(200);
    // the response example of seed 004, ids and project replaced by this emulator's
    const example = {
      pool: {
        type: "",
        vpc_id: "",
        lb_algorithm: "LEAST_CONNECTIONS",
        protocol: "TCP",
        description: "My pool update",
        admin_state_up: true,
        member_deletion_protection_enable: false,
        loadbalancers: [{ id: LB }],
        project_id: emu.projectId,
        session_persistence: null,
        healthmonitor_id: null,
        listeners: [{ id: listener }],
        members: [],
        id: pool.id,
        name: "My pool.",
        ip_version: "dualstack",
      },
      request_id: res.headers["x-request-id"],
    };
    expect(res.body).toMatchObject(example);
    expect(Object.keys(res.body).sort()).toEqual(["pool", "request_id"]);
  });

  test("delete answers 204 with an empty body, then 404 ELB.8904", async () => {
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    const res = await api.deletePool(pool.id);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(res.headers["x-request-id"]).toEqual(expect.any(String));
    expect(emu.pool(pool.id)).toBeUndefined();
    for (const again of [await api.deletePool(pool.id), await api.getPool(pool.id), await api.updatePool(pool.id, { name: "x" })]) {
      expect(again.status).toBe(404);
      expect(again.body).toEqual({
        error_msg: `pool ${pool.id} could not be found.`,
        error_code: "ELB.8904",
        request_id: again.headers["x-request-id"],
      });
    }
  });

  test("a health monitor blocks plain delete with 409; delete-cascade removes both", async () => {
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    const hm = emu.outOfBand.attachHealthMonitor(pool.id);
    expect((await api.getPool(pool.id)).body.pool.healthmonitor_id).toBe(hm);
    const refused = await api.deletePool(pool.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error_code).toBe("ELB.8907");
    expect(refused.body.error_msg).toContain(hm);
    expect(emu.pool(pool.id)).toBeDefined();
    const cascade = await api.cascade(pool.id);
    expect(cascade.status).toBe(204);
    expect(emu.pool(pool.id)).toBeUndefined();
    expect((await api.cascade(pool.id)).status).toBe(404);
  });
});

describe("create rules: 400 ELB.8902 naming the field (unless noted)", () => {
  const base = () => ({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
  const http = () => ({ lb_algorithm: "ROUND_ROBIN", protocol: "HTTP", loadbalancer_id: LB });
  const without = (o: Record<string, unknown>, k: string) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== k));
  type Case = [string, () => Record<string, unknown>, string, number?, string?];
  const cases: Case[] = [
    ["lb_algorithm missing", () => without(base(), "lb_algorithm"), "lb_algorithm"],
    ["protocol missing", () => without(base(), "protocol"), "protocol"],
    ["lb_algorithm not in the enum", () => ({ ...base(), lb_algorithm: "RANDOM" }), "lb_algorithm"],
    ["protocol not in the enum", () => ({ ...base(), protocol: "SCTP" }), "protocol"],
    ["QUIC_CID on a TCP pool", () => ({ ...base(), lb_algorithm: "QUIC_CID" }), "lb_algorithm"],
    ["5_TUPLE_HASH on a TCP pool", () => ({ ...base(), lb_algorithm: "5_TUPLE_HASH" }), "lb_algorithm"],
    ["none of listener_id, loadbalancer_id, type", () => without(base(), "loadbalancer_id"), "listener_id"],
    [
      "unknown listener",
      () => ({ ...without(base(), "loadbalancer_id"), listener_id: "nope" }),
      "listener nope could not be found.",
      404,
      "ELB.8904",
    ],
    ["unknown load balancer", () => ({ ...base(), loadbalancer_id: "nope" }), "loadbalancer nope could not be found.", 404, "ELB.8904"],
    ["listener of another load balancer", () => ({ ...base(), loadbalancer_id: LB2, listener_id: listenerOf(emu, "TCP") }), "listener_id"],
    ["HTTP pool on a TCP listener", () => ({ ...http(), loadbalancer_id: undefined, listener_id: listenerOf(emu, "TCP") }), "protocol"],
    ["TCP pool on an HTTP listener", () => ({ ...without(base(), "loadbalancer_id"), listener_id: listenerOf(emu, "HTTP") }), "protocol"],
    ["type instance without vpc_id", () => ({ ...base(), type: "instance" }), "vpc_id"],
    ["type ip with vpc_id", () => ({ ...base(), type: "ip", vpc_id: FIXTURE_IDS.vpc }), "vpc_id"],
    ["type ip with protocol IP", () => ({ ...base(), loadbalancer_id: GW, protocol: "IP", type: "ip" }), "type"],
    ["protocol IP without vpc_id", () => ({ ...base(), loadbalancer_id: GW, protocol: "IP" }), "vpc_id"],
    ["unknown vpc_id", () => ({ ...base(), vpc_id: "no-such-vpc" }), "vpc_id"],
    ["type not in the enum", () => ({ ...base(), type: "cross" }), "type"],
    ["name longer than 255", () => ({ ...base(), name: "n".repeat(256) }), "name"],
    ["description not a string", () => ({ ...base(), description: 5 }), "description"],
    ["admin_state_up false", () => ({ ...base(), admin_state_up: false }), "admin_state_up"],
    ["admin_state_up as a string", () => ({ ...base(), admin_state_up: "true" }), "admin_state_up"],
    ["ip_version v6", () => ({ ...base(), ip_version: "v6" }), "ip_version"],
    ["session_persistence.type unknown", () => ({ ...base(), session_persistence: { type: "COOKIE" } }), "session_persistence.type"],
    [
      "session_persistence without type",
      () => ({ ...base(), session_persistence: { persistence_timeout: 5 } }),
      "session_persistence.type",
    ],
    ["session_persistence not an object", () => ({ ...base(), session_persistence: "SOURCE_IP" }), "session_persistence"],
    [
      "cookie_name with HTTP_COOKIE",
      () => ({ ...http(), session_persistence: { type: "HTTP_COOKIE", cookie_name: "c" } }),
      "session_persistence.cookie_name",
    ],
    [
      "cookie_name with a bad character",
      () => ({ ...http(), session_persistence: { type: "APP_COOKIE", cookie_name: "a b" } }),
      "session_persistence.cookie_name",
    ],
    [
      "APP_COOKIE without cookie_name",
      () => ({ ...http(), session_persistence: { type: "APP_COOKIE" } }),
      "session_persistence.cookie_name",
    ],
    [
      "persistence_timeout 61 on TCP",
      () => ({ ...base(), session_persistence: { type: "SOURCE_IP", persistence_timeout: 61 } }),
      "session_persistence.persistence_timeout",
    ],
    [
      "persistence_timeout 0",
      () => ({ ...base(), session_persistence: { type: "SOURCE_IP", persistence_timeout: 0 } }),
      "session_persistence.persistence_timeout",
    ],
    [
      "persistence_timeout 1441 on HTTP",
      () => ({ ...http(), session_persistence: { type: "HTTP_COOKIE", persistence_timeout: 1441 } }),
      "session_persistence.persistence_timeout",
    ],
    [
      "persistence_timeout not an integer",
      () => ({ ...base(), session_persistence: { type: "SOURCE_IP", persistence_timeout: 1.5 } }),
      "session_persistence.persistence_timeout",
    ],
    ["QUIC pool without session_persistence", () => ({ ...base(), protocol: "QUIC" }), "session_persistence"],
    [
      "QUIC pool with HTTP_COOKIE",
      () => ({ ...base(), protocol: "QUIC", session_persistence: { type: "HTTP_COOKIE" } }),
      "session_persistence",
    ],
    ["slow_start on a TCP pool", () => ({ ...base(), slow_start: { enable: true, duration: 30 } }), "slow_start"],
    ["slow_start duration 29", () => ({ ...http(), slow_start: { enable: true, duration: 29 } }), "slow_start.duration"],
    ["slow_start duration 1201", () => ({ ...http(), slow_start: { enable: true, duration: 1201 } }), "slow_start.duration"],
    ["slow_start without enable", () => ({ ...http(), slow_start: { duration: 60 } }), "slow_start.enable"],
    [
      "member_deletion_protection_enable not a boolean",
      () => ({ ...base(), member_deletion_protection_enable: "yes" }),
      "member_deletion_protection_enable",
    ],
    ["protection_status unknown", () => ({ ...base(), protection_status: "locked" }), "protection_status"],
    ["protection_reason with <", () => ({ ...base(), protection_reason: "<b>" }), "protection_reason"],
    ["protection_reason longer than 255", () => ({ ...base(), protection_reason: "r".repeat(256) }), "protection_reason"],
    ["any_port_enable on HTTP", () => ({ ...http(), any_port_enable: true }), "any_port_enable"],
    ["connection_drain on HTTP", () => ({ ...http(), connection_drain: { enable: true, timeout: 60 } }), "connection_drain"],
    ["connection_drain timeout 9", () => ({ ...base(), connection_drain: { enable: true, timeout: 9 } }), "connection_drain.timeout"],
    ["connection_drain timeout 4001", () => ({ ...base(), connection_drain: { enable: true, timeout: 4001 } }), "connection_drain.timeout"],
    [
      "pool_health count 2",
      () => ({ ...base(), pool_health: { minimum_healthy_member_count: 2 } }),
      "pool_health.minimum_healthy_member_count",
    ],
    ["quic_cid_hash_strategy.len 21", () => ({ ...base(), quic_cid_hash_strategy: { len: 21, offset: 0 } }), "quic_cid_hash_strategy.len"],
    [
      "quic_cid_hash_strategy.offset 20",
      () => ({ ...base(), quic_cid_hash_strategy: { len: 3, offset: 20 } }),
      "quic_cid_hash_strategy.offset",
    ],
    [
      "az_affinity on HTTP",
      () => ({ ...http(), az_affinity: { enable: true, az_minimum_healthy_member_percentage: 50 } }),
      "az_affinity.enable",
    ],
    ["az_affinity with both thresholds -1", () => ({ ...base(), az_affinity: { enable: true } }), "az_affinity"],
    [
      "az_affinity with both thresholds set",
      () => ({ ...base(), az_affinity: { enable: true, az_minimum_healthy_member_percentage: 50, az_minimum_healthy_member_count: 2 } }),
      "az_affinity",
    ],
    [
      "az_affinity fallback unknown",
      () => ({ ...base(), az_affinity: { enable: false, az_unhealthy_fallback_strategy: "drop" } }),
      "az_affinity.az_unhealthy_fallback_strategy",
    ],
    ["public_border_group not a string", () => ({ ...base(), public_border_group: 5 }), "public_border_group"],
    ["enterprise_project_id not a string", () => ({ ...base(), enterprise_project_id: 0 }), "enterprise_project_id"],
    ["unknown field", () => ({ ...base(), weight: 3 }), "weight"],
    ["unknown nested field", () => ({ ...base(), session_persistence: { type: "SOURCE_IP", ttl: 3 } }), "session_persistence.ttl"],
  ];

  test.each(cases)("%s", async (_name, body, field, status = 400, code = "ELB.8902") => {
    const res = await api.createPool(body());
    expect({ status: res.status, code: res.body?.error_code }).toEqual({ status, code });
    expect(res.body.error_msg).toContain(field);
    expect(emu.pools()).toHaveLength(0);
  });

  test("a body that is not {pool: {...}} or not JSON is 400", async () => {
    const noEnvelope = await api.call("POST", "/pools", { lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    expect(noEnvelope.status).toBe(400);
    expect(noEnvelope.body.error_msg).toContain("lb_algorithm");
    const empty = await api.call("POST", "/pools", {});
    expect(empty.status).toBe(400);
    expect(empty.body.error_msg).toContain("pool");

    const { sdkSign } = await import("./helpers");
    const path = `${api.base}/pools`;
    const headers = await sdkSign(emu.url, {
      method: "POST",
      path,
      headers: { "Content-Type": "text/plain" }, // UNSIGNED-PAYLOAD: the body is not part of the signature
      projectId: emu.projectId,
    });
    const notJson = await send(emu.url, "POST", path, headers, "{pool:");
    expect(notJson.status).toBe(400);
    expect(notJson.body.error_code).toBe("ELB.8902");
  });
});

describe("accepted combinations", () => {
  type Ok = [string, () => Record<string, unknown>, Record<string, unknown>];
  const cases: Ok[] = [
    [
      "QUIC pool on a QUIC listener with SOURCE_IP and QUIC_CID",
      () => ({
        lb_algorithm: "QUIC_CID",
        protocol: "QUIC",
        listener_id: listenerOf(emu, "QUIC"),
        session_persistence: { type: "SOURCE_IP", persistence_timeout: 60 },
      }),
      {
        quic_cid_hash_strategy: { len: 3, offset: 1 },
        session_persistence: { type: "SOURCE_IP", cookie_name: null, persistence_timeout: 60 },
      },
    ],
    [
      "QUIC pool on a UDP listener",
      () => ({
        lb_algorithm: "ROUND_ROBIN",
        protocol: "QUIC",
        listener_id: listenerOf(emu, "UDP"),
        session_persistence: { type: "SOURCE_IP" },
      }),
      {},
    ],
    [
      "HTTP pool on an HTTPS listener",
      () => ({ lb_algorithm: "ROUND_ROBIN", protocol: "HTTP", listener_id: listenerOf(emu, "HTTPS") }),
      {},
    ],
    ["TCP pool on a TLS listener", () => ({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", listener_id: listenerOf(emu, "TLS") }), {}],
    [
      "IP pool with vpc_id and 5_TUPLE_HASH on the gateway listener",
      () => ({
        lb_algorithm: "5_TUPLE_HASH",
        protocol: "IP",
        listener_id: listenerOf(emu, "IP", 0, 2),
        vpc_id: emu.fixtures.loadbalancers[2]!.vpcId,
      }),
      { loadbalancers: [{ id: FIXTURE_IDS.lbGateway }] },
    ],
    [
      "type instance with vpc_id and no load balancer",
      () => ({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", type: "instance", vpc_id: FIXTURE_IDS.vpc }),
      { loadbalancers: [], listeners: [], type: "instance" },
    ],
    [
      "both listener_id and its loadbalancer_id",
      () => ({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", listener_id: listenerOf(emu, "TCP"), loadbalancer_id: LB }),
      {},
    ],
    [
      "APP_COOKIE on HTTP, timeout ignored",
      () => ({
        lb_algorithm: "ROUND_ROBIN",
        protocol: "HTTP",
        loadbalancer_id: LB,
        session_persistence: { type: "APP_COOKIE", cookie_name: "JSESSIONID", persistence_timeout: 5000 },
      }),
      {},
    ],
    [
      "slow start on HTTPS at 1200 s",
      () => ({ lb_algorithm: "ROUND_ROBIN", protocol: "HTTPS", loadbalancer_id: LB, slow_start: { enable: true, duration: 1200 } }),
      { slow_start: { enable: true, duration: 1200 } },
    ],
    [
      "any_port_enable and connection_drain on UDP",
      () => ({
        lb_algorithm: "ROUND_ROBIN",
        protocol: "UDP",
        loadbalancer_id: LB,
        any_port_enable: true,
        connection_drain: { enable: true, timeout: 4000 },
      }),
      { any_port_enable: true, connection_drain: { enable: true, timeout: 4000 } },
    ],
    [
      "az_affinity on TCP with a percentage threshold",
      () => ({
        lb_algorithm: "ROUND_ROBIN",
        protocol: "TCP",
        loadbalancer_id: LB,
        az_affinity: { enable: true, az_minimum_healthy_member_percentage: 50 },
      }),
      {
        az_affinity: {
          enable: true,
          az_minimum_healthy_member_percentage: 50,
          az_minimum_healthy_member_count: -1,
          az_unhealthy_fallback_strategy: "forward_to_all_member_of_local_az",
        },
      },
    ],
    [
      "nulls count as absent",
      () => ({
        lb_algorithm: "ROUND_ROBIN",
        protocol: "TCP",
        loadbalancer_id: LB,
        description: null,
        session_persistence: null,
        name: null,
      }),
      { description: "", session_persistence: null },
    ],
    [
      "names and descriptions of 255 characters",
      () => ({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB, name: "n".repeat(255), description: "d".repeat(255) }),
      {},
    ],
  ];

  test.each(cases)("%s", async (_name, body, expected) => {
    const res = await api.createPool(body());
    expect(res.status).toBe(201);
    expect(res.body.pool).toMatchObject(expected);
  });
});

describe("update rules", () => {
  test("fields that are not updatable are refused by name", async () => {
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    for (const [field, value] of [
      ["protocol", "UDP"],
      ["listener_id", listenerOf(emu, "TCP")],
      ["loadbalancer_id", LB2],
      ["ip_version", "dualstack"],
      ["any_port_enable", true],
      ["public_border_group", "edge"],
      ["enterprise_project_id", "0"],
      ["members", []],
    ] as const) {
      const res = await api.updatePool(pool.id, { [field]: value });
      expect({ field, status: res.status, code: res.body.error_code }).toEqual({ field, status: 400, code: "ELB.8902" });
      expect(res.body.error_msg).toContain(field);
    }
  });

  test("the create rules hold after an update", async () => {
    const tcp = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    const quic = await created({
      lb_algorithm: "ROUND_ROBIN",
      protocol: "QUIC",
      listener_id: listenerOf(emu, "QUIC"),
      session_persistence: { type: "SOURCE_IP" },
    });
    for (const [id, body, field] of [
      [tcp.id, { slow_start: { enable: true, duration: 30 } }, "slow_start"],
      [tcp.id, { lb_algorithm: "QUIC_CID" }, "lb_algorithm"],
      [tcp.id, { admin_state_up: false }, "admin_state_up"],
      [tcp.id, { session_persistence: { type: "SOURCE_IP", persistence_timeout: 61 } }, "persistence_timeout"],
      [tcp.id, { name: "n".repeat(256) }, "name"],
      [quic.id, { session_persistence: null }, "session_persistence"],
    ] as const) {
      const res = await api.updatePool(id, body);
      expect(res.status).toBe(400);
      expect(res.body.error_msg).toContain(field);
    }
    expect((await api.updatePool(quic.id, { lb_algorithm: "QUIC_CID", quic_cid_hash_strategy: { len: 8, offset: 2 } })).status).toBe(200);
    expect(emu.pool(tcp.id)).toEqual(tcp);
  });

  test("vpc_id and type may only be updated while empty; type never back to empty", async () => {
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    expect(pool).toMatchObject({ type: "", vpc_id: "" });
    // type instance needs a vpc_id, in the same update or already set
    expect((await api.updatePool(pool.id, { type: "instance" })).body.error_msg).toContain("vpc_id");
    const set = await api.updatePool(pool.id, { vpc_id: FIXTURE_IDS.vpc });
    expect(set.status).toBe(200);
    expect(set.body.pool.vpc_id).toBe(FIXTURE_IDS.vpc);

    const again = await api.updatePool(pool.id, { vpc_id: FIXTURE_IDS.otherVpc });
    expect(again.status).toBe(400);
    expect(again.body.error_code).toBe("ELB.8902");
    expect(again.body.error_msg).toMatch(/vpc_id can only be updated while it is empty/);
    expect((await api.updatePool(pool.id, { vpc_id: FIXTURE_IDS.vpc })).status).toBe(400);

    // type ip forbids a vpc_id
    expect((await api.updatePool(pool.id, { type: "ip" })).body.error_msg).toContain("vpc_id");
    const typed = await api.updatePool(pool.id, { type: "instance" });
    expect(typed.status).toBe(200);
    expect(typed.body.pool.type).toBe("instance");
    for (const type of ["ip", "", "instance"]) {
      const res = await api.updatePool(pool.id, { type });
      expect(res.status).toBe(400);
      expect(res.body.error_msg).toMatch(/type can only be updated while it is empty/);
    }

    const ipPool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    expect((await api.updatePool(ipPool.id, { type: "ip" })).status).toBe(200);
    expect((await api.updatePool(ipPool.id, { vpc_id: FIXTURE_IDS.vpc })).body.error_msg).toContain("vpc_id");
  });

  test("while the load balancer is not ACTIVE: 409 ELB.8907 naming it; it recovers after n requests", async () => {
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    emu.outOfBand.setLoadBalancerStatus(LB, "PENDING_UPDATE", { revertAfterRequests: 2 });
    const first = await api.updatePool(pool.id, { name: "a" });
    expect(first.status).toBe(409);
    expect(first.body).toMatchObject({
      error_code: "ELB.8907",
      error_msg: `Load balancer ${LB} is not ACTIVE (provisioning_status PENDING_UPDATE); pool ${pool.id} cannot be updated.`,
    });
    expect((await api.updatePool(pool.id, { name: "a" })).status).toBe(409);
    const third = await api.updatePool(pool.id, { name: "a" });
    expect(third.status).toBe(200);
    expect(third.body.pool.name).toBe("a");

    emu.outOfBand.setLoadBalancerStatus(LB, "ERROR");
    const create = await api.createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    expect(create.status).toBe(409);
    expect(create.body.error_msg).toMatch(/not ACTIVE/);
    const del = await api.deletePool(pool.id);
    expect(del.status).toBe(409);
    expect(del.body.error_msg).toMatch(/not ACTIVE/);
    // a pool on another load balancer is unaffected
    expect((await api.createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB2 })).status).toBe(201);
    const lbView = await api.call("GET", `/loadbalancers/${LB}`);
    expect(lbView.body.loadbalancer.provisioning_status).toBe("ERROR");
  });
});

describe("listener binding", () => {
  test("a listener holds one pool (409 ELB.8907); load balancer and listener views reflect the binding", async () => {
    const listener = listenerOf(emu, "TCP", 1);
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", listener_id: listener });
    const second = await api.createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", listener_id: listener });
    expect(second.status).toBe(409);
    expect(second.body.error_code).toBe("ELB.8907");
    expect(second.body.error_msg).toContain(listener);

    const l = await api.call("GET", `/listeners/${listener}`);
    expect(l.status).toBe(200);
    expect(l.body.listener).toMatchObject({ id: listener, protocol: "TCP", default_pool_id: pool.id, loadbalancers: [{ id: LB }] });
    const lb = await api.call("GET", `/loadbalancers/${LB}`);
    expect(lb.body.loadbalancer.pools).toEqual([{ id: pool.id }]);
    expect(lb.body.loadbalancer.listeners).toContainEqual({ id: listener });

    expect((await api.deletePool(pool.id)).status).toBe(204);
    expect((await api.call("GET", `/listeners/${listener}`)).body.listener.default_pool_id).toBeNull();
    expect((await api.createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", listener_id: listener })).status).toBe(201);
  });
});

describe("lists and pagination", () => {
  test("limit/marker pages through in order; next_marker is absent on the last page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB, name: `p${i}` })).id);
    const seen: string[] = [];
    let marker: string | undefined;
    const pages: WireBody["page_info"][] = [];
    for (;;) {
      const res = await api.listPools({ limit: "2", ...(marker ? { marker } : {}) });
      expect(res.status).toBe(200);
      pages.push(res.body.page_info);
      seen.push(...res.body.pools.map((p) => p.id));
      marker = res.body.page_info.next_marker;
      if (!marker) break;
    }
    expect(seen).toEqual(ids);
    expect(pages.map((p) => p.current_count)).toEqual([2, 2, 1]);
    expect(pages[0]).toEqual({ previous_marker: ids[0], next_marker: ids[1], current_count: 2 });
    expect(pages[2]).toEqual({ previous_marker: ids[4], current_count: 1 });

    const all = await api.listPools();
    expect(all.body.pools.map((p) => p.id)).toEqual(ids);
    expect(all.body.page_info).not.toHaveProperty("next_marker");

    // page_reverse from a marker goes back
    const back = await api.listPools({ limit: "2", marker: ids[4]!, page_reverse: "true" });
    expect(back.body.pools.map((p) => p.id)).toEqual([ids[2], ids[3]]);
    expect(back.body.page_info.next_marker).toBe(ids[2]);
    const first = await api.listPools({ limit: "2", marker: ids[2]!, page_reverse: "true" });
    expect(first.body.pools.map((p) => p.id)).toEqual([ids[0], ids[1]]);
    expect(first.body.page_info).not.toHaveProperty("next_marker");
  });

  test("bad marker, limit or query parameter is 400 naming it", async () => {
    await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    for (const [query, field] of [
      [{ limit: "2", marker: "no-such-pool" }, "marker"],
      [{ limit: "0" }, "limit"],
      [{ limit: "2001" }, "limit"],
      [{ limit: "x" }, "limit"],
      [{ limit: "2", page_reverse: "yes" }, "page_reverse"],
      [{ colour: "red" }, "colour"],
    ] as const) {
      const res = await api.listPools(query as Record<string, string>);
      expect({ query, status: res.status, code: res.body.error_code }).toEqual({ query, status: 400, code: "ELB.8902" });
      expect(res.body.error_msg).toContain(field);
    }
    expect((await api.listPools({ limit: "2000" })).status).toBe(200);
    // marker and page_reverse only take effect together with limit (API reference): alone they are ignored
    const ignored = await api.listPools({ marker: "no-such-pool", page_reverse: "true" });
    expect(ignored.status).toBe(200);
    expect(ignored.body.pools).toHaveLength(1);
  });

  test("filters, with repeated keys as OR", async () => {
    const listener = listenerOf(emu, "HTTP");
    const a = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "HTTP", listener_id: listener, name: "alpha" });
    const b = await created({ lb_algorithm: "LEAST_CONNECTIONS", protocol: "TCP", loadbalancer_id: LB2, name: "beta" });
    const c = await created({ lb_algorithm: "SOURCE_IP", protocol: "UDP", loadbalancer_id: LB, name: "gamma" });
    const ids = async (query: Record<string, string | string[]>) => (await api.listPools(query)).body.pools.map((p) => p.id);
    expect(await ids({ id: [a.id, c.id] })).toEqual([a.id, c.id]);
    expect(await ids({ name: "beta" })).toEqual([b.id]);
    expect(await ids({ loadbalancer_id: LB })).toEqual([a.id, c.id]);
    expect(await ids({ listener_id: listener })).toEqual([a.id]);
    expect(await ids({ protocol: ["TCP", "UDP"] })).toEqual([b.id, c.id]);
    expect(await ids({ lb_algorithm: "SOURCE_IP", protocol: "UDP" })).toEqual([c.id]);
    expect(await ids({ lb_algorithm: "SOURCE_IP", protocol: "TCP" })).toEqual([]);
    expect(await ids({ member_deletion_protection_enable: "false", name: "alpha" })).toEqual([a.id]);
  });

  test("load balancers and listeners: list shapes, filters and 404", async () => {
    const lbs = await api.call("GET", "/loadbalancers");
    expect(lbs.status).toBe(200);
    expect(lbs.body).toMatchObject({ request_id: expect.any(String), page_info: { current_count: emu.fixtures.loadbalancers.length } });
    expect(lbs.body.loadbalancers[0]).toMatchObject({
      id: LB,
      name: emu.fixtures.loadbalancers[0]!.name,
      vpc_id: emu.fixtures.vpcId,
      vip_subnet_cidr_id: expect.any(String),
      provisioning_status: "ACTIVE",
      operating_status: "ONLINE",
      listeners: expect.any(Array),
      pools: [],
      project_id: emu.projectId,
    });
    const subnetIds = emu.fixtures.subnets.map((s) => s.id);
    expect(subnetIds).toContain(lbs.body.loadbalancers[0].vip_subnet_cidr_id);

    const listeners = await api.call("GET", "/listeners", undefined, { loadbalancer_id: LB2 });
    expect(listeners.body.listeners.map((l) => l.id)).toEqual(
      emu.fixtures.listeners.filter((l) => l.loadbalancerId === LB2).map((l) => l.id),
    );
    expect(listeners.body.listeners[0]).toMatchObject({
      name: expect.any(String),
      protocol: expect.any(String),
      protocol_port: expect.any(Number),
      default_pool_id: null,
    });
    const paged = await api.call("GET", "/listeners", undefined, { limit: "3" });
    expect(paged.body.listeners).toHaveLength(3);
    expect(paged.body.page_info.next_marker).toBe(paged.body.listeners[2].id);

    const missing = await api.call("GET", "/loadbalancers/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error_msg).toBe("loadbalancer nope could not be found.");
    expect((await api.call("GET", "/listeners/nope")).body.error_msg).toBe("listener nope could not be found.");
  });
});

describe("quotas", () => {
  test("poolsPerProject is enforced with 409 ELB.8905", async () => {
    const small = await startEmulator({ quotas: { poolsPerProject: 1 } });
    try {
      const client = elb(small);
      expect((await client.createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", type: "ip" })).status).toBe(201);
      const over = await client.createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", type: "ip" });
      expect(over.status).toBe(409);
      expect(over.body.error_code).toBe("ELB.8905");
    } finally {
      await small.close();
    }
  });
});

describe("out of band", () => {
  test("updatePool and deletePool change state without requests", async () => {
    const pool = await created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
    const before = emu.requests.length;
    emu.outOfBand.updatePool(pool.id, { description: "console edit", lb_algorithm: "SOURCE_IP" });
    expect(emu.requests.length).toBe(before);
    expect((await api.getPool(pool.id)).body.pool).toMatchObject({ description: "console edit", lb_algorithm: "SOURCE_IP" });
    expect(() => emu.outOfBand.updatePool(pool.id, { nonsense: 1 })).toThrow(/nonsense/);
    emu.outOfBand.deletePool(pool.id);
    expect((await api.getPool(pool.id)).status).toBe(404);
  });
});

describe("an update is refused where the API refuses it (the pool as it would be after the request; ELB-API.md, seed 004)", () => {
  const tcp = () => created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB });
  const http = () => created({ lb_algorithm: "ROUND_ROBIN", protocol: "HTTP", loadbalancer_id: LB });
  const cases: [string, () => Promise<WirePool>, Record<string, unknown>, RegExp][] = [
    [
      'vpc_id on a type "ip" pool',
      () => created({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB, type: "ip" }),
      { vpc_id: FIXTURE_IDS.vpc },
      /vpc_id/,
    ],
    ['type "instance" on a pool without a VPC', tcp, { type: "instance" }, /vpc_id/],
    ["slow_start on a TCP pool", tcp, { slow_start: { enable: true } }, /slow_start/],
    ["QUIC_CID on a TCP pool", tcp, { lb_algorithm: "QUIC_CID" }, /lb_algorithm/],
    ["a tuple hash on an HTTP pool", http, { lb_algorithm: "5_TUPLE_HASH" }, /lb_algorithm/],
    ["cookie_name with HTTP_COOKIE", http, { session_persistence: { type: "HTTP_COOKIE", cookie_name: "c" } }, /cookie_name/],
    ["APP_COOKIE without cookie_name", http, { session_persistence: { type: "APP_COOKIE" } }, /cookie_name/],
  ];
  test.each(cases)("%s", async (_label, make, patch, field) => {
    const pool = await make();
    const res = await api.updatePool(pool.id, patch);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(field);
    // nothing changed
    expect((await api.getPool(pool.id)).body.pool).toEqual(pool);
  });

  test("a nested object sent without a field gets that field's default (slow_start.duration 30)", async () => {
    const pool = await created({
      lb_algorithm: "ROUND_ROBIN",
      protocol: "HTTP",
      loadbalancer_id: LB,
      slow_start: { enable: true, duration: 90 },
    });
    const res = await api.updatePool(pool.id, { slow_start: { enable: true } });
    expect(res.body.pool.slow_start).toEqual({ enable: true, duration: 30 });
  });
});
