/**
 * Members (backend servers) of v3 pools: the single-member API, the batch APIs (add / delete / update)
 * and their rules, with the real status codes and `ELB.xxxx` codes. Written from /work/shared/ELB-API.md
 * ("Members", "Errors") and seed 002 (the batch-add page), never from the provider's code. Where a
 * behaviour is not documented the comment says "(inferred)".
 *
 * The members live in the store's `members` map (by ID) and each pool's `member_ids` (creation order),
 * so pool views, `deletePool` (refused while members exist) and `delete-cascade` see them. Only v3
 * pools have member endpoints: a master-slave or v2 pool ID answers 404 like an unknown pool.
 *
 * Order of checks in every write (inferred, as for pools): the pool (404), the body (400, the whole
 * batch before anything is applied), deletion protection (409), the load balancer ACTIVE (409), the
 * members-per-pool quota (403 ELB.2001); then the change is applied all at once.
 */
import { randomUUID } from "node:crypto";
import { BlockList, isIPv4, isIPv6 } from "node:net";
import { ServiceError, ERROR_CODES, conflict, invalid, notFound } from "./errors";
import { SUBNETS, type SubnetFixture } from "./fixtures";
import { type FilterSpec, type MemberRecord, type PoolRecord, type Query, type Store, formatTime, paginate } from "./store";

type Obj = Record<string, unknown>;

/** A stored member: the wire fields the API keeps, plus the pool it belongs to. */
export interface Member extends MemberRecord {
  name: string;
  /** "" for IP as a backend (seed 000 shows `"subnet_cidr_id": ""` on `member_type: "ip"` members) */
  subnet_cidr_id: string;
  weight: number;
  admin_state_up: boolean;
  availability_zone: string;
  member_type: "ip" | "instance";
  ip_version: "v4" | "v6";
  instance_id: string;
  port_id: string;
  project_id: string;
  created_at: string;
  updated_at: string;
}

/**
 * Seed 002: without `subnet_cidr_id` (IP as a backend) the pool's protocol must be one of these.
 * (So IP pools cannot take IP-as-backend members.)
 */
const IP_TARGET_PROTOCOLS = ["UDP", "TCP", "TLS", "HTTP", "HTTPS", "QUIC", "GRPC"];

/** Seed 002: IP as a backend "must use private IPv4 addresses": RFC 1918 ranges (inferred). */
const PRIVATE_V4 = new BlockList();
PRIVATE_V4.addSubnet("10.0.0.0", 8, "ipv4");
PRIVATE_V4.addSubnet("172.16.0.0", 12, "ipv4");
PRIVATE_V4.addSubnet("192.168.0.0", 16, "ipv4");

const SUBNET_RANGES = new Map<string, BlockList>(
  SUBNETS.map((s) => {
    const list = new BlockList();
    const [net, prefix] = s.cidr.split("/") as [string, string];
    list.addSubnet(net, Number(prefix), s.ipv6 ? "ipv6" : "ipv4");
    return [s.id, list];
  }),
);

/** Field names accepted by each request kind; anything else is refused by name. */
const BATCH_ADD_FIELDS = ["name", "address", "protocol_port", "subnet_cidr_id", "weight", "availability_zone"];
// The single-member create also takes admin_state_up (SDK CreateMemberOption; inferred here).
const CREATE_FIELDS = [...BATCH_ADD_FIELDS, "admin_state_up"];
const UPDATE_FIELDS = ["name", "weight", "admin_state_up"];
const BATCH_UPDATE_FIELDS = ["id", "name", "weight", "admin_state_up", "availability_zone", "protocol_port"];
const BATCH_DELETE_FIELDS = ["id", "address", "protocol_port"];

// ---------------------------------------------------------------------------------------------
// Field checks (a field name is passed in full: `weight` or `members[3].weight`)

function isPlainObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkString(v: unknown, field: string, max: number): string {
  if (typeof v !== "string") throw invalid(field, "Must be a string.", v);
  if (v.length > max) throw invalid(field, `Length must be between 0 and ${max} characters.`, v);
  return v;
}

function checkInt(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw invalid(field, "Must be an integer.", v);
  if (v < min || v > max) throw invalid(field, `Must be between ${min} and ${max}.`, v);
  return v;
}

function checkBool(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") throw invalid(field, "Must be a boolean.", v);
  return v;
}

function checkAddress(v: unknown, field: string): string {
  if (typeof v !== "string" || !(isIPv4(v) || isIPv6(v))) {
    throw invalid(field, "Must be a valid IPv4 or IPv6 address.", v);
  }
  return v;
}

/** The comparable form of an address: IPv6 written any way compares equal (inferred). */
function canonicalAddress(address: string): string {
  if (!isIPv6(address)) return address;
  try {
    return new URL(`http://[${address}]/`).hostname;
  } catch {
    return address.toLowerCase();
  }
}

function ipVersion(address: string): "v4" | "v6" {
  return isIPv6(address) ? "v6" : "v4";
}

/** A present value: `null` counts as absent for optional fields (inferred, as for pools). */
function given(item: Obj, key: string): boolean {
  return item[key] !== undefined && item[key] !== null;
}

function refuseUnknown(item: Obj, allowed: string[], prefix: string): void {
  for (const key of Object.keys(item)) {
    if (!allowed.includes(key)) throw invalid(`${prefix}${key}`, "Unknown field/attribute.");
  }
}

function requireEnvelope(body: unknown, key: string): unknown {
  if (!isPlainObject(body)) throw invalid(key, "The request body must be a JSON object.");
  for (const k of Object.keys(body)) {
    if (k !== key) throw invalid(k, "Unknown field/attribute.");
  }
  return body[key];
}

/** What a create or batch-add item asks for, checked field by field. */
interface MemberInput {
  name: string;
  address: string;
  protocol_port: number | null;
  subnet_cidr_id: string;
  weight: number;
  admin_state_up: boolean;
  availability_zone: string;
}

// ---------------------------------------------------------------------------------------------

export class Members {
  constructor(private readonly store: Store) {}

  private now(): string {
    return formatTime(this.store.options.now());
  }

  private membersOf(pool: PoolRecord): Member[] {
    return pool.member_ids.map((id) => this.store.members.get(id) as Member);
  }

  private memberOr404(pool: PoolRecord, memberId: string): Member {
    const member = this.store.members.get(memberId) as Member | undefined;
    if (!member || member.pool_id !== pool.id) throw notFound("member", memberId);
    return member;
  }

  /**
   * The identity of a member in its pool: (address, protocol_port); on any-port pools the port "does
   * not take effect" (seed 002), so the address alone (inferred).
   */
  private key(pool: PoolRecord, address: string, port: number | null): string {
    return pool.any_port_enable ? canonicalAddress(address) : `${canonicalAddress(address)}|${port}`;
  }

  /** The member as the API shows it (seed 002 BatchMember, ELB-API.md "Members"). */
  view(m: Member): Obj {
    const pool = this.store.pools.get(m.pool_id);
    // (inferred) every emulated backend is up: NO_MONITOR without a health check, else ONLINE.
    const operating = pool?.healthmonitor_id ? "ONLINE" : "NO_MONITOR";
    return {
      id: m.id,
      name: m.name,
      address: m.address,
      protocol_port: m.protocol_port,
      subnet_cidr_id: m.subnet_cidr_id,
      weight: m.weight,
      admin_state_up: m.admin_state_up,
      operating_status: operating,
      status: this.store.listenersOf(m.pool_id).map((l) => ({ listener_id: l.id, operating_status: operating })),
      member_type: m.member_type,
      instance_id: m.instance_id,
      port_id: m.port_id,
      ip_version: m.ip_version,
      availability_zone: m.availability_zone,
      project_id: m.project_id,
      created_at: m.created_at,
      updated_at: m.updated_at,
    };
  }

  // --- checks -----------------------------------------------------------------------------------

  /** Type checks of a create / batch-add item; `prefix` is "" or "members[3]." */
  private checkItem(pool: PoolRecord, item: unknown, allowed: string[], prefix: string): MemberInput {
    const where = prefix === "" ? "member" : prefix.slice(0, -1);
    if (!isPlainObject(item)) throw invalid(where, "Must be an object.", item);
    refuseUnknown(item, allowed, prefix);
    if (!given(item, "address")) throw invalid(`${prefix}address`, "This field is required.");
    const address = checkAddress(item.address, `${prefix}address`);
    let port: number | null = null;
    if (given(item, "protocol_port")) port = checkInt(item.protocol_port, `${prefix}protocol_port`, 1, 65535);
    else if (!pool.any_port_enable) {
      // seed 002: may be left out only when the pool has any_port_enable.
      throw invalid(`${prefix}protocol_port`, "This field is required (the pool does not have any_port_enable).");
    }
    let subnet = "";
    if (given(item, "subnet_cidr_id")) subnet = checkString(item.subnet_cidr_id, `${prefix}subnet_cidr_id`, 36);
    return {
      name: given(item, "name") ? checkString(item.name, `${prefix}name`, 255) : "", // 255: (inferred) as for pools
      address,
      protocol_port: port,
      subnet_cidr_id: subnet, // "" = IP as a backend (inferred: same as left out)
      weight: given(item, "weight") ? checkInt(item.weight, `${prefix}weight`, 0, 100) : 1,
      // Seed 002: admin_state_up "depends on whether ECSs exist" (its example shows false for a missing
      // server). The emulator treats every backend as existing: default true (inferred).
      admin_state_up: given(item, "admin_state_up") ? checkBool(item.admin_state_up, `${prefix}admin_state_up`) : true,
      // (inferred) any string up to 255 characters; the emulator does not check zone names.
      availability_zone: given(item, "availability_zone") ? checkString(item.availability_zone, `${prefix}availability_zone`, 255) : "",
    };
  }

  /** Where the member may be, given the pool and its load balancer (seed 002, seed 004 `type`). */
  private checkPlacement(pool: PoolRecord, m: MemberInput, prefix: string): void {
    const lb = pool.loadbalancer_id ? this.store.loadbalancers.get(pool.loadbalancer_id) : undefined;
    if (m.subnet_cidr_id !== "") {
      const field = `${prefix}subnet_cidr_id`;
      // seed 004: a pool of type "ip" only takes cross-VPC backends (IP as a backend).
      if (pool.type === "ip") {
        throw invalid(
          field,
          `Pool ${pool.id} has type "ip": only IP-as-backend members (without subnet_cidr_id) can be added.`,
          m.subnet_cidr_id,
        );
      }
      const subnet: SubnetFixture | undefined = SUBNETS.find((s) => s.id === m.subnet_cidr_id);
      // (inferred) an unknown subnet is invalid input rather than a 404.
      if (!subnet) throw invalid(field, `Subnet ${m.subnet_cidr_id} does not exist.`, m.subnet_cidr_id);
      // seed 002: "must be in the same VPC as the subnet of the load balancer" (a pool without a load
      // balancer: its vpc_id (inferred)).
      const vpc = lb?.vpc_id ?? (pool.vpc_id || undefined);
      if (vpc !== undefined && subnet.vpcId !== vpc) {
        throw invalid(
          field,
          `Subnet ${subnet.id} is in VPC ${subnet.vpcId}, not in VPC ${vpc} of ${lb ? `load balancer ${lb.id}` : `pool ${pool.id}`}.`,
          subnet.id,
        );
      }
      const family = subnet.ipv6 ? "ipv6" : "ipv4";
      if ((family === "ipv6") !== isIPv6(m.address) || !SUBNET_RANGES.get(subnet.id)!.check(m.address, family)) {
        throw invalid(`${prefix}address`, `The address must be in subnet ${subnet.id} (${subnet.cidr}).`, m.address);
      }
      return;
    }
    // IP as a backend (seed 002).
    const field = `${prefix}subnet_cidr_id`;
    if (lb && !lb.ip_target_enable) {
      throw invalid(
        field,
        `This field is required: load balancer ${lb.id} does not have IP as a backend enabled (ip_target_enable is false).`,
      );
    }
    if (!IP_TARGET_PROTOCOLS.includes(pool.protocol)) {
      throw invalid(
        field,
        `This field is required: ${pool.protocol} pools cannot have IP-as-backend members (allowed for ${IP_TARGET_PROTOCOLS.join(", ")}).`,
      );
    }
    if (!isIPv4(m.address) || !PRIVATE_V4.check(m.address, "ipv4")) {
      throw invalid(
        `${prefix}address`,
        "Without subnet_cidr_id (IP as a backend) the address must be a private IPv4 address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16).",
        m.address,
      );
    }
  }

  /** A batch body: `{members: [...]}`, 1..batchSize items. */
  private batchItems(body: unknown): unknown[] {
    const items = requireEnvelope(body, "members");
    if (!Array.isArray(items)) throw invalid("members", "This field is required and must be an array.", items);
    // (inferred) an empty batch is refused rather than answered with an empty list.
    if (items.length === 0) throw invalid("members", "Must contain at least 1 item.");
    const max = this.store.options.quotas.batchSize;
    if (items.length > max) {
      throw invalid("members", `At most ${max} members can be given in one request, got ${items.length}.`);
    }
    return items;
  }

  /** Checked before the ACTIVE rule, and even when no item of a batch-delete names a member (inferred). */
  private refuseIfProtected(pool: PoolRecord): void {
    if (pool.member_deletion_protection_enable) {
      // (inferred) status and code: the docs only say the delete is refused; 409 as for delete-cascade.
      throw conflict(`Pool ${pool.id} has member_deletion_protection_enable set to true; its members cannot be deleted.`);
    }
  }

  private checkQuota(pool: PoolRecord, adding: number): void {
    const limit = this.store.options.quotas.membersPerPool;
    if (pool.member_ids.length + adding > limit) {
      throw new ServiceError(
        403,
        ERROR_CODES.memberQuota,
        `Quota exceeded for resources: member. Pool ${pool.id} may hold ${limit} members; it has ${pool.member_ids.length} and the request adds ${adding}.`,
      );
    }
  }

  private insert(pool: PoolRecord, m: MemberInput): Member {
    const now = this.now();
    const record: Member = {
      id: randomUUID(),
      pool_id: pool.id,
      name: m.name,
      address: m.address,
      protocol_port: m.protocol_port,
      subnet_cidr_id: m.subnet_cidr_id,
      weight: m.weight,
      admin_state_up: m.admin_state_up,
      availability_zone: m.availability_zone,
      member_type: m.subnet_cidr_id === "" ? "ip" : "instance",
      ip_version: ipVersion(m.address),
      // (inferred) the emulator has no ECS or VPC ports behind addresses: both empty, as in seed 002's example.
      instance_id: "",
      port_id: "",
      project_id: this.store.options.projectId,
      created_at: now,
      updated_at: now,
    };
    this.store.members.set(record.id, record);
    pool.member_ids.push(record.id);
    return record;
  }

  private remove(pool: PoolRecord, member: Member): void {
    this.store.members.delete(member.id);
    pool.member_ids = pool.member_ids.filter((id) => id !== member.id);
  }

  // --- the API ------------------------------------------------------------------------------------

  list(poolId: string, query: Query): Obj {
    const pool = this.store.requireV3Pool(poolId);
    const f = (k: string) => (m: Member) => m[k];
    const filters: FilterSpec<Member> = {
      id: f("id"),
      name: f("name"),
      address: f("address"),
      protocol_port: f("protocol_port"),
      subnet_cidr_id: f("subnet_cidr_id"),
      weight: f("weight"),
      admin_state_up: f("admin_state_up"),
      member_type: f("member_type"),
      instance_id: f("instance_id"),
      ip_version: f("ip_version"),
      availability_zone: f("availability_zone"),
      operating_status: (m) => this.view(m).operating_status,
    };
    const { items, page_info } = paginate(this.membersOf(pool), query, filters, "member");
    return { members: items.map((m) => this.view(m)), page_info };
  }

  get(poolId: string, memberId: string): Obj {
    const pool = this.store.requireV3Pool(poolId);
    return this.view(this.memberOr404(pool, memberId));
  }

  create(poolId: string, body: unknown): Obj {
    const pool = this.store.requireV3Pool(poolId);
    const item = requireEnvelope(body, "member");
    if (!isPlainObject(item)) throw invalid("member", "This field is required and must be an object.", item);
    const input = this.checkItem(pool, item, CREATE_FIELDS, "");
    this.checkPlacement(pool, input, "");
    const key = this.key(pool, input.address, input.protocol_port);
    const existing = this.membersOf(pool).find((m) => this.key(pool, m.address, m.protocol_port) === key);
    this.store.requireActive(pool.loadbalancer_id, `members of pool ${pool.id} cannot be changed`);
    if (existing) {
      // ELB-API.md: a pool may not hold two members with the same (address, protocol_port); 409 ELB.8907.
      throw conflict(
        `Pool ${pool.id} already has member ${existing.id} with address ${existing.address} and protocol_port ${existing.protocol_port}.`,
      );
    }
    this.checkQuota(pool, 1);
    return this.view(this.insert(pool, input));
  }

  update(poolId: string, memberId: string, body: unknown): Obj {
    const pool = this.store.requireV3Pool(poolId);
    const member = this.memberOr404(pool, memberId);
    const item = requireEnvelope(body, "member");
    if (!isPlainObject(item)) throw invalid("member", "This field is required and must be an object.", item);
    refuseUnknown(item, UPDATE_FIELDS, "");
    const patch: Obj = {};
    if (given(item, "name")) patch.name = checkString(item.name, "name", 255);
    if (given(item, "weight")) patch.weight = checkInt(item.weight, "weight", 0, 100);
    if (given(item, "admin_state_up")) patch.admin_state_up = checkBool(item.admin_state_up, "admin_state_up");
    this.store.requireActive(pool.loadbalancer_id, `members of pool ${pool.id} cannot be changed`);
    Object.assign(member, patch);
    member.updated_at = this.now();
    return this.view(member);
  }

  delete(poolId: string, memberId: string): void {
    const pool = this.store.requireV3Pool(poolId);
    const member = this.memberOr404(pool, memberId);
    this.refuseIfProtected(pool);
    this.store.requireActive(pool.loadbalancer_id, `members of pool ${pool.id} cannot be changed`);
    this.remove(pool, member);
  }

  /**
   * seed 002: up to batchSize members; an item whose (address, protocol_port) the pool already holds
   * answers `existed` with the existing member (its ID and current fields; the item's other fields are
   * not applied). The batch is checked as a whole before anything is added (inferred: the seed is
   * silent on partial batches); the same (address, protocol_port) twice in one request is 400 (inferred).
   */
  batchAdd(poolId: string, body: unknown): Obj[] {
    const pool = this.store.requireV3Pool(poolId);
    const items = this.batchItems(body);
    const inputs = items.map((item, i) => this.checkItem(pool, item, BATCH_ADD_FIELDS, `members[${i}].`));
    inputs.forEach((m, i) => this.checkPlacement(pool, m, `members[${i}].`));

    const existing = new Map(this.membersOf(pool).map((m) => [this.key(pool, m.address, m.protocol_port), m]));
    const seen = new Map<string, number>();
    inputs.forEach((m, i) => {
      const key = this.key(pool, m.address, m.protocol_port);
      const first = seen.get(key);
      if (first !== undefined) {
        throw invalid(
          `members[${i}].address`,
          `members[${i}] and members[${first}] are the same backend (address ${m.address}, protocol_port ${m.protocol_port}).`,
          m.address,
        );
      }
      seen.set(key, i);
    });

    this.store.requireActive(pool.loadbalancer_id, `members of pool ${pool.id} cannot be changed`);
    const adding = inputs.filter((m) => !existing.has(this.key(pool, m.address, m.protocol_port))).length;
    this.checkQuota(pool, adding);

    return inputs.map((m) => {
      const found = existing.get(this.key(pool, m.address, m.protocol_port));
      if (found) return { ...this.view(found), ret_status: "existed" };
      return { ...this.view(this.insert(pool, m)), ret_status: "successful" };
    });
  }

  /**
   * Items name a member by `id`, or by `address` + `protocol_port` (the port may be left out on any-port
   * pools). When `id` is given, it alone decides (inferred). A member not in the pool answers
   * `ret_status: "not found"` (not an error). Each answer item has `id`, `address`, `protocol_port`
   * (the member's, or what the item gave, `null` where unknown; inferred) and `ret_status`.
   * Two items naming the same member are refused (400, inferred).
   */
  batchDelete(poolId: string, body: unknown): Obj[] {
    const pool = this.store.requireV3Pool(poolId);
    const items = this.batchItems(body);
    const byKey = new Map(this.membersOf(pool).map((m) => [this.key(pool, m.address, m.protocol_port), m]));
    const resolved = items.map((item, i) => {
      const prefix = `members[${i}].`;
      if (!isPlainObject(item)) throw invalid(`members[${i}]`, "Must be an object.", item);
      refuseUnknown(item, BATCH_DELETE_FIELDS, prefix);
      const id = given(item, "id") ? checkString(item.id, `${prefix}id`, 36) : null;
      const address = given(item, "address") ? checkAddress(item.address, `${prefix}address`) : null;
      const port = given(item, "protocol_port") ? checkInt(item.protocol_port, `${prefix}protocol_port`, 1, 65535) : null;
      if (id === null && address === null) throw invalid(`${prefix}id`, "Either id or address (with protocol_port) is required.");
      if (id === null && port === null && !pool.any_port_enable) {
        throw invalid(`${prefix}protocol_port`, "Required with address (the pool does not have any_port_enable).");
      }
      let member: Member | undefined;
      if (id !== null) {
        const m = this.store.members.get(id) as Member | undefined;
        member = m && m.pool_id === pool.id ? m : undefined;
      } else {
        member = byKey.get(this.key(pool, address!, port));
      }
      return { id, address, port, member };
    });
    const seen = new Map<string, number>();
    resolved.forEach((r, i) => {
      if (!r.member) return;
      const first = seen.get(r.member.id);
      if (first !== undefined) {
        throw invalid(`members[${i}]`, `members[${i}] and members[${first}] name the same member ${r.member.id}.`);
      }
      seen.set(r.member.id, i);
    });

    this.refuseIfProtected(pool);
    this.store.requireActive(pool.loadbalancer_id, `members of pool ${pool.id} cannot be changed`);

    return resolved.map((r) => {
      if (!r.member) return { id: r.id, address: r.address, protocol_port: r.port, ret_status: "not found" };
      this.remove(pool, r.member);
      return { id: r.member.id, address: r.member.address, protocol_port: r.member.protocol_port, ret_status: "successful" };
    });
  }

  /**
   * Each item names a member by `id` and gives the fields to change. An unknown ID refuses the whole
   * batch with 404 (inferred); an update that would give two members the same (address, protocol_port)
   * is 409 ELB.8907 like a duplicate create (inferred).
   */
  batchUpdate(poolId: string, body: unknown): Obj[] {
    const pool = this.store.requireV3Pool(poolId);
    const items = this.batchItems(body);
    const seen = new Map<string, number>();
    const changes = items.map((item, i) => {
      const prefix = `members[${i}].`;
      if (!isPlainObject(item)) throw invalid(`members[${i}]`, "Must be an object.", item);
      refuseUnknown(item, BATCH_UPDATE_FIELDS, prefix);
      if (!given(item, "id")) throw invalid(`${prefix}id`, "This field is required.");
      const id = checkString(item.id, `${prefix}id`, 36);
      const patch: Obj = {};
      if (given(item, "name")) patch.name = checkString(item.name, `${prefix}name`, 255);
      if (given(item, "weight")) patch.weight = checkInt(item.weight, `${prefix}weight`, 0, 100);
      if (given(item, "admin_state_up")) patch.admin_state_up = checkBool(item.admin_state_up, `${prefix}admin_state_up`);
      if (given(item, "availability_zone")) {
        patch.availability_zone = checkString(item.availability_zone, `${prefix}availability_zone`, 255);
      }
      if (given(item, "protocol_port")) patch.protocol_port = checkInt(item.protocol_port, `${prefix}protocol_port`, 1, 65535);
      const first = seen.get(id);
      if (first !== undefined) throw invalid(`${prefix}id`, `members[${i}] and members[${first}] name the same member ${id}.`, id);
      seen.set(id, i);
      return { id, patch, index: i };
    });
    const targets = changes.map(({ id, patch, index }) => {
      const m = this.store.members.get(id) as Member | undefined;
      if (!m || m.pool_id !== pool.id) {
        throw new ServiceError(404, ERROR_CODES.notFound, `member ${id} could not be found in pool ${pool.id} (members[${index}].id).`);
      }
      return { member: m, patch };
    });

    // The pool after the batch must still have one member per (address, protocol_port).
    const ports = new Map(this.membersOf(pool).map((m) => [m.id, m.protocol_port]));
    for (const { member, patch } of targets) if ("protocol_port" in patch) ports.set(member.id, patch.protocol_port as number);
    const keys = new Map<string, string>();
    for (const m of this.membersOf(pool)) {
      const key = this.key(pool, m.address, ports.get(m.id) ?? null);
      const other = keys.get(key);
      if (other !== undefined) {
        throw conflict(
          `Members ${other} and ${m.id} of pool ${pool.id} would both be address ${m.address} protocol_port ${ports.get(m.id)}.`,
        );
      }
      keys.set(key, m.id);
    }

    this.store.requireActive(pool.loadbalancer_id, `members of pool ${pool.id} cannot be changed`);
    const now = this.now();
    return targets.map(({ member, patch }) => {
      Object.assign(member, patch);
      member.updated_at = now;
      return this.view(member);
    });
  }

  // --- inspection and out-of-band changes (tests; no request validation, not counted) --------------

  /** The API's member objects of a v3 pool in creation order ([] for an unknown pool). */
  views(poolId: string): Obj[] {
    const pool = this.store.pools.get(poolId);
    if (!pool || pool.kind !== "v3") return [];
    return this.membersOf(pool).map((m) => this.view(m));
  }

  /**
   * Adds a member as another tool would: defaults applied, member_type / ip_version derived; no
   * subnet, quota, ACTIVE or protection rule. The address must still be an IP literal, and a pool never
   * holds two members with the same (address, protocol_port).
   */
  outOfBandAdd(poolId: string, wire: Obj): string {
    const pool = this.store.pools.get(poolId);
    if (!pool || pool.kind !== "v3") throw new Error(`outOfBand.addMember: v3 pool ${poolId} does not exist`);
    for (const key of Object.keys(wire)) {
      if (!CREATE_FIELDS.includes(key)) throw new Error(`outOfBand.addMember: ${key} is not a member field`);
    }
    if (typeof wire.address !== "string" || !(isIPv4(wire.address) || isIPv6(wire.address))) {
      throw new Error(`outOfBand.addMember: address must be an IP literal, got ${JSON.stringify(wire.address)}`);
    }
    const port = (wire.protocol_port as number | undefined) ?? null;
    const key = this.key(pool, wire.address, port);
    if (this.membersOf(pool).some((m) => this.key(pool, m.address, m.protocol_port) === key)) {
      throw new Error(`outOfBand.addMember: pool ${poolId} already has ${wire.address}:${port}`);
    }
    return this.insert(pool, {
      name: (wire.name as string | undefined) ?? "",
      address: wire.address,
      protocol_port: port,
      subnet_cidr_id: (wire.subnet_cidr_id as string | null | undefined) ?? "",
      weight: (wire.weight as number | undefined) ?? 1,
      admin_state_up: (wire.admin_state_up as boolean | undefined) ?? true,
      availability_zone: (wire.availability_zone as string | undefined) ?? "",
    }).id;
  }

  outOfBandUpdate(poolId: string, memberId: string, patch: Obj): void {
    const member = this.store.members.get(memberId) as Member | undefined;
    if (!member || member.pool_id !== poolId) throw new Error(`outOfBand.updateMember: pool ${poolId} has no member ${memberId}`);
    const settable = [...CREATE_FIELDS, "instance_id", "port_id"];
    for (const [key, value] of Object.entries(patch)) {
      if (!settable.includes(key)) throw new Error(`outOfBand.updateMember: ${key} is not a stored member field`);
      (member as Obj)[key] = key === "subnet_cidr_id" ? (value ?? "") : value;
    }
    member.member_type = member.subnet_cidr_id === "" ? "ip" : "instance";
    member.ip_version = ipVersion(member.address);
    member.updated_at = this.now();
  }

  outOfBandDelete(poolId: string, memberId: string): void {
    const pool = this.store.pools.get(poolId);
    const member = this.store.members.get(memberId) as Member | undefined;
    if (!pool || !member || member.pool_id !== poolId) {
      throw new Error(`outOfBand.deleteMember: pool ${poolId} has no member ${memberId}`);
    }
    this.remove(pool, member);
  }
}
