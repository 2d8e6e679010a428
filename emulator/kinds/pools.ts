/**
 * v3 pools: POST/GET /v3/{project_id}/elb/pools, GET/PUT/DELETE .../pools/{pool_id} and
 * DELETE .../pools/{pool_id}/delete-cascade. The field rules are in pool-rules.ts, what all pool kinds
 * share in pool-base.ts. Written from ELB-API.md and seed 004, never from the provider's code.
 */
import { ERROR_CODES, ServiceError, conflict, invalid } from "../errors";
import { type FilterSpec, type Query, paginate } from "../lists";
import type { PoolFields, PoolRecord } from "../records";
import { type Route, elbRoute, ok, param } from "../route";
import { type Store, clone, pick } from "../store";
import { type Obj, objectEnvelope, requireFields } from "../validators";
import {
  POOL_HEAD,
  insertPool,
  poolDefaults,
  poolRefs,
  removePool,
  requireForwarding,
  requireFreeListener,
  requirePool,
  resolveBinding,
} from "./pool-base";
import { POOL_FIELDS, applyGiven, checkPoolBody, checkPoolRules } from "./pool-rules";
import { newHealthMonitor } from "./health-monitors";

/** A v3 pool as the API shows it (snake_case, every documented key). */
export interface PoolView extends PoolFields {
  id: string;
  listeners: { id: string }[];
  loadbalancers: { id: string }[];
  members: { id: string }[];
  project_id: string;
  created_at: string;
  updated_at: string;
}

/** The stored fields a v3 pool view shows, in the API's order. */
const POOL_VIEW_FIELDS = [
  ...POOL_HEAD,
  "admin_state_up",
  "ip_version",
  "session_persistence",
  "slow_start",
  "member_deletion_protection_enable",
  "protection_status",
  "protection_reason",
  "any_port_enable",
  "connection_drain",
  "pool_health",
  "quic_cid_hash_strategy",
  "az_affinity",
  "public_border_group",
  "enterprise_project_id",
  "healthmonitor_id",
] as const;

export function poolView(store: Store, p: PoolRecord): PoolView {
  return clone({ ...pick(p, POOL_VIEW_FIELDS), ...poolRefs(store, p), ...pick(p, ["project_id", "created_at", "updated_at"]) });
}

function createPool(store: Store, body: unknown): PoolView {
  const given = checkPoolBody(objectEnvelope(body, "pool"), "create");
  requireFields(given, ["lb_algorithm", "protocol"]);
  const listenerId = given.get("listener_id") as string | undefined;
  const lbIdGiven = given.get("loadbalancer_id") as string | undefined;
  const type = (given.get("type") as string | undefined) ?? "";
  if (listenerId === undefined && lbIdGiven === undefined && type === "") {
    throw invalid("listener_id", "At least one of listener_id, loadbalancer_id and type must be specified.");
  }
  const binding = resolveBinding(store, listenerId, lbIdGiven);
  const fields = poolDefaults({ lb_algorithm: String(given.get("lb_algorithm")), protocol: String(given.get("protocol")), type });
  applyGiven(fields, given);
  const { listener } = binding;
  checkPoolRules(fields, { vpcKnown: (id) => store.vpcIds.has(id), listenerProtocol: listener?.protocol });
  if (listener) requireForwarding("v3", listener, fields.protocol);
  store.requireActive(binding.lbId, "pool cannot be created");
  requireFreeListener(listener);
  const limit = store.options.quotas.poolsPerProject;
  if (store.poolsOf("v3").length >= limit) {
    throw new ServiceError(409, ERROR_CODES.quotaExceeded, `Quota exceeded for resources: pool (limit ${limit}).`);
  }
  return poolView(store, insertPool(store, "v3", fields, binding));
}

function updatePool(store: Store, id: string, body: unknown): PoolView {
  const input = objectEnvelope(body, "pool");
  const pool = requirePool(store, "v3", id);
  const given = checkPoolBody(input, "update");
  // seed 004: vpc_id and type may only be updated while they are empty; type never back to "".
  // Sending the current non-empty value again is refused too (inferred: the rule is about the
  // current value, not about a change).
  for (const key of ["type", "vpc_id"] as const) {
    if (given.has(key) && pool[key] !== "") {
      throw invalid(key, `${key} can only be updated while it is empty; it is "${pool[key]}".`, given.get(key));
    }
  }
  const next: PoolFields = clone(pool);
  applyGiven(next, given);
  const listenerProtocol = store.listenersOf(pool.id)[0]?.protocol;
  checkPoolRules(next, { vpcKnown: (vpc) => store.vpcIds.has(vpc), listenerProtocol });
  store.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be updated`);
  Object.assign(pool, next);
  pool.updated_at = store.now();
  return poolView(store, pool);
}

function deletePool(store: Store, id: string, cascade: boolean): void {
  const pool = requirePool(store, "v3", id);
  store.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be deleted`);
  if (!cascade) {
    // (inferred) ELB-API.md: delete is refused while members or a health check still hold the pool.
    if (pool.member_ids.length > 0) {
      throw conflict(`Pool ${pool.id} still has ${pool.member_ids.length} member(s); delete them first or use delete-cascade.`);
    }
    if (pool.healthmonitor_id) {
      throw conflict(`Pool ${pool.id} still has health monitor ${pool.healthmonitor_id}; delete it first or use delete-cascade.`);
    }
  } else if (pool.member_deletion_protection_enable && pool.member_ids.length > 0) {
    // (inferred) deletion protection also guards the members a cascade would delete.
    throw conflict(`Pool ${pool.id} has member_deletion_protection_enable set to true; its members cannot be deleted.`);
  }
  removePool(store, pool);
}

/** The list filters of pools (v3 names them all; the active/standby list picks some). */
export function poolFilters(store: Store): FilterSpec<PoolRecord> {
  const field = (k: keyof PoolRecord) => (p: PoolRecord) => p[k];
  const memberField = (k: "address" | "device_id" | "instance_id") => (p: PoolRecord) =>
    p.member_ids.map((m) => {
      const member = store.members.get(m);
      // only active/standby members have a device_id
      if (k === "device_id") return member?.role ? member.device_id : undefined;
      return member?.[k];
    });
  return {
    id: field("id"),
    name: field("name"),
    description: field("description"),
    lb_algorithm: field("lb_algorithm"),
    protocol: field("protocol"),
    type: field("type"),
    vpc_id: field("vpc_id"),
    ip_version: field("ip_version"),
    healthmonitor_id: field("healthmonitor_id"),
    enterprise_project_id: field("enterprise_project_id"),
    protection_status: field("protection_status"),
    member_deletion_protection_enable: field("member_deletion_protection_enable"),
    any_port_enable: field("any_port_enable"),
    public_border_group: field("public_border_group"),
    loadbalancer_id: field("loadbalancer_id"),
    listener_id: (p) => store.listenersOf(p.id).map((l) => l.id),
    member_address: memberField("address"),
    member_device_id: memberField("device_id"),
    member_instance_id: memberField("instance_id"),
  };
}

function listPools(store: Store, query: Query): Obj {
  const { items, page_info } = paginate(store.poolsOf("v3"), query, poolFilters(store), "pool");
  return { pools: items.map((p) => poolView(store, p)), page_info };
}

export function poolViews(store: Store): PoolView[] {
  return store.poolsOf("v3").map((p) => poolView(store, p));
}

// --- out-of-band changes (drift tests; no validation, no counting) -------------------------------

const OUT_OF_BAND_FIELDS = new Set<string>([...Object.keys(POOL_FIELDS), "healthmonitor_id"].filter((k) => k !== "listener_id"));

/** Sets stored fields of a pool of any kind as another tool would: no rule applies. */
export function outOfBandUpdatePool(store: Store, id: string, patch: Record<string, unknown>): void {
  const pool = store.pools.get(id);
  if (!pool) throw new Error(`outOfBand.updatePool: pool ${id} does not exist`);
  for (const [key, value] of Object.entries(patch)) {
    if (!OUT_OF_BAND_FIELDS.has(key)) throw new Error(`outOfBand.updatePool: ${key} is not a stored pool field`);
    Object.assign(pool, { [key]: clone(value) });
  }
  pool.updated_at = store.now();
}

export function outOfBandDeletePool(store: Store, id: string): void {
  const pool = store.pools.get(id);
  if (!pool) throw new Error(`outOfBand.deletePool: pool ${id} does not exist`);
  removePool(store, pool);
}

/** Gives a pool a health monitor as another tool would (no rule applies); returns its ID. */
export function attachHealthMonitor(store: Store, poolId: string): string {
  const pool = store.pools.get(poolId);
  if (!pool) throw new Error(`attachHealthMonitor: pool ${poolId} does not exist`);
  if (pool.healthmonitor_id) return pool.healthmonitor_id;
  // the API's defaults for the rest (ELB-API.md "Health monitors (v3)")
  const hm = newHealthMonitor(store, pool, { type: "TCP", delay: 5, timeout: 3, max_retries: 3 }, { domain_name: "", http_method: "GET" });
  pool.updated_at = store.now();
  return hm.id;
}

export const POOL_ROUTES: Route[] = [
  elbRoute("POST", "v3", "/pools", (d, c) => ok(201, { pool: createPool(d.store, c.body) })),
  elbRoute("GET", "v3", "/pools", (d, c) => ok(200, listPools(d.store, c.query))),
  elbRoute("GET", "v3", "/pools/{id}", (d, c) => ok(200, { pool: poolView(d.store, requirePool(d.store, "v3", param(c, 1))) })),
  elbRoute("PUT", "v3", "/pools/{id}", (d, c) => ok(200, { pool: updatePool(d.store, param(c, 1), c.body) })),
  elbRoute("DELETE", "v3", "/pools/{id}", (d, c) => (deletePool(d.store, param(c, 1), false), ok(204))),
  elbRoute("DELETE", "v3", "/pools/{id}/delete-cascade", (d, c) => (deletePool(d.store, param(c, 1), true), ok(204))),
];
