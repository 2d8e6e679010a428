/**
 * Legacy v2 pools (shared load balancers): POST/GET /v2/{project_id}/elb/pools and
 * GET/PUT/DELETE /v2/{project_id}/elb/pools/{pool_id}. Written from seed 001 and ELB-API.md "Legacy
 * v2 pool", not from the provider. v2 bodies carry no `request_id` (routes.ts leaves it out for
 * /v2/ paths) and the list has no `page_info`. Error answers keep the v3 error body, `request_id`
 * included (inferred: the seed documents no v2 error body). v2 pools are accepted on any fixture
 * load balancer, dedicated or shared (inferred: the emulator does not model the distinction).
 */
import { invalid } from "./errors";
import { baseFields, insertPool, nowText, removePool, requirePool, resolveBinding } from "./pool-kinds";
import type { Route } from "./routes";
import {
  type Check,
  type FieldRule,
  type PoolRecord,
  type Query,
  type Store,
  bool,
  clone,
  object,
  oneOf,
  requireEnvelope,
  str,
} from "./store";

type Obj = Record<string, unknown>;

const PROTOCOLS = ["TCP", "UDP", "HTTP"];
/** Listener protocol → v2 pool protocols (seed 001 lists the relation without the table; inferred). */
const LISTENER_POOL_PROTOCOLS: Record<string, string[]> = {
  TCP: ["TCP"],
  UDP: ["UDP"],
  HTTP: ["HTTP"],
  HTTPS: ["HTTP"],
  TERMINATED_HTTPS: ["HTTP"],
};

/** Seed 001: cookie_name "letters, digits, - and _, at most 64 characters". */
const cookieName: Check = (v, f) => {
  str(64)(v, f);
  if (!/^[A-Za-z0-9_-]+$/.test(v as string)) throw invalid(f, "Only letters, digits, hyphens (-) and underscores (_) are allowed.", v);
  return v;
};

/** Seed 001 gives no ranges for the timeout; v3's 1-1440 minutes, 1-60 for TCP/UDP (inferred). */
const persistenceTimeout: Check = (v, f) => {
  if (typeof v !== "number" || !Number.isInteger(v)) throw invalid(f, "Must be an integer.", v);
  return v;
};

const FIELDS: Record<string, FieldRule> = {
  tenant_id: { check: str(255), update: false },
  name: { check: str(255), update: true },
  description: { check: str(255), update: true },
  protocol: { check: oneOf(PROTOCOLS), update: false },
  lb_algorithm: { check: oneOf(["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP"]), update: true },
  admin_state_up: { check: bool, update: true },
  listener_id: { check: str(36), update: false },
  loadbalancer_id: { check: str(36), update: false },
  session_persistence: {
    check: object(
      { type: oneOf(["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"]), cookie_name: cookieName, persistence_timeout: persistenceTimeout },
      ["type"],
    ),
    update: true,
  },
  protection_status: { check: oneOf(["nonProtection", "consoleProtection"]), update: true },
  protection_reason: { check: str(255), update: true },
};

function checkBody(store: Store, pool: Obj, mode: "create" | "update"): Map<string, unknown> {
  const given = new Map<string, unknown>();
  for (const [key, value] of Object.entries(pool)) {
    const rule = FIELDS[key];
    if (!rule) throw invalid(key, "Unknown field/attribute.");
    if (mode === "update" && !rule.update) throw invalid(key, "This field cannot be updated.");
    if (value === null) {
      if (key === "session_persistence") given.set(key, null); // null turns stickiness off
      continue;
    }
    given.set(key, rule.check(value, key));
  }
  if (given.has("tenant_id") && given.get("tenant_id") !== store.options.projectId) {
    // Seed 001: "must equal the project_id in the token"; the request's project passed authentication.
    throw invalid("tenant_id", `Must equal the project of the token (${store.options.projectId}).`, given.get("tenant_id"));
  }
  return given;
}

/** The stored stickiness, defaults filled as seed 001's examples show them. */
function stickiness(value: Obj | null, protocol: string): PoolRecord["session_persistence"] {
  if (!value) return null;
  const type = value.type as string;
  const cookie = (value.cookie_name as string | undefined) ?? null;
  if (type === "APP_COOKIE" && cookie === null) throw invalid("session_persistence.cookie_name", "Required when type is APP_COOKIE.");
  if (type !== "APP_COOKIE" && cookie !== null)
    throw invalid("session_persistence.cookie_name", "Only allowed when type is APP_COOKIE.", cookie);
  const timeout = value.persistence_timeout as number | undefined;
  const max = protocol === "HTTP" ? 1440 : 60;
  if (timeout !== undefined && type !== "APP_COOKIE" && (timeout < 1 || timeout > max)) {
    throw invalid("session_persistence.persistence_timeout", `Must be between 1 and ${max} minutes for ${protocol} pools.`, timeout);
  }
  // example 3: HTTP_COOKIE without a timeout answers 1440; TCP/UDP default 1 (inferred)
  return { type, cookie_name: cookie, persistence_timeout: timeout ?? (type === "APP_COOKIE" ? null : protocol === "HTTP" ? 1440 : 1) };
}

export function createPoolV2(store: Store, body: unknown): Obj {
  const given = checkBody(store, requireEnvelope(body, "pool"), "create");
  for (const required of ["protocol", "lb_algorithm"]) if (!given.has(required)) throw invalid(required, "This field is required.");
  const listenerId = given.get("listener_id") as string | undefined;
  const lbIdGiven = given.get("loadbalancer_id") as string | undefined;
  if (listenerId === undefined && lbIdGiven === undefined)
    throw invalid("listener_id", "At least one of listener_id and loadbalancer_id must be specified.");
  const protocol = given.get("protocol") as string;
  const sp = stickiness((given.get("session_persistence") as Obj | null | undefined) ?? null, protocol);
  const { listener, lbId } = resolveBinding(store, listenerId, lbIdGiven);
  if (listener && !(LISTENER_POOL_PROTOCOLS[listener.protocol] ?? []).includes(protocol)) {
    throw invalid("protocol", `A ${listener.protocol} listener cannot forward to a ${protocol} pool.`, protocol);
  }
  store.requireActive(lbId, "pool cannot be created");
  const pool = insertPool(
    store,
    {
      ...baseFields({
        lb_algorithm: given.get("lb_algorithm") as string,
        protocol,
        name: (given.get("name") as string | undefined) ?? "",
        description: (given.get("description") as string | undefined) ?? "",
        admin_state_up: (given.get("admin_state_up") as boolean | undefined) ?? true,
        session_persistence: sp,
        protection_status: (given.get("protection_status") as string | undefined) ?? "nonProtection",
        protection_reason: (given.get("protection_reason") as string | undefined) ?? "",
      }),
      kind: "v2",
      loadbalancer_id: lbId,
      member_ids: [],
      project_id: store.options.projectId,
    },
    listener,
  );
  return poolV2View(store, pool);
}

export function updatePoolV2(store: Store, id: string, body: unknown): Obj {
  const given = checkBody(store, requireEnvelope(body, "pool"), "update");
  const pool = requirePool(store, "v2", id);
  const next = clone(pool);
  for (const [key, value] of given) {
    if (key === "session_persistence") next.session_persistence = stickiness(value as Obj | null, pool.protocol);
    else (next as unknown as Obj)[key] = value;
  }
  store.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be updated`);
  Object.assign(pool, next, { updated_at: nowText(store) });
  return poolV2View(store, pool);
}

export function deletePoolV2(store: Store, id: string): void {
  const pool = requirePool(store, "v2", id);
  store.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be deleted`);
  removePool(store, pool);
}

/** The keys of seed 001's example responses, plus protection_status/_reason from its response table. */
export function poolV2View(store: Store, p: PoolRecord): Obj {
  return clone({
    id: p.id,
    name: p.name,
    description: p.description,
    lb_algorithm: p.lb_algorithm,
    protocol: p.protocol,
    admin_state_up: p.admin_state_up,
    tenant_id: p.project_id,
    project_id: p.project_id,
    session_persistence: p.session_persistence,
    healthmonitor_id: p.healthmonitor_id,
    listeners: store.listenersOf(p.id).map((l) => ({ id: l.id })),
    loadbalancers: p.loadbalancer_id ? [{ id: p.loadbalancer_id }] : [],
    members: p.member_ids.map((id) => ({ id })),
    protection_status: p.protection_status,
    protection_reason: p.protection_reason,
  });
}

/** Filters on the pool's own fields; unknown ones are refused (inferred). No pagination info. */
export function listPoolsV2(store: Store, query: Query): Obj {
  const pick: Record<string, (p: PoolRecord) => unknown> = {
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
  for (const key of query.keys()) if (!(key in pick)) throw invalid(key, "Unknown query parameter for listing pools.");
  const pools = [...store.pools.values()].filter(
    (p) => p.kind === "v2" && [...query].every(([key, values]) => values.includes(String(pick[key]!(p) ?? ""))),
  );
  return { pools: pools.map((p) => poolV2View(store, p)) };
}

export function poolV2Views(store: Store): Obj[] {
  return [...store.pools.values()].filter((p) => p.kind === "v2").map((p) => poolV2View(store, p));
}

const ok = (status: number, body?: Obj) => ({ status, ...(body ? { body } : {}) });

export const POOL_V2_ROUTES: Route[] = [
  {
    method: "POST",
    pattern: /^\/v2\/([^/]+)\/elb\/pools$/,
    service: "elb",
    handle: (d, c) => ok(201, { pool: createPoolV2(d.store, c.body) }),
  },
  { method: "GET", pattern: /^\/v2\/([^/]+)\/elb\/pools$/, service: "elb", handle: (d, c) => ok(200, listPoolsV2(d.store, c.query)) },
  {
    method: "GET",
    pattern: /^\/v2\/([^/]+)\/elb\/pools\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { pool: poolV2View(d.store, requirePool(d.store, "v2", c.params[1]!)) }),
  },
  {
    method: "PUT",
    pattern: /^\/v2\/([^/]+)\/elb\/pools\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { pool: updatePoolV2(d.store, c.params[1]!, c.body) }),
  },
  {
    method: "DELETE",
    pattern: /^\/v2\/([^/]+)\/elb\/pools\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => (deletePoolV2(d.store, c.params[1]!), ok(204)),
  },
];
