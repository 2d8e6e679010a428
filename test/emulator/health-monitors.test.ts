/**
 * The health monitor API over real HTTP (SDK-signed): create/show/list/update/delete with the API's
 * rules and error codes (ranges, one monitor per pool → 409, type per pool protocol, the load balancer
 * ACTIVE), the pool's healthmonitor_id kept in step, delete-cascade removing the monitor, and member
 * operating_status driven by the monitor (the fixture's unhealthy addresses OFFLINE).
 */
import { FIXTURE_IDS } from "../../emulator";
import { UNHEALTHY_ADDRESSES } from "../../emulator/fixtures";
import { useEmulator } from "./helpers";

const env = useEmulator();
let LB: string;

beforeAll(() => {
  LB = env.emu.fixtures.loadbalancers[0].id;
});
afterEach(() => {
  env.emu.outOfBand.setLoadBalancerStatus(LB, "ACTIVE");
});

const pool = async (protocol = "HTTP") =>
  (
    await env.api.createPool({
      protocol,
      lb_algorithm: "ROUND_ROBIN",
      loadbalancer_id: LB,
      ...(protocol === "QUIC" ? { session_persistence: { type: "SOURCE_IP" } } : {}),
    })
  ).body.pool.id;
const hm = (poolId: string, over: Record<string, unknown> = {}) => ({
  pool_id: poolId,
  type: "HTTP",
  delay: 5,
  timeout: 3,
  max_retries: 3,
  ...over,
});
const create = (healthmonitor: Record<string, unknown>) => env.api.call("POST", "/healthmonitors", { healthmonitor });

test("create: 201 with the API's defaults and pools[]; show, list by pool_id; the pool's healthmonitor_id follows", async () => {
  const p = await pool();
  const res = await create(hm(p));
  expect(res.status).toBe(201);
  const m = res.body.healthmonitor;
  expect(m).toMatchObject({
    type: "HTTP",
    max_retries_down: 3,
    monitor_port: null,
    url_path: "/",
    expected_codes: "200",
    http_method: "GET",
    admin_state_up: true,
    pools: [{ id: p }],
    project_id: env.emu.projectId,
  });
  expect((await env.api.call("GET", `/healthmonitors/${m.id}`)).body.healthmonitor).toEqual(m);
  expect((await env.api.call("GET", "/healthmonitors", undefined, { pool_id: p })).body.healthmonitors.map((x) => x.id)).toEqual([m.id]);
  expect((await env.api.call("GET", "/healthmonitors", undefined, { pool_id: "other" })).body.healthmonitors).toEqual([]);
  expect((await env.api.getPool(p)).body.pool.healthmonitor_id).toBe(m.id);
  expect((await env.api.call("DELETE", `/healthmonitors/${m.id}`)).status).toBe(204);
  expect((await env.api.getPool(p)).body.pool.healthmonitor_id).toBeNull();
  const gone = await env.api.call("DELETE", `/healthmonitors/${m.id}`);
  expect([gone.status, gone.body.error_code]).toEqual([404, "ELB.8904"]);
});

test("one monitor per pool: a second create is 409 ELB.8907", async () => {
  const p = await pool();
  expect((await create(hm(p))).status).toBe(201);
  const again = await create(hm(p, { type: "TCP" }));
  expect([again.status, again.body.error_code]).toEqual([409, "ELB.8907"]);
});

test.each([
  ["UDP", "TCP", 400],
  ["QUIC", "HTTP", 400],
  ["UDP", "UDP_CONNECT", 201],
  ["TCP", "UDP_CONNECT", 400],
  ["HTTPS", "HTTPS", 201],
  ["TCP", "HTTP", 201],
])("a %s pool with a %s check: %i", async (protocol, type, status) => {
  const res = await create(hm(await pool(protocol), { type }));
  expect(res.status).toBe(status);
  if (status === 400) expect(res.body.error_msg).toMatch(new RegExp(`field/attribute type.*${protocol} pool`));
});

test.each<[string, Record<string, unknown>, string]>([
  ["delay 0", { delay: 0 }, "delay"],
  ["delay 51", { delay: 51 }, "delay"],
  ["max_retries 11", { max_retries: 11 }, "max_retries"],
  ["max_retries_down 0", { max_retries_down: 0 }, "max_retries_down"],
  ["monitor_port 70000", { monitor_port: 70000 }, "monitor_port"],
  ["url_path without /", { url_path: "x" }, "url_path"],
  ['domain_name ""', { domain_name: "" }, "domain_name"],
  ["type PING", { type: "PING" }, "type"],
  ["an unknown field", { interval: 5 }, "interval"],
  ["timeout missing", { timeout: undefined }, "timeout"],
])("400 ELB.8902 naming the field: %s", async (_c, over, field) => {
  const res = await create(hm(await pool(), over));
  expect([res.status, res.body.error_code]).toEqual([400, "ELB.8902"]);
  expect(res.body.error_msg).toContain(`field/attribute ${field}`);
});

test("a pool that does not exist: 404; a load balancer not ACTIVE: 409", async () => {
  const missing = await create(hm("0b11747a-b139-492f-9692-ffffffffffff"));
  expect([missing.status, missing.body.error_code]).toEqual([404, "ELB.8904"]);
  const p = await pool();
  env.emu.outOfBand.setLoadBalancerStatus(LB, "PENDING_UPDATE");
  expect((await create(hm(p))).status).toBe(409);
});

test("update: every field but pool_id; null clears monitor_port and domain_name; type still per the pool", async () => {
  const p = await pool();
  const m = (await create(hm(p, { monitor_port: 8080, domain_name: "a.example.com" }))).body.healthmonitor;
  const put = (healthmonitor: Record<string, unknown>) => env.api.call("PUT", `/healthmonitors/${m.id}`, { healthmonitor });
  const res = await put({ delay: 10, monitor_port: null, domain_name: null, admin_state_up: false });
  expect(res.status).toBe(200);
  expect(res.body.healthmonitor).toMatchObject({ delay: 10, monitor_port: null, domain_name: null, admin_state_up: false });
  expect((await put({ pool_id: p })).body.error_msg).toContain("field/attribute pool_id");
  expect((await put({ type: "UDP_CONNECT" })).status).toBe(400);
});

test("delete-cascade removes the pool's monitor; a plain pool delete is refused while it exists", async () => {
  const p = await pool();
  const m = (await create(hm(p))).body.healthmonitor;
  expect((await env.api.call("DELETE", `/pools/${p}`)).status).toBe(409);
  expect((await env.api.call("DELETE", `/pools/${p}/delete-cascade`)).status).toBe(204);
  expect((await env.api.call("GET", `/healthmonitors/${m.id}`)).status).toBe(404);
  expect(env.emu.records().healthmonitors).toBe(0);
});

test("members: NO_MONITOR without a monitor; ONLINE or OFFLINE (the fixture's unhealthy addresses) with one; NO_MONITOR when it is off", async () => {
  const p = await pool();
  const unhealthy = UNHEALTHY_ADDRESSES[0]!;
  const members = [
    { address: "192.168.0.10", protocol_port: 80, subnet_cidr_id: FIXTURE_IDS.subnetA },
    { address: unhealthy, protocol_port: 80, subnet_cidr_id: FIXTURE_IDS.subnetA },
  ];
  await env.api.call("POST", `/pools/${p}/members/batch-add`, { members });
  const statuses = async () =>
    (await env.api.call("GET", `/pools/${p}/members`)).body.members.map((m) => `${m.address} ${m.operating_status}`);
  expect(await statuses()).toEqual(["192.168.0.10 NO_MONITOR", `${unhealthy} NO_MONITOR`]);
  const m = (await create(hm(p))).body.healthmonitor;
  expect(await statuses()).toEqual(["192.168.0.10 ONLINE", `${unhealthy} OFFLINE`]);
  await env.api.call("PUT", `/healthmonitors/${m.id}`, { healthmonitor: { admin_state_up: false } });
  expect(await statuses()).toEqual(["192.168.0.10 NO_MONITOR", `${unhealthy} NO_MONITOR`]);
});

test("the master-slave pool's inline check takes the same field rules", async () => {
  const res = await env.api.call("POST", "/master-slave-pools", {
    pool: {
      protocol: "TCP",
      lb_algorithm: "ROUND_ROBIN",
      type: "instance",
      loadbalancer_id: LB,
      members: [
        { address: "192.168.0.21", protocol_port: 80, subnet_cidr_id: FIXTURE_IDS.subnetA, role: "master" },
        { address: "192.168.0.22", protocol_port: 80, subnet_cidr_id: FIXTURE_IDS.subnetA, role: "slave" },
      ],
      healthmonitor: { type: "TCP", delay: 5, timeout: 3, max_retries: 3, url_path: "no-slash" },
    },
  });
  expect([res.status, res.body.error_msg]).toEqual([400, expect.stringContaining("healthmonitor.url_path")]);
});
