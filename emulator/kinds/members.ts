/**
 * Members (backend servers) of v3 pools: the single-member API, the batch APIs (add / delete / update)
 * and their routes. The rules are in member-rules.ts. Written from ELB-API.md ("Members", "Errors") and
 * seed 002 (the batch-add page), never from the provider's code.
 *
 * The members live in the store's `members` map (by ID) and each pool's `member_ids` (creation order),
 * so pool views, the pool delete (refused while members exist) and `delete-cascade` see them. Only v3
 * pools have member endpoints: a master-slave or v2 pool ID answers 404 like an unknown pool.
 *
 * Order of checks in every write (inferred, as for pools): the pool (404), the body (400, the whole
 * batch before anything is applied), deletion protection (409), the load balancer ACTIVE (409), the
 * members-per-pool quota (403 ELB.2001); then the change is applied all at once.
 */
import { isIPv4, isIPv6 } from "node:net";
import { ERROR_CODES, ServiceError, conflict, invalid, notFound } from "../errors";
import { type FilterSpec, type Query, paginate } from "../lists";
import type { PoolRecord, V3MemberRecord } from "../records";
import { type Route, elbRoute, ok, param } from "../route";
import { type Store, newId, pick } from "../store";
import { type Obj, objectEnvelope, optional, present } from "../validators";
import {
  BATCH_ADD_FIELDS,
  BATCH_DELETE_FIELDS,
  BATCH_UPDATE_FIELDS,
  CREATE_FIELDS,
  MEMBER_CHECKS,
  type MemberInput,
  UPDATE_FIELDS,
  batchItems,
  checkItem,
  checkPatch,
  checkPlacement,
  checkQuota,
  ipVersion,
  itemObject,
  memberKey,
  refuseIfProtected,
} from "./member-rules";
import { memberHealth } from "./health-monitors";
import { requirePool } from "./pool-base";

/** A member as the API shows it (seed 002 BatchMember, ELB-API.md "Members"). */
export type MemberView = ReturnType<typeof memberView>;

export function memberView(store: Store, m: V3MemberRecord) {
  const pool = store.pools.get(m.pool_id);
  const operating = memberHealth(store, pool, m.address);
  return {
    ...pick(m, ["id", "name", "address", "protocol_port", "subnet_cidr_id", "weight", "admin_state_up"]),
    operating_status: operating,
    status: store.listenersOf(m.pool_id).map((l) => ({ listener_id: l.id, operating_status: operating })),
    ...pick(m, ["member_type", "instance_id", "port_id", "ip_version", "availability_zone", "project_id", "created_at", "updated_at"]),
  };
}

/** The v3 member `id` of `pool`, or undefined. */
function memberOf(store: Store, pool: PoolRecord, id: string): V3MemberRecord | undefined {
  const m = store.members.get(id);
  return m && !m.role && m.pool_id === pool.id ? m : undefined;
}

function membersOf(store: Store, pool: PoolRecord): V3MemberRecord[] {
  return pool.member_ids.flatMap((id) => memberOf(store, pool, id) ?? []);
}

function memberOr404(store: Store, pool: PoolRecord, id: string): V3MemberRecord {
  const member = memberOf(store, pool, id);
  if (!member) throw notFound("member", id);
  return member;
}

const requireActive = (store: Store, pool: PoolRecord) =>
  store.requireActive(pool.loadbalancer_id, `members of pool ${pool.id} cannot be changed`);

function insert(store: Store, pool: PoolRecord, m: MemberInput): V3MemberRecord {
  const now = store.now();
  const record: V3MemberRecord = {
    id: newId(),
    pool_id: pool.id,
    ...m,
    member_type: m.subnet_cidr_id === "" ? "ip" : "instance",
    ip_version: ipVersion(m.address),
    // (inferred) the emulator has no ECS or VPC ports behind addresses: both empty, as in seed 002's example.
    instance_id: "",
    port_id: "",
    project_id: store.options.projectId,
    created_at: now,
    updated_at: now,
  };
  store.members.set(record.id, record);
  pool.member_ids.push(record.id);
  return record;
}

function remove(store: Store, pool: PoolRecord, member: { id: string }): void {
  store.members.delete(member.id);
  pool.member_ids = pool.member_ids.filter((id) => id !== member.id);
}

function list(store: Store, poolId: string, query: Query): Obj {
  const pool = requirePool(store, "v3", poolId);
  const field = (k: keyof V3MemberRecord) => (m: V3MemberRecord) => m[k];
  const filters: FilterSpec<V3MemberRecord> = {
    id: field("id"),
    name: field("name"),
    address: field("address"),
    protocol_port: field("protocol_port"),
    subnet_cidr_id: field("subnet_cidr_id"),
    weight: field("weight"),
    admin_state_up: field("admin_state_up"),
    member_type: field("member_type"),
    instance_id: field("instance_id"),
    ip_version: field("ip_version"),
    availability_zone: field("availability_zone"),
    operating_status: (m) => memberView(store, m).operating_status,
  };
  const { items, page_info } = paginate(membersOf(store, pool), query, filters, "member");
  return { members: items.map((m) => memberView(store, m)), page_info };
}

function create(store: Store, poolId: string, body: unknown): MemberView {
  const pool = requirePool(store, "v3", poolId);
  const input = checkItem(pool, objectEnvelope(body, "member"), CREATE_FIELDS, "");
  checkPlacement(store, pool, input, "");
  const key = memberKey(pool, input.address, input.protocol_port);
  const existing = membersOf(store, pool).find((m) => memberKey(pool, m.address, m.protocol_port) === key);
  requireActive(store, pool);
  if (existing) {
    // ELB-API.md: a pool may not hold two members with the same (address, protocol_port); 409 ELB.8907.
    throw conflict(
      `Pool ${pool.id} already has member ${existing.id} with address ${existing.address} and protocol_port ${existing.protocol_port}.`,
    );
  }
  checkQuota(store, pool, 1);
  return memberView(store, insert(store, pool, input));
}

function update(store: Store, poolId: string, memberId: string, body: unknown): MemberView {
  const pool = requirePool(store, "v3", poolId);
  const member = memberOr404(store, pool, memberId);
  const item = itemObject(objectEnvelope(body, "member"), "member", UPDATE_FIELDS, "");
  const patch = checkPatch(item, UPDATE_FIELDS, "");
  requireActive(store, pool);
  Object.assign(member, patch);
  member.updated_at = store.now();
  return memberView(store, member);
}

function deleteMember(store: Store, poolId: string, memberId: string): void {
  const pool = requirePool(store, "v3", poolId);
  const member = memberOr404(store, pool, memberId);
  refuseIfProtected(pool);
  requireActive(store, pool);
  remove(store, pool, member);
}

/** Refuses the same backend twice in one request (400, inferred). */
function refuseRepeats<T>(
  values: T[],
  keyOf: (value: T) => string | undefined,
  error: (i: number, first: number, value: T) => Error,
): void {
  const seen = new Map<string, number>();
  values.forEach((value, i) => {
    const key = keyOf(value);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first !== undefined) throw error(i, first, value);
    seen.set(key, i);
  });
}

/**
 * seed 002: up to batchSize members; an item whose (address, protocol_port) the pool already holds
 * answers `existed` with the existing member (its ID and current fields; the item's other fields are
 * not applied). The batch is checked as a whole before anything is added (inferred: the seed is
 * silent on partial batches); the same (address, protocol_port) twice in one request is 400 (inferred).
 */
function batchAdd(store: Store, poolId: string, body: unknown): Obj[] {
  const pool = requirePool(store, "v3", poolId);
  const inputs = batchItems(store, body).map((item, i) => checkItem(pool, item, BATCH_ADD_FIELDS, `members[${i}].`));
  inputs.forEach((m, i) => checkPlacement(store, pool, m, `members[${i}].`));
  const key = (m: { address: string; protocol_port: number | null }) => memberKey(pool, m.address, m.protocol_port);
  const existing = new Map(membersOf(store, pool).map((m) => [key(m), m]));
  refuseRepeats(inputs, key, (i, first, m) =>
    invalid(
      `members[${i}].address`,
      `members[${i}] and members[${first}] are the same backend (address ${m.address}, protocol_port ${m.protocol_port}).`,
      m.address,
    ),
  );
  requireActive(store, pool);
  checkQuota(store, pool, inputs.filter((m) => !existing.has(key(m))).length);
  return inputs.map((m) => {
    const found = existing.get(key(m));
    if (found) return { ...memberView(store, found), ret_status: "existed" };
    return { ...memberView(store, insert(store, pool, m)), ret_status: "successful" };
  });
}

/**
 * Items name a member by `id`, or by `address` + `protocol_port` (the port may be left out on any-port
 * pools). When `id` is given, it alone decides (inferred). A member not in the pool answers
 * `ret_status: "not found"` (not an error). Each answer item has `id`, `address`, `protocol_port`
 * (the member's, or what the item gave, `null` where unknown; inferred) and `ret_status`.
 * Two items naming the same member are refused (400, inferred).
 */
function batchDelete(store: Store, poolId: string, body: unknown): Obj[] {
  const pool = requirePool(store, "v3", poolId);
  const items = batchItems(store, body);
  const byKey = new Map(membersOf(store, pool).map((m) => [memberKey(pool, m.address, m.protocol_port), m]));
  const resolved = items.map((raw, i) => {
    const prefix = `members[${i}].`;
    const item = itemObject(raw, `members[${i}]`, BATCH_DELETE_FIELDS, prefix);
    const id = optional(item, "id", MEMBER_CHECKS.id, prefix) ?? null;
    const address = optional(item, "address", MEMBER_CHECKS.address, prefix) ?? null;
    const port = optional(item, "protocol_port", MEMBER_CHECKS.protocol_port, prefix) ?? null;
    if (id === null && address === null) throw invalid(`${prefix}id`, "Either id or address (with protocol_port) is required.");
    if (id === null && port === null && !pool.any_port_enable) {
      throw invalid(`${prefix}protocol_port`, "Required with address (the pool does not have any_port_enable).");
    }
    const member = id !== null ? memberOf(store, pool, id) : address !== null ? byKey.get(memberKey(pool, address, port)) : undefined;
    return { id, address, port, member };
  });
  refuseRepeats(
    resolved,
    (r) => r.member?.id,
    (i, first, r) => invalid(`members[${i}]`, `members[${i}] and members[${first}] name the same member ${r.member?.id}.`),
  );
  refuseIfProtected(pool);
  requireActive(store, pool);
  return resolved.map((r) => {
    if (!r.member) return { id: r.id, address: r.address, protocol_port: r.port, ret_status: "not found" };
    remove(store, pool, r.member);
    return { id: r.member.id, address: r.member.address, protocol_port: r.member.protocol_port, ret_status: "successful" };
  });
}

/**
 * Each item names a member by `id` and gives the fields to change. An unknown ID refuses the whole
 * batch with 404 (inferred); an update that would give two members the same (address, protocol_port)
 * is 409 ELB.8907 like a duplicate create (inferred).
 */
function batchUpdate(store: Store, poolId: string, body: unknown): MemberView[] {
  const pool = requirePool(store, "v3", poolId);
  const seen = new Map<string, number>();
  const changes = batchItems(store, body).map((raw, i) => {
    const prefix = `members[${i}].`;
    const item = itemObject(raw, `members[${i}]`, BATCH_UPDATE_FIELDS, prefix);
    if (!present(item, "id")) throw invalid(`${prefix}id`, "This field is required.");
    const id = MEMBER_CHECKS.id(item.id, `${prefix}id`);
    const patch = checkPatch(
      item,
      BATCH_UPDATE_FIELDS.filter((k) => k !== "id"),
      prefix,
    );
    const first = seen.get(id);
    if (first !== undefined) throw invalid(`${prefix}id`, `members[${i}] and members[${first}] name the same member ${id}.`, id);
    seen.set(id, i);
    return { id, patch, index: i };
  });
  const targets = changes.map(({ id, patch, index }) => {
    const member = memberOf(store, pool, id);
    if (!member)
      throw new ServiceError(404, ERROR_CODES.notFound, `member ${id} could not be found in pool ${pool.id} (members[${index}].id).`);
    return { member, patch };
  });
  refuseSameBackends(store, pool, targets);
  requireActive(store, pool);
  const now = store.now();
  return targets.map(({ member, patch }) => {
    Object.assign(member, patch);
    member.updated_at = now;
    return memberView(store, member);
  });
}

/** The pool after the batch must still have one member per (address, protocol_port). */
function refuseSameBackends(store: Store, pool: PoolRecord, targets: { member: V3MemberRecord; patch: Obj }[]): void {
  const ports = new Map(membersOf(store, pool).map((m) => [m.id, m.protocol_port]));
  for (const { member, patch } of targets) if (typeof patch.protocol_port === "number") ports.set(member.id, patch.protocol_port);
  const keys = new Map<string, string>();
  for (const m of membersOf(store, pool)) {
    const key = memberKey(pool, m.address, ports.get(m.id) ?? null);
    const other = keys.get(key);
    if (other !== undefined) {
      throw conflict(
        `Members ${other} and ${m.id} of pool ${pool.id} would both be address ${m.address} protocol_port ${ports.get(m.id)}.`,
      );
    }
    keys.set(key, m.id);
  }
}

// --- inspection and out-of-band changes (tests; no request validation, not counted) --------------

/** The API's member objects of a v3 pool in creation order ([] for an unknown pool). */
export function memberViews(store: Store, poolId: string): MemberView[] {
  const pool = store.pools.get(poolId);
  if (!pool || pool.kind !== "v3") return [];
  return membersOf(store, pool).map((m) => memberView(store, m));
}

/**
 * Adds a member as another tool would: defaults applied, member_type / ip_version derived; no
 * subnet, quota, ACTIVE or protection rule. The address must still be an IP literal, and a pool never
 * holds two members with the same (address, protocol_port).
 */
export function outOfBandAddMember(store: Store, poolId: string, wire: Obj): string {
  const pool = store.pools.get(poolId);
  if (!pool || pool.kind !== "v3") throw new Error(`outOfBand.addMember: v3 pool ${poolId} does not exist`);
  for (const key of Object.keys(wire)) {
    if (!(CREATE_FIELDS as readonly string[]).includes(key)) throw new Error(`outOfBand.addMember: ${key} is not a member field`);
  }
  const address = wire.address;
  if (typeof address !== "string" || !(isIPv4(address) || isIPv6(address))) {
    throw new Error(`outOfBand.addMember: address must be an IP literal, got ${JSON.stringify(address)}`);
  }
  const port = typeof wire.protocol_port === "number" ? wire.protocol_port : null;
  const key = memberKey(pool, address, port);
  if (membersOf(store, pool).some((m) => memberKey(pool, m.address, m.protocol_port) === key)) {
    throw new Error(`outOfBand.addMember: pool ${poolId} already has ${address}:${port}`);
  }
  const text = (k: string) => (typeof wire[k] === "string" ? wire[k] : "");
  return insert(store, pool, {
    name: text("name"),
    address,
    protocol_port: port,
    subnet_cidr_id: text("subnet_cidr_id"),
    weight: typeof wire.weight === "number" ? wire.weight : 1,
    admin_state_up: wire.admin_state_up !== false,
    availability_zone: text("availability_zone"),
  }).id;
}

const OUT_OF_BAND_SETTABLE: readonly string[] = [...CREATE_FIELDS, "instance_id", "port_id"];

export function outOfBandUpdateMember(store: Store, poolId: string, memberId: string, patch: Obj): void {
  const member = store.members.get(memberId);
  if (!member || member.pool_id !== poolId) throw new Error(`outOfBand.updateMember: pool ${poolId} has no member ${memberId}`);
  for (const [key, value] of Object.entries(patch)) {
    if (!OUT_OF_BAND_SETTABLE.includes(key)) throw new Error(`outOfBand.updateMember: ${key} is not a stored member field`);
    Object.assign(member, { [key]: key === "subnet_cidr_id" ? (value ?? "") : value });
  }
  member.member_type = member.subnet_cidr_id === "" ? "ip" : "instance";
  member.ip_version = ipVersion(member.address);
  if (!member.role) member.updated_at = store.now();
}

/** Removes a member even under member deletion protection. */
export function outOfBandDeleteMember(store: Store, poolId: string, memberId: string): void {
  const pool = store.pools.get(poolId);
  const member = store.members.get(memberId);
  if (!pool || !member || member.pool_id !== poolId) throw new Error(`outOfBand.deleteMember: pool ${poolId} has no member ${memberId}`);
  remove(store, pool, member);
}

const members = "/pools/{id}/members";
export const MEMBER_ROUTES: Route[] = [
  elbRoute("GET", "v3", members, (d, c) => ok(200, list(d.store, param(c, 1), c.query))),
  elbRoute("POST", "v3", members, (d, c) => ok(201, { member: create(d.store, param(c, 1), c.body) })),
  elbRoute("POST", "v3", `${members}/batch-add`, (d, c) => ok(201, { members: batchAdd(d.store, param(c, 1), c.body) })),
  elbRoute("POST", "v3", `${members}/batch-delete`, (d, c) => ok(200, { members: batchDelete(d.store, param(c, 1), c.body) })),
  elbRoute("POST", "v3", `${members}/batch-update`, (d, c) => ok(200, { members: batchUpdate(d.store, param(c, 1), c.body) })),
  elbRoute("GET", "v3", `${members}/{id}`, (d, c) =>
    ok(200, { member: memberView(d.store, memberOr404(d.store, requirePool(d.store, "v3", param(c, 1)), param(c, 2))) }),
  ),
  elbRoute("PUT", "v3", `${members}/{id}`, (d, c) => ok(200, { member: update(d.store, param(c, 1), param(c, 2), c.body) })),
  elbRoute("DELETE", "v3", `${members}/{id}`, (d, c) => (deleteMember(d.store, param(c, 1), param(c, 2)), ok(204))),
];
