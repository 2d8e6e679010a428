/**
 * The rules of v3 members (ELB-API.md "Members", seed 002): what an item may hold, where a member may
 * be (subnet, VPC, IP as a backend), a pool's identity of a member, the batch size, deletion
 * protection and the members-per-pool quota. Where a behaviour is not documented the comment says "(inferred)".
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";
import { ERROR_CODES, ServiceError, conflict, invalid } from "../errors";
import { SUBNETS } from "../fixtures";
import type { PoolRecord } from "../records";
import type { Store } from "../store";
import { type Check, bool, envelope, int, ipAddress, isPlainObject, optional, present, refuseUnknown, str } from "../validators";

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

/** The checks of every member field; each request kind accepts some of them (the lists below). */
export const MEMBER_CHECKS = {
  id: str(36),
  // 255: (inferred) as for pools
  name: str(255),
  address: ipAddress,
  protocol_port: int(1, 65535),
  subnet_cidr_id: str(36),
  weight: int(0, 100),
  admin_state_up: bool,
  // (inferred) any string up to 255 characters; the emulator does not check zone names.
  availability_zone: str(255),
} satisfies Record<string, Check>;

/** Field names accepted by each request kind; anything else is refused by name. */
export type MemberField = keyof typeof MEMBER_CHECKS;
export const BATCH_ADD_FIELDS: readonly MemberField[] = [
  "name",
  "address",
  "protocol_port",
  "subnet_cidr_id",
  "weight",
  "availability_zone",
];
// The single-member create also takes admin_state_up (SDK CreateMemberOption; inferred here).
export const CREATE_FIELDS: readonly MemberField[] = [...BATCH_ADD_FIELDS, "admin_state_up"];
export const UPDATE_FIELDS: readonly MemberField[] = ["name", "weight", "admin_state_up"];
/** `id` names the member; the others are the fields to change, checked in this order. */
export const BATCH_UPDATE_FIELDS: readonly MemberField[] = ["id", "name", "weight", "admin_state_up", "availability_zone", "protocol_port"];
export const BATCH_DELETE_FIELDS: readonly MemberField[] = ["id", "address", "protocol_port"];

/** What a create or batch-add item asks for, checked field by field. */
export interface MemberInput {
  name: string;
  address: string;
  protocol_port: number | null;
  subnet_cidr_id: string;
  weight: number;
  admin_state_up: boolean;
  availability_zone: string;
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

export function ipVersion(address: string): "v4" | "v6" {
  return isIPv6(address) ? "v6" : "v4";
}

/**
 * The identity of a member in its pool: (address, protocol_port); on any-port pools the port "does
 * not take effect" (seed 002), so the address alone (inferred).
 */
export function memberKey(pool: PoolRecord, address: string, port: number | null): string {
  return pool.any_port_enable ? canonicalAddress(address) : `${canonicalAddress(address)}|${port}`;
}

/** The item as an object (`where` names it), its unknown fields refused. */
export function itemObject(item: unknown, where: string, allowed: readonly string[], prefix: string) {
  if (!isPlainObject(item)) throw invalid(where, "Must be an object.", item);
  refuseUnknown(item, allowed, prefix);
  return item;
}

/** Type checks of a create / batch-add item; `prefix` is "" or "members[3]." */
export function checkItem(pool: PoolRecord, raw: unknown, allowed: readonly string[], prefix: string): MemberInput {
  const item = itemObject(raw, prefix === "" ? "member" : prefix.slice(0, -1), allowed, prefix);
  if (!present(item, "address")) throw invalid(`${prefix}address`, "This field is required.");
  const address = ipAddress(item.address, `${prefix}address`);
  const port = optional(item, "protocol_port", MEMBER_CHECKS.protocol_port, prefix) ?? null;
  if (port === null && !pool.any_port_enable) {
    // seed 002: may be left out only when the pool has any_port_enable.
    throw invalid(`${prefix}protocol_port`, "This field is required (the pool does not have any_port_enable).");
  }
  return {
    address,
    protocol_port: port,
    subnet_cidr_id: optional(item, "subnet_cidr_id", MEMBER_CHECKS.subnet_cidr_id, prefix) ?? "", // "" = IP as a backend (inferred: same as left out)
    name: optional(item, "name", MEMBER_CHECKS.name, prefix) ?? "",
    weight: optional(item, "weight", MEMBER_CHECKS.weight, prefix) ?? 1,
    // Seed 002: admin_state_up "depends on whether ECSs exist" (its example shows false for a missing
    // server). The emulator treats every backend as existing: default true (inferred).
    admin_state_up: optional(item, "admin_state_up", MEMBER_CHECKS.admin_state_up, prefix) ?? true,
    availability_zone: optional(item, "availability_zone", MEMBER_CHECKS.availability_zone, prefix) ?? "",
  };
}

/** The fields of an update item that are given, checked (`fields` says which the request kind takes). */
export function checkPatch(item: Record<string, unknown>, fields: readonly MemberField[], prefix: string): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of fields) {
    const check: Check = MEMBER_CHECKS[key];
    const value = optional(item, key, check, prefix);
    if (value !== undefined) patch[key] = value;
  }
  return patch;
}

/** Where the member may be, given the pool and its load balancer (seed 002, seed 004 `type`). */
export function checkPlacement(store: Store, pool: PoolRecord, m: MemberInput, prefix: string): void {
  const lb = pool.loadbalancer_id ? store.loadbalancers.get(pool.loadbalancer_id) : undefined;
  const field = `${prefix}subnet_cidr_id`;
  if (m.subnet_cidr_id !== "") {
    // seed 004: a pool of type "ip" only takes cross-VPC backends (IP as a backend).
    if (pool.type === "ip") {
      throw invalid(
        field,
        `Pool ${pool.id} has type "ip": only IP-as-backend members (without subnet_cidr_id) can be added.`,
        m.subnet_cidr_id,
      );
    }
    const subnet = SUBNETS.find((s) => s.id === m.subnet_cidr_id);
    // (inferred) an unknown subnet is invalid input rather than a 404.
    if (!subnet) throw invalid(field, `Subnet ${m.subnet_cidr_id} does not exist.`, m.subnet_cidr_id);
    // seed 002: "must be in the same VPC as the subnet of the load balancer" (a pool without a load
    // balancer: its vpc_id (inferred)).
    const vpc = lb?.vpc_id ?? (pool.vpc_id || undefined);
    if (vpc !== undefined && subnet.vpcId !== vpc) {
      const owner = lb ? `load balancer ${lb.id}` : `pool ${pool.id}`;
      throw invalid(field, `Subnet ${subnet.id} is in VPC ${subnet.vpcId}, not in VPC ${vpc} of ${owner}.`, subnet.id);
    }
    const family = subnet.ipv6 ? "ipv6" : "ipv4";
    if ((family === "ipv6") !== isIPv6(m.address) || !SUBNET_RANGES.get(subnet.id)?.check(m.address, family)) {
      throw invalid(`${prefix}address`, `The address must be in subnet ${subnet.id} (${subnet.cidr}).`, m.address);
    }
    return;
  }
  // IP as a backend (seed 002).
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
export function batchItems(store: Store, body: unknown): unknown[] {
  const items = envelope(body, "members");
  if (!Array.isArray(items)) throw invalid("members", "This field is required and must be an array.", items);
  // (inferred) an empty batch is refused rather than answered with an empty list.
  if (items.length === 0) throw invalid("members", "Must contain at least 1 item.");
  const max = store.options.quotas.batchSize;
  if (items.length > max) throw invalid("members", `At most ${max} members can be given in one request, got ${items.length}.`);
  return items;
}

/** Checked before the ACTIVE rule, and even when no item of a batch-delete names a member (inferred). */
export function refuseIfProtected(pool: PoolRecord): void {
  if (pool.member_deletion_protection_enable) {
    // (inferred) status and code: the docs only say the delete is refused; 409 as for delete-cascade.
    throw conflict(`Pool ${pool.id} has member_deletion_protection_enable set to true; its members cannot be deleted.`);
  }
}

/** 403 ELB.2001 when the pool would hold more members than the quota. */
export function checkQuota(store: Store, pool: PoolRecord, adding: number): void {
  const limit = store.options.quotas.membersPerPool;
  if (pool.member_ids.length + adding > limit) {
    throw new ServiceError(
      403,
      ERROR_CODES.memberQuota,
      `Quota exceeded for resources: member. Pool ${pool.id} may hold ${limit} members; it has ${pool.member_ids.length} and the request adds ${adding}.`,
    );
  }
}
