/**
 * v3 health monitors: POST/GET /v3/{project_id}/elb/healthmonitors and GET/PUT/DELETE
 * .../healthmonitors/{healthmonitor_id}. Also the health-check field checks and the record a
 * master-slave pool's inline health check is stored as (the same fields, the same rules). Written
 * from ELB-API.md "Health monitors (v3)" and seed 000, never from the provider's code.
 *
 * Order of checks (inferred, as for pools): the body (400), the pool (404), the pool's protocol (400),
 * one monitor per pool (409), the load balancer ACTIVE (409).
 */
import { conflict, invalid, notFound } from "../errors";
import { UNHEALTHY_ADDRESSES } from "../fixtures";
import { type FilterSpec, type Query, paginate } from "../lists";
import type { HealthMonitorRecord, PoolRecord } from "../records";
import { type Route, elbRoute, ok, param } from "../route";
import { type Store, clone, newId, pick } from "../store";
import { type Check, type FieldRule, type Obj, bool, int, oneOf, pattern, readBody, requireFields, str } from "../validators";
import { requirePool } from "./pool-base";

/** Seed 000: domain_name "digits, letters, hyphens and periods, starting with a digit or letter". */
const domainName = pattern(
  /^[A-Za-z0-9][A-Za-z0-9.-]*$/,
  100,
  "Only digits, letters, - and . are allowed, starting with a digit or letter.",
);
/** Seed 000: url_path starts with / and holds letters, digits and -/.%?#& plus _;~!()*[]@$^:',+ */
const urlPath = pattern(
  /^\/[A-Za-z0-9/.%?#&_;~!()*[\]@$^:',+-]*$/,
  80,
  "Must start with / and hold only letters, digits and -/.%?#&_;~!()*[]@$^:',+.",
);

/** The fields of a health check, wherever the API takes one (the monitor API, a master-slave pool's `healthmonitor`). */
export const HEALTH_CHECK_FIELDS: Readonly<Record<string, Check>> = {
  delay: int(1, 50),
  domain_name: domainName,
  expected_codes: str(64),
  http_method: oneOf(["GET", "HEAD", "POST"]),
  max_retries: int(1, 10),
  max_retries_down: int(1, 10),
  monitor_port: int(1, 65535),
  name: str(255),
  timeout: int(1, 50), // the seeds give no range; v3 health checks take 1-50 (inferred)
  type: oneOf(["TCP", "UDP_CONNECT", "HTTP", "HTTPS"]),
  url_path: urlPath,
};
export const HEALTH_CHECK_REQUIRED = ["delay", "max_retries", "timeout", "type"] as const;

/** The monitor API's body: the check's fields, all updatable, plus the pool, the project and the switch. */
const FIELDS: Readonly<Record<string, FieldRule>> = {
  ...Object.fromEntries(Object.entries(HEALTH_CHECK_FIELDS).map(([k, check]) => [k, { check, update: true }])),
  // "may be set to null, not to ''" (ELB-API.md): null is kept and clears them
  monitor_port: { check: HEALTH_CHECK_FIELDS.monitor_port!, update: true, keepNull: true },
  domain_name: { check: HEALTH_CHECK_FIELDS.domain_name!, update: true, keepNull: true },
  admin_state_up: { check: bool, update: true },
  pool_id: { check: str(36) },
  project_id: { check: str(32) },
};

/**
 * A health check record for `pool` from checked fields, the API's defaults for the rest. `absent`
 * is what an unset `domain_name`/`http_method` shows: master-slave pools answer "" and "get" (seed 000).
 */
export function newHealthMonitor(
  store: Store,
  pool: PoolRecord,
  given: Obj,
  absent: { domain_name: string | null; http_method: string },
): HealthMonitorRecord {
  const text = (key: string, otherwise: string) => (typeof given[key] === "string" ? given[key] : otherwise);
  const now = store.now();
  const monitor: HealthMonitorRecord = {
    id: newId(),
    pool_id: pool.id,
    type: String(given.type),
    delay: Number(given.delay),
    timeout: Number(given.timeout),
    max_retries: Number(given.max_retries),
    name: text("name", ""),
    max_retries_down: typeof given.max_retries_down === "number" ? given.max_retries_down : 3,
    monitor_port: typeof given.monitor_port === "number" ? given.monitor_port : null,
    domain_name: typeof given.domain_name === "string" ? given.domain_name : absent.domain_name,
    http_method: text("http_method", absent.http_method),
    url_path: text("url_path", "/"),
    expected_codes: text("expected_codes", "200"),
    admin_state_up: given.admin_state_up !== false,
    project_id: store.options.projectId,
    created_at: now,
    updated_at: now,
  };
  store.healthmonitors.set(monitor.id, monitor);
  pool.healthmonitor_id = monitor.id;
  return monitor;
}

/** 400 on `type` unless the pool's protocol takes it: UDP/QUIC pools UDP_CONNECT; the others TCP/HTTP/HTTPS (TLS, GRPC, IP: inferred). */
function requireTypeForPool(pool: PoolRecord, type: string): void {
  const udp = pool.protocol === "UDP" || pool.protocol === "QUIC";
  if (udp === (type === "UDP_CONNECT")) return;
  const allowed = udp ? "UDP_CONNECT" : "TCP, HTTP or HTTPS";
  throw invalid("type", `A ${pool.protocol} pool only takes a ${allowed} health check.`, type);
}

/** The keys every view of a health check shows, in the seed's order (a master-slave pool's `healthmonitor` shows just these). */
export const HEALTH_CHECK_VIEW = [
  "id",
  "name",
  "type",
  "delay",
  "timeout",
  "max_retries",
  "max_retries_down",
  "monitor_port",
  "domain_name",
  "http_method",
  "url_path",
  "expected_codes",
  "admin_state_up",
] as const;

export type HealthMonitorView = ReturnType<typeof healthMonitorView>;

export function healthMonitorView(m: HealthMonitorRecord) {
  return clone({
    ...pick(m, HEALTH_CHECK_VIEW),
    pools: [{ id: m.pool_id }],
    ...pick(m, ["project_id", "created_at", "updated_at"]),
  });
}

function requireMonitor(store: Store, id: string): HealthMonitorRecord {
  const monitor = store.healthmonitors.get(id);
  if (!monitor) throw notFound("healthmonitor", id);
  return monitor;
}

function create(store: Store, body: unknown): HealthMonitorView {
  const given = readBody(body, "healthmonitor", FIELDS);
  requireFields(given, ["pool_id", ...HEALTH_CHECK_REQUIRED]);
  const projectId = given.get("project_id");
  if (projectId !== undefined && projectId !== store.options.projectId) {
    throw invalid("project_id", `Must be the project of the request (${store.options.projectId}).`, projectId);
  }
  const pool = requirePool(store, "v3", String(given.get("pool_id")));
  requireTypeForPool(pool, String(given.get("type")));
  if (pool.healthmonitor_id) throw conflict(`Pool ${pool.id} already has health monitor ${pool.healthmonitor_id}.`);
  store.requireActive(pool.loadbalancer_id, "health monitor cannot be created");
  const monitor = newHealthMonitor(store, pool, Object.fromEntries(given), { domain_name: null, http_method: "GET" });
  pool.updated_at = monitor.created_at;
  return healthMonitorView(monitor);
}

function update(store: Store, id: string, body: unknown): HealthMonitorView {
  const monitor = requireMonitor(store, id);
  const given = readBody(body, "healthmonitor", FIELDS, "update");
  const pool = store.pools.get(monitor.pool_id);
  if (pool && given.has("type")) requireTypeForPool(pool, String(given.get("type")));
  store.requireActive(pool?.loadbalancer_id ?? null, `health monitor ${id} cannot be updated`);
  Object.assign(monitor, Object.fromEntries(given));
  monitor.updated_at = store.now();
  return healthMonitorView(monitor);
}

function remove(store: Store, id: string): void {
  const monitor = requireMonitor(store, id);
  const pool = store.pools.get(monitor.pool_id);
  // (inferred) an active/standby pool's health check "cannot be disabled" (seed 000): it goes with the pool only.
  if (pool?.kind === "master-slave") throw conflict(`Health monitor ${id} belongs to active/standby pool ${pool.id}; delete the pool.`);
  store.requireActive(pool?.loadbalancer_id ?? null, `health monitor ${id} cannot be deleted`);
  store.healthmonitors.delete(id);
  if (pool) pool.healthmonitor_id = null;
}

const FILTERS: FilterSpec<HealthMonitorRecord> = Object.fromEntries(
  [...HEALTH_CHECK_VIEW, "pool_id" as const].map((k) => [k, (m: HealthMonitorRecord) => m[k]]),
);

function list(store: Store, query: Query): Obj {
  const { items, page_info } = paginate([...store.healthmonitors.values()], query, FILTERS, "healthmonitor");
  return { healthmonitors: items.map(healthMonitorView), page_info };
}

/**
 * What a member of `pool` at `address` shows (inferred: the emulator has no backends to probe): no
 * monitor, or one switched off, NO_MONITOR; else OFFLINE for the fixture's unhealthy addresses and
 * ONLINE for the rest.
 */
export function memberHealth(store: Store, pool: PoolRecord | undefined, address: string): "ONLINE" | "OFFLINE" | "NO_MONITOR" {
  const monitor = pool?.healthmonitor_id ? store.healthmonitors.get(pool.healthmonitor_id) : undefined;
  if (!monitor?.admin_state_up) return "NO_MONITOR";
  return UNHEALTHY_ADDRESSES.includes(address.toLowerCase()) ? "OFFLINE" : "ONLINE";
}

// --- inspection and out-of-band changes (tests; no validation, not counted) ----------------------

export function outOfBandUpdateHealthMonitor(store: Store, id: string, patch: Obj): void {
  const monitor = store.healthmonitors.get(id);
  if (!monitor) throw new Error(`outOfBand.updateHealthMonitor: health monitor ${id} does not exist`);
  for (const key of Object.keys(patch))
    if (!Object.hasOwn(HEALTH_CHECK_FIELDS, key) && key !== "admin_state_up") {
      throw new Error(`outOfBand.updateHealthMonitor: ${key} is not a stored health monitor field`);
    }
  Object.assign(monitor, clone(patch));
  monitor.updated_at = store.now();
}

export function outOfBandDeleteHealthMonitor(store: Store, id: string): void {
  const monitor = store.healthmonitors.get(id);
  if (!monitor) throw new Error(`outOfBand.deleteHealthMonitor: health monitor ${id} does not exist`);
  store.healthmonitors.delete(id);
  const pool = store.pools.get(monitor.pool_id);
  if (pool) pool.healthmonitor_id = null;
}

export const HEALTH_MONITOR_ROUTES: Route[] = [
  elbRoute("POST", "v3", "/healthmonitors", (d, c) => ok(201, { healthmonitor: create(d.store, c.body) })),
  elbRoute("GET", "v3", "/healthmonitors", (d, c) => ok(200, list(d.store, c.query))),
  elbRoute("GET", "v3", "/healthmonitors/{id}", (d, c) =>
    ok(200, { healthmonitor: healthMonitorView(requireMonitor(d.store, param(c, 1))) }),
  ),
  elbRoute("PUT", "v3", "/healthmonitors/{id}", (d, c) => ok(200, { healthmonitor: update(d.store, param(c, 1), c.body) })),
  elbRoute("DELETE", "v3", "/healthmonitors/{id}", (d, c) => (remove(d.store, param(c, 1)), ok(204))),
];
