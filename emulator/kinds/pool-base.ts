/**
 * What the three pool kinds (v3, active/standby, legacy v2) share: their records live in the Store's
 * one `pools` map (`PoolRecord.kind`), a listener holds one pool of any kind, and these rules are
 * declared here once: the pool lookup per kind, the listener/load balancer binding and which pool
 * protocols a listener forwards to, the stored defaults, insertion and removal.
 */
import { conflict, invalid, notFound } from "../errors";
import type {
  SessionPersistence,
  ConnectionDrain,
  ListenerRecord,
  PoolFields,
  PoolHealth,
  PoolKind,
  PoolRecord,
  QuicCidHashStrategy,
  SlowStart,
} from "../records";
import { type Store, newId } from "../store";

/** The fields every pool view (and list filter set) starts with, in the API's order. */
export const POOL_HEAD = ["id", "name", "description", "lb_algorithm", "protocol", "type", "vpc_id"] as const;

/** A pool of `kind`, else 404 ELB.8904 (a pool of another kind is not found here: each API sees its own). */
export function requirePool(store: Store, kind: PoolKind, id: string): PoolRecord {
  const pool = store.pools.get(id);
  if (!pool || pool.kind !== kind) throw notFound("pool", id);
  return pool;
}

/**
 * Listener protocol → the pool protocols it forwards to, per API. Seed 004 documents (v3) UDP→UDP/QUIC,
 * TCP→TCP, HTTP→HTTP, HTTPS→HTTP/HTTPS; the rest is (inferred) and kept permissive but sane: TLS→TLS/TCP,
 * QUIC→QUIC/UDP, HTTPS→GRPC, IP→IP. Active/standby pools follow the v3 column (inferred; their own
 * protocols, TCP/UDP/QUIC/TLS, already leave out the rest). Legacy v2 pools (seed 001 names the relation
 * without the table; inferred) sit on shared load balancers: no TLS, QUIC or IP listener forwards to them.
 *
 * | listener         | v3, master-slave  | v2   |
 * |------------------|-------------------|------|
 * | TCP              | TCP               | TCP  |
 * | UDP              | UDP, QUIC         | UDP  |
 * | HTTP             | HTTP              | HTTP |
 * | HTTPS            | HTTPS, HTTP, GRPC | HTTP |
 * | TERMINATED_HTTPS | HTTP              | HTTP |
 * | TLS              | TLS, TCP          | –    |
 * | QUIC             | QUIC, UDP         | –    |
 * | IP               | IP                | –    |
 */
const LISTENER_POOL_PROTOCOLS: Readonly<Record<string, { v3: readonly string[]; v2: readonly string[] }>> = {
  TCP: { v3: ["TCP"], v2: ["TCP"] },
  UDP: { v3: ["UDP", "QUIC"], v2: ["UDP"] },
  HTTP: { v3: ["HTTP"], v2: ["HTTP"] },
  HTTPS: { v3: ["HTTPS", "HTTP", "GRPC"], v2: ["HTTP"] },
  TERMINATED_HTTPS: { v3: ["HTTP"], v2: ["HTTP"] },
  TLS: { v3: ["TLS", "TCP"], v2: [] },
  QUIC: { v3: ["QUIC", "UDP"], v2: [] },
  IP: { v3: ["IP"], v2: [] },
};

/** 400 on `protocol` unless the listener forwards to a pool of this kind and protocol. */
export function requireForwarding(kind: PoolKind, listener: ListenerRecord, protocol: string): void {
  const row = Object.hasOwn(LISTENER_POOL_PROTOCOLS, listener.protocol) ? LISTENER_POOL_PROTOCOLS[listener.protocol] : undefined;
  const allowed = (kind === "v2" ? row?.v2 : row?.v3) ?? [];
  if (allowed.includes(protocol)) return;
  const message =
    kind === "v3"
      ? `A ${listener.protocol} listener only forwards to ${allowed.join(" or ")} pools.`
      : `A ${listener.protocol} listener cannot forward to a ${protocol} ${kind === "master-slave" ? "active/standby " : ""}pool.`;
  throw invalid("protocol", message, protocol);
}

export interface Binding {
  listener: ListenerRecord | undefined;
  /** the pool's load balancer: the one given, else the listener's */
  lbId: string | null;
}

/**
 * Resolves `listener_id` / `loadbalancer_id` of a create body: both must exist (404) and agree (400).
 * The kind then checks the protocol (`requireForwarding`) and that the listener is free
 * (`requireFreeListener`), in the order its API does.
 */
export function resolveBinding(store: Store, listenerId: string | undefined, lbIdGiven: string | undefined): Binding {
  const listener = listenerId !== undefined ? store.listeners.get(listenerId) : undefined;
  if (listenerId !== undefined && !listener) throw notFound("listener", listenerId);
  if (lbIdGiven !== undefined && !store.loadbalancers.has(lbIdGiven)) throw notFound("loadbalancer", lbIdGiven);
  if (listener && lbIdGiven !== undefined && listener.loadbalancer_id !== lbIdGiven) {
    throw invalid(
      "listener_id",
      `Listener ${listener.id} belongs to load balancer ${listener.loadbalancer_id}, not ${lbIdGiven}.`,
      listener.id,
    );
  }
  return { listener, lbId: lbIdGiven ?? listener?.loadbalancer_id ?? null };
}

/** 409 when the listener already holds a pool, whatever its kind (seed 000: "the listener must have no backend server group"). */
export function requireFreeListener(listener: ListenerRecord | undefined): void {
  if (listener?.default_pool_id) throw conflict(`Listener ${listener.id} already has a default pool ${listener.default_pool_id}.`);
}

/**
 * The binding of an active/standby or v2 pool, checked in their APIs' order: listener and load balancer
 * (404/400), the listener free (409), its protocol (400), the load balancer ACTIVE (409).
 */
export function bindNewPool(
  store: Store,
  kind: PoolKind,
  protocol: string,
  listenerId: string | undefined,
  lbId: string | undefined,
): Binding {
  const binding = resolveBinding(store, listenerId, lbId);
  requireFreeListener(binding.listener);
  if (binding.listener) requireForwarding(kind, binding.listener, protocol);
  store.requireActive(binding.lbId, "pool cannot be created");
  return binding;
}

/** Protocols of which pools show slow start: "HTTP/HTTPS only, other protocols passing the field get an error" (seed 004). */
export const SLOW_START_PROTOCOLS = ["HTTP", "HTTPS"];
/** any_port_enable and connection_drain: TCP/UDP/QUIC pools (seeds 000, 003, 004). */
export const PORTLESS_PROTOCOLS = ["TCP", "UDP", "QUIC"];

/** (inferred) HTTP/HTTPS pools show slow start off with the documented default duration. */
export function defaultSlowStart(protocol: string): SlowStart | null {
  return SLOW_START_PROTOCOLS.includes(protocol) ? { enable: false, duration: 30 } : null;
}
/** (inferred) TCP/UDP/QUIC pools show draining off with a 300 s timeout. */
export function defaultConnectionDrain(protocol: string): ConnectionDrain | null {
  return PORTLESS_PROTOCOLS.includes(protocol) ? { enable: false, timeout: 300 } : null;
}
/** (inferred) */
export function defaultPoolHealth(): PoolHealth {
  return { minimum_healthy_member_count: 0 };
}
/** SDK model: len default 3, offset default 1; shown for QUIC pools only (inferred). */
export function defaultQuicCid(protocol: string): QuicCidHashStrategy | null {
  return protocol === "QUIC" ? { len: 3, offset: 1 } : null;
}

/**
 * A pool's stored fields at their defaults, for any kind; `over` holds what the request gave. Kinds
 * whose API does not show a field (e.g. slow_start on active/standby pools) still carry it here.
 */
export function poolDefaults(over: Partial<PoolFields> & Pick<PoolFields, "lb_algorithm" | "protocol">): PoolFields {
  const protocol = over.protocol;
  return {
    name: "",
    description: "",
    type: "",
    vpc_id: "",
    admin_state_up: true,
    ip_version: "v4",
    session_persistence: null,
    slow_start: defaultSlowStart(protocol),
    member_deletion_protection_enable: false,
    protection_status: "nonProtection",
    protection_reason: "",
    any_port_enable: false,
    connection_drain: defaultConnectionDrain(protocol),
    pool_health: defaultPoolHealth(),
    quic_cid_hash_strategy: defaultQuicCid(protocol),
    az_affinity: null,
    public_border_group: "center", // (inferred) the default border group
    enterprise_project_id: "0", // (inferred) the default enterprise project
    healthmonitor_id: null,
    ...over,
  };
}

/** Stores a new pool record of `kind` (ID, project and times filled) and binds its listener. */
export function insertPool(store: Store, kind: PoolKind, fields: PoolFields, binding: Binding): PoolRecord {
  const now = store.now();
  const pool: PoolRecord = {
    ...fields,
    kind,
    id: newId(),
    loadbalancer_id: binding.lbId,
    member_ids: [],
    project_id: store.options.projectId,
    created_at: now,
    updated_at: now,
  };
  store.pools.set(pool.id, pool);
  if (binding.listener) {
    binding.listener.default_pool_id = pool.id;
    binding.listener.updated_at = now;
  }
  return pool;
}

/** Removes a pool with its members and health monitor, and frees its listener. */
export function removePool(store: Store, pool: PoolRecord): void {
  for (const memberId of pool.member_ids) store.members.delete(memberId);
  if (pool.healthmonitor_id) store.healthmonitors.delete(pool.healthmonitor_id);
  const now = store.now();
  for (const listener of store.listenersOf(pool.id)) {
    listener.default_pool_id = null;
    listener.updated_at = now;
  }
  store.pools.delete(pool.id);
}

/** The `listeners`, `loadbalancers` and `members` ID lists every pool view shows. */
export function poolRefs(
  store: Store,
  p: PoolRecord,
): { listeners: { id: string }[]; loadbalancers: { id: string }[]; members: { id: string }[] } {
  return {
    listeners: store.listenersOf(p.id).map((l) => ({ id: l.id })),
    loadbalancers: p.loadbalancer_id ? [{ id: p.loadbalancer_id }] : [],
    members: p.member_ids.map((id) => ({ id })),
  };
}

/**
 * A checked `session_persistence` object as every pool kind stores it: `cookie_name` null when not
 * given; the timeout ignored for APP_COOKIE (echoed when given, else null (inferred)), else the given
 * one or the kind's default for the protocol.
 */
export function storedStickiness(
  value: { type?: unknown; cookie_name?: unknown; persistence_timeout?: unknown },
  defaultTimeout: number,
): SessionPersistence {
  const type = String(value.type);
  const timeout = typeof value.persistence_timeout === "number" ? value.persistence_timeout : undefined;
  return {
    type,
    cookie_name: typeof value.cookie_name === "string" ? value.cookie_name : null,
    persistence_timeout: type === "APP_COOKIE" ? (timeout ?? null) : (timeout ?? defaultTimeout),
  };
}
