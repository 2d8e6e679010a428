/**
 * What the emulator's master-slave and v2 pool modules share: their records live in the Store's
 * public maps next to v3 pools (`PoolRecord.kind`), and a listener holds one pool of any kind
 * (`ListenerRecord.default_pool_id`, which the v3 create already refuses to overwrite).
 */
import { randomUUID } from "node:crypto";
import { conflict, invalid, notFound } from "./errors";
import { formatTime, type ListenerRecord, type PoolFields, type PoolRecord, type Store } from "./store";

export function nowText(store: Store): string {
  return formatTime(store.options.now());
}

/** A pool of `kind`, else 404 (a pool of another kind is not found here: each API sees its own). */
export function requirePool(store: Store, kind: PoolRecord["kind"], id: string): PoolRecord {
  const pool = store.pools.get(id);
  if (!pool || pool.kind !== kind) throw notFound("pool", id);
  return pool;
}

/**
 * Resolves `listener_id` / `loadbalancer_id` of a create body: both must exist and agree, and the
 * listener must hold no pool yet, whatever its kind (seed 000: "the listener must have no backend
 * server group"). Returns the listener and the pool's load balancer.
 */
export function resolveBinding(
  store: Store,
  listenerId: string | undefined,
  lbId: string | undefined,
): { listener: ListenerRecord | undefined; lbId: string | null } {
  const listener = listenerId !== undefined ? store.listeners.get(listenerId) : undefined;
  if (listenerId !== undefined && !listener) throw notFound("listener", listenerId);
  if (lbId !== undefined && !store.loadbalancers.has(lbId)) throw notFound("loadbalancer", lbId);
  if (listener && lbId !== undefined && listener.loadbalancer_id !== lbId) {
    throw invalid("listener_id", `Listener ${listener.id} belongs to load balancer ${listener.loadbalancer_id}, not ${lbId}.`, listener.id);
  }
  if (listener?.default_pool_id) throw conflict(`Listener ${listener.id} already has a default pool ${listener.default_pool_id}.`);
  return { listener, lbId: lbId ?? listener?.loadbalancer_id ?? null };
}

/** The v3 pool fields a record of another kind still carries (it shares PoolRecord), at their defaults. */
export function baseFields(over: Partial<PoolFields> & Pick<PoolFields, "lb_algorithm" | "protocol">): PoolFields {
  return {
    name: "",
    description: "",
    type: "",
    vpc_id: "",
    admin_state_up: true,
    ip_version: "v4",
    session_persistence: null,
    slow_start: null,
    member_deletion_protection_enable: false,
    protection_status: "nonProtection",
    protection_reason: "",
    any_port_enable: false,
    connection_drain: null,
    pool_health: null,
    quic_cid_hash_strategy: null,
    az_affinity: null,
    public_border_group: "center",
    enterprise_project_id: "0",
    healthmonitor_id: null,
    ...over,
  };
}

/** Stores a new pool record and binds its listener. */
export function insertPool(
  store: Store,
  record: Omit<PoolRecord, "id" | "created_at" | "updated_at">,
  listener: ListenerRecord | undefined,
): PoolRecord {
  const now = nowText(store);
  const pool: PoolRecord = { ...record, id: randomUUID(), created_at: now, updated_at: now };
  store.pools.set(pool.id, pool);
  if (listener) {
    listener.default_pool_id = pool.id;
    listener.updated_at = now;
  }
  return pool;
}

/** Removes a pool with its members and health monitor, and frees its listener. */
export function removePool(store: Store, pool: PoolRecord): void {
  for (const memberId of pool.member_ids) store.members.delete(memberId);
  if (pool.healthmonitor_id) store.healthmonitors.delete(pool.healthmonitor_id);
  const now = nowText(store);
  for (const listener of store.listenersOf(pool.id)) {
    listener.default_pool_id = null;
    listener.updated_at = now;
  }
  store.pools.delete(pool.id);
}
