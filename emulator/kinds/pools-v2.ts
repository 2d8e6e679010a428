/**
 * Legacy v2 pools (shared load balancers): POST/GET /v2/{project_id}/elb/pools and
 * GET/PUT/DELETE /v2/{project_id}/elb/pools/{pool_id}. Written from seed 001 and ELB-API.md "Legacy
 * v2 pool", not from the provider. v2 bodies carry no `request_id` (the server leaves it out for
 * /v2/ paths) and the list has no `page_info`. Error answers keep the v3 error body, `request_id`
 * included (inferred: the seed documents no v2 error body). v2 pools are accepted on any fixture
 * load balancer, dedicated or shared (inferred: the emulator does not model the distinction).
 */
import { invalid } from "../errors";
import { type Query, filterOnly } from "../lists";
import type { PoolRecord, SessionPersistence } from "../records";
import { type Route, elbRoute, ok, param } from "../route";
import { type Store, clone, pick } from "../store";
import { type Check, type FieldRule, type Obj, bool, integer, object, oneOf, pattern, readBody, requireFields, str } from "../validators";
import { bindNewPool, insertPool, poolDefaults, poolRefs, removePool, requirePool, storedStickiness } from "./pool-base";
import { PROTECTION_STATUSES, SESSION_TYPES } from "./pool-rules";

/** Seed 001: cookie_name "letters, digits, - and _, at most 64 characters". */
const cookieName: Check = pattern(/^[A-Za-z0-9_-]+$/, 64, "Only letters, digits, hyphens (-) and underscores (_) are allowed.");

const FIELDS: Readonly<Record<string, FieldRule>> = {
  tenant_id: { check: str(255) },
  name: { check: str(255), update: true },
  description: { check: str(255), update: true },
  protocol: { check: oneOf(["TCP", "UDP", "HTTP"]) },
  lb_algorithm: { check: oneOf(["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP"]), update: true },
  admin_state_up: { check: bool, update: true },
  listener_id: { check: str(36) },
  loadbalancer_id: { check: str(36) },
  // Seed 001 gives no ranges for the timeout: checked with the protocol in `stickiness`.
  // null turns stickiness off.
  session_persistence: {
    check: object({ type: oneOf(SESSION_TYPES), cookie_name: cookieName, persistence_timeout: integer }, ["type"]),
    update: true,
    keepNull: true,
  },
  protection_status: { check: oneOf(PROTECTION_STATUSES), update: true },
  protection_reason: { check: str(255), update: true },
};

function checkBody(store: Store, body: unknown, mode: "create" | "update"): Map<string, unknown> {
  const given = readBody(body, "pool", FIELDS, mode);
  if (given.has("tenant_id") && given.get("tenant_id") !== store.options.projectId) {
    // Seed 001: "must equal the project_id in the token"; the request's project passed authentication.
    throw invalid("tenant_id", `Must equal the project of the token (${store.options.projectId}).`, given.get("tenant_id"));
  }
  return given;
}

/** The stored stickiness, defaults filled as seed 001's examples show them. */
function stickiness(value: unknown, protocol: string): SessionPersistence | null {
  if (value === null || value === undefined) return null;
  const sp = value as Obj;
  const type = String(sp.type);
  if (type === "APP_COOKIE" && sp.cookie_name === undefined)
    throw invalid("session_persistence.cookie_name", "Required when type is APP_COOKIE.");
  if (type !== "APP_COOKIE" && sp.cookie_name !== undefined) {
    throw invalid("session_persistence.cookie_name", "Only allowed when type is APP_COOKIE.", sp.cookie_name);
  }
  const timeout = sp.persistence_timeout;
  // v3's ranges (inferred): 1-1440 minutes for HTTP, 1-60 for TCP/UDP.
  const max = protocol === "HTTP" ? 1440 : 60;
  if (typeof timeout === "number" && type !== "APP_COOKIE" && (timeout < 1 || timeout > max)) {
    throw invalid("session_persistence.persistence_timeout", `Must be between 1 and ${max} minutes for ${protocol} pools.`, timeout);
  }
  // example 3: HTTP_COOKIE without a timeout answers 1440; TCP/UDP default 1 (inferred)
  return storedStickiness(sp, protocol === "HTTP" ? 1440 : 1);
}

function createPoolV2(store: Store, body: unknown): PoolV2View {
  const given = checkBody(store, body, "create");
  requireFields(given, ["protocol", "lb_algorithm"]);
  const listenerId = given.get("listener_id") as string | undefined;
  const lbIdGiven = given.get("loadbalancer_id") as string | undefined;
  if (listenerId === undefined && lbIdGiven === undefined) {
    throw invalid("listener_id", "At least one of listener_id and loadbalancer_id must be specified.");
  }
  const protocol = String(given.get("protocol"));
  const sp = stickiness(given.get("session_persistence"), protocol);
  const binding = bindNewPool(store, "v2", protocol, listenerId, lbIdGiven);
  const optional = <T>(key: string, otherwise: T): T => (given.has(key) ? (given.get(key) as T) : otherwise);
  const fields = poolDefaults({
    lb_algorithm: String(given.get("lb_algorithm")),
    protocol,
    name: optional("name", ""),
    description: optional("description", ""),
    admin_state_up: optional("admin_state_up", true),
    session_persistence: sp,
    protection_status: optional("protection_status", "nonProtection"),
    protection_reason: optional("protection_reason", ""),
  });
  return poolV2View(store, insertPool(store, "v2", fields, binding));
}

function updatePoolV2(store: Store, id: string, body: unknown): PoolV2View {
  const given = checkBody(store, body, "update");
  const pool = requirePool(store, "v2", id);
  const next = clone(pool);
  for (const [key, value] of given) {
    Object.assign(next, { [key]: key === "session_persistence" ? stickiness(value, pool.protocol) : value });
  }
  store.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be updated`);
  Object.assign(pool, next, { updated_at: store.now() });
  return poolV2View(store, pool);
}

function deletePoolV2(store: Store, id: string): void {
  const pool = requirePool(store, "v2", id);
  store.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be deleted`);
  removePool(store, pool);
}

/** The keys of seed 001's example responses, plus protection_status/_reason from its response table. */
export type PoolV2View = ReturnType<typeof poolV2View>;

export function poolV2View(store: Store, p: PoolRecord) {
  return clone({
    ...pick(p, ["id", "name", "description", "lb_algorithm", "protocol", "admin_state_up"]),
    tenant_id: p.project_id,
    ...pick(p, ["project_id", "session_persistence", "healthmonitor_id"]),
    ...poolRefs(store, p),
    ...pick(p, ["protection_status", "protection_reason"]),
  });
}

/** Filters on the pool's own fields; unknown ones are refused (inferred). No pagination info. */
const FILTERS: Readonly<Record<string, (p: PoolRecord) => unknown>> = {
  id: (p) => p.id,
  name: (p) => p.name,
  description: (p) => p.description,
  protocol: (p) => p.protocol,
  lb_algorithm: (p) => p.lb_algorithm,
  admin_state_up: (p) => p.admin_state_up,
  healthmonitor_id: (p) => p.healthmonitor_id,
  loadbalancer_id: (p) => p.loadbalancer_id,
  tenant_id: (p) => p.project_id,
};

function listPoolsV2(store: Store, query: Query): Obj {
  return { pools: filterOnly(store.poolsOf("v2"), query, FILTERS, "pool").map((p) => poolV2View(store, p)) };
}

export function poolV2Views(store: Store): PoolV2View[] {
  return store.poolsOf("v2").map((p) => poolV2View(store, p));
}

export const POOL_V2_ROUTES: Route[] = [
  elbRoute("POST", "v2", "/pools", (d, c) => ok(201, { pool: createPoolV2(d.store, c.body) })),
  elbRoute("GET", "v2", "/pools", (d, c) => ok(200, listPoolsV2(d.store, c.query))),
  elbRoute("GET", "v2", "/pools/{id}", (d, c) => ok(200, { pool: poolV2View(d.store, requirePool(d.store, "v2", param(c, 1))) })),
  elbRoute("PUT", "v2", "/pools/{id}", (d, c) => ok(200, { pool: updatePoolV2(d.store, param(c, 1), c.body) })),
  elbRoute("DELETE", "v2", "/pools/{id}", (d, c) => (deletePoolV2(d.store, param(c, 1)), ok(204))),
];
