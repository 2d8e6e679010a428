/**
 * The v3 pool's field rules (ELB-API.md "Pool (v3) fields", seed 004): the field table (type checks,
 * which fields an update accepts), the stored form of the nested objects with their defaults, and the
 * rules that relate fields to each other. Where a behaviour is not documented the comment says "(inferred)".
 */
import { invalid } from "../errors";
import type { AzAffinity, PoolFields } from "../records";
import { type Check, type FieldRule, type Obj, anyInt, bool, int, lookup, object, oneOf, onlyTrue, readFields, str } from "../validators";
import {
  PORTLESS_PROTOCOLS,
  SLOW_START_PROTOCOLS,
  defaultConnectionDrain,
  defaultPoolHealth,
  defaultQuicCid,
  defaultSlowStart,
  storedStickiness,
} from "./pool-base";

const PROTOCOLS = ["TCP", "UDP", "IP", "TLS", "GRPC", "HTTP", "HTTPS", "QUIC"] as const;
const LB_ALGORITHMS = [
  "ROUND_ROBIN",
  "LEAST_CONNECTIONS",
  "SOURCE_IP",
  "QUIC_CID",
  "2_TUPLE_HASH",
  "3_TUPLE_HASH",
  "5_TUPLE_HASH",
] as const;
const TUPLE_HASH_ALGORITHMS = ["2_TUPLE_HASH", "3_TUPLE_HASH", "5_TUPLE_HASH"];
const POOL_TYPES = ["instance", "ip", ""] as const;
export const SESSION_TYPES = ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] as const;
export const PROTECTION_STATUSES = ["nonProtection", "consoleProtection"] as const;
const AZ_FALLBACK_STRATEGIES = [
  "forward_to_all_member_of_local_az",
  "forward_to_healthy_member_of_remote_az",
  "forward_to_all_healthy_member",
  "forward_to_all_member",
] as const;

/** Protocols whose stickiness timeout is 1-60 min, default 1 (TCP/UDP/QUIC documented; TLS, IP (inferred)). */
export const SHORT_PERSISTENCE_PROTOCOLS = ["TCP", "UDP", "QUIC", "TLS", "IP"];
/** az_affinity may be enabled on IP, TCP and UDP pools only (SDK model description). */
const AZ_AFFINITY_PROTOCOLS = ["TCP", "UDP", "IP"];

const protectionReason: Check = (v, f) => {
  const text = str(255)(v, f);
  if (/[<>]/.test(text)) throw invalid(f, "Must not contain < or >.", v);
  return text;
};

/** The nested objects: `null` is kept (it turns stickiness off, or restores a default). */
const nested = (check: Check): FieldRule => ({ check, update: true, keepNull: true });

/**
 * The v3 pool body fields (create accepts all of them; update only those marked). Type checks only:
 * the rules that relate fields to each other are in `checkPoolRules`.
 */
export const POOL_FIELDS: Readonly<Record<string, FieldRule>> = {
  name: { check: str(255), update: true },
  description: { check: str(255), update: true },
  lb_algorithm: { check: oneOf(LB_ALGORITHMS), update: true },
  protocol: { check: oneOf(PROTOCOLS) },
  loadbalancer_id: { check: str(36) },
  listener_id: { check: str(36) },
  type: { check: oneOf(POOL_TYPES), update: true },
  vpc_id: { check: str(36), update: true },
  admin_state_up: { check: onlyTrue, update: true },
  ip_version: { check: oneOf(["v4", "dualstack"]) },
  // the timeout's range depends on the protocol: checked in checkPoolRules
  session_persistence: nested(object({ type: oneOf(SESSION_TYPES), cookie_name: str(255), persistence_timeout: anyInt }, ["type"])),
  // `enable` required in slow_start / connection_drain / az_affinity follows the SDK models (inferred).
  slow_start: nested(object({ enable: bool, duration: int(30, 1200) }, ["enable"])),
  member_deletion_protection_enable: { check: bool, update: true },
  protection_status: { check: oneOf(PROTECTION_STATUSES), update: true },
  protection_reason: { check: protectionReason, update: true },
  any_port_enable: { check: bool },
  connection_drain: nested(object({ enable: bool, timeout: int(10, 4000) }, ["enable"])),
  pool_health: nested(object({ minimum_healthy_member_count: int(0, 1) })),
  quic_cid_hash_strategy: nested(object({ len: int(1, 20), offset: int(0, 19) })),
  az_affinity: nested(
    object(
      {
        enable: bool,
        az_minimum_healthy_member_percentage: int(-1, 100),
        az_minimum_healthy_member_count: int(-1, 10000),
        az_unhealthy_fallback_strategy: oneOf(AZ_FALLBACK_STRATEGIES),
      },
      ["enable"],
    ),
  ),
  public_border_group: { check: str(255) },
  enterprise_project_id: { check: str(36) },
};

/** Type-checks every field of a v3 pool body; returns the given fields. */
export function checkPoolBody(pool: Obj, mode: "create" | "update"): Map<string, unknown> {
  return readFields(pool, POOL_FIELDS, mode);
}

export function persistenceTimeoutDefault(protocol: string): number {
  return SHORT_PERSISTENCE_PROTOCOLS.includes(protocol) ? 1 : 1440;
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A checked nested value (or null) → the stored object, defaults filled. */
const NESTED: Readonly<Record<string, (value: Obj | null, protocol: string) => unknown>> = {
  // null turns stickiness off
  session_persistence: (value, protocol) => (value === null ? null : storedStickiness(value, persistenceTimeoutDefault(protocol))),
  slow_start: (value, protocol) =>
    value === null ? defaultSlowStart(protocol) : { enable: value.enable === true, duration: num(value.duration) ?? 30 },
  connection_drain: (value, protocol) =>
    value === null ? defaultConnectionDrain(protocol) : { enable: value.enable === true, timeout: num(value.timeout) ?? 300 },
  pool_health: (value) =>
    value === null ? defaultPoolHealth() : { minimum_healthy_member_count: num(value.minimum_healthy_member_count) ?? 0 },
  quic_cid_hash_strategy: (value, protocol) =>
    value === null ? defaultQuicCid(protocol) : { len: num(value.len) ?? 3, offset: num(value.offset) ?? 1 },
  az_affinity: (value) => {
    if (value === null) return null; // (inferred) shown only when configured
    return {
      enable: value.enable === true,
      az_minimum_healthy_member_percentage: num(value.az_minimum_healthy_member_percentage) ?? -1,
      az_minimum_healthy_member_count: num(value.az_minimum_healthy_member_count) ?? -1,
      az_unhealthy_fallback_strategy: text(value.az_unhealthy_fallback_strategy) ?? "forward_to_all_member_of_local_az",
    } satisfies AzAffinity;
  },
};

/** Writes the given fields onto `target` (the binding fields are not stored fields); nested objects normalised. */
export function applyGiven(target: PoolFields, given: Map<string, unknown>): void {
  for (const [key, value] of given) {
    if (key === "listener_id" || key === "loadbalancer_id") continue;
    const normalize = lookup(NESTED, key);
    const stored = normalize ? normalize(value === null ? null : (value as Obj), target.protocol) : value;
    Object.assign(target, { [key]: stored });
  }
}

function checkAlgorithm(p: PoolFields): void {
  if (p.lb_algorithm === "QUIC_CID" && p.protocol !== "QUIC") {
    throw invalid("lb_algorithm", "QUIC_CID is only supported by QUIC pools.", p.lb_algorithm);
  }
  if (TUPLE_HASH_ALGORITHMS.includes(p.lb_algorithm) && p.protocol !== "IP") {
    throw invalid("lb_algorithm", `${p.lb_algorithm} is only supported by IP pools.`, p.lb_algorithm);
  }
}

function checkTypeAndVpc(p: PoolFields, vpcKnown: (id: string) => boolean): void {
  if (p.type === "ip" && p.protocol === "IP") throw invalid("type", 'type "ip" is not allowed for IP pools.', p.type);
  if (p.type === "instance" && p.vpc_id === "") throw invalid("vpc_id", 'vpc_id is required when type is "instance".');
  if (p.type === "ip" && p.vpc_id !== "") throw invalid("vpc_id", 'vpc_id must not be specified when type is "ip".', p.vpc_id);
  if (p.protocol === "IP" && p.vpc_id === "") throw invalid("vpc_id", "vpc_id is required when protocol is IP.");
  if (p.vpc_id !== "" && !vpcKnown(p.vpc_id)) throw invalid("vpc_id", `VPC ${p.vpc_id} does not exist.`, p.vpc_id);
}

function checkStickiness(p: PoolFields): void {
  const sp = p.session_persistence;
  if (p.protocol === "QUIC" && (sp === null || sp.type !== "SOURCE_IP")) {
    throw invalid("session_persistence", "QUIC pools require session_persistence with type SOURCE_IP.", sp);
  }
  if (!sp) return;
  if (sp.cookie_name !== null && sp.type !== "APP_COOKIE") {
    throw invalid("session_persistence.cookie_name", "Only allowed when type is APP_COOKIE.", sp.cookie_name);
  }
  if (sp.type === "APP_COOKIE") {
    // (inferred) as in the v2 API, APP_COOKIE needs the cookie to stick to.
    if (!sp.cookie_name) throw invalid("session_persistence.cookie_name", "Required when type is APP_COOKIE.");
    if (!/^[A-Za-z0-9._-]+$/.test(sp.cookie_name)) {
      throw invalid(
        "session_persistence.cookie_name",
        "Only letters, digits, hyphens (-), underscores (_) and periods (.) are allowed.",
        sp.cookie_name,
      );
    }
  } else if (sp.persistence_timeout !== null) {
    const max = SHORT_PERSISTENCE_PROTOCOLS.includes(p.protocol) ? 60 : 1440;
    if (sp.persistence_timeout < 1 || sp.persistence_timeout > max) {
      throw invalid(
        "session_persistence.persistence_timeout",
        `Must be between 1 and ${max} minutes for ${p.protocol} pools.`,
        sp.persistence_timeout,
      );
    }
  }
}

function checkAzAffinity(p: PoolFields, listenerProtocol: string | undefined): void {
  const az = p.az_affinity;
  if (!az?.enable) return;
  if (!AZ_AFFINITY_PROTOCOLS.includes(p.protocol)) {
    throw invalid("az_affinity.enable", `Only IP, TCP and UDP pools support AZ affinity, not ${p.protocol}.`, true);
  }
  if (listenerProtocol === "TLS") throw invalid("az_affinity.enable", "Pools of TLS listeners cannot enable AZ affinity.", true);
  const pctOff = az.az_minimum_healthy_member_percentage === -1;
  const countOff = az.az_minimum_healthy_member_count === -1;
  if (pctOff === countOff) {
    throw invalid(
      "az_affinity",
      "Exactly one of az_minimum_healthy_member_percentage and az_minimum_healthy_member_count must be -1 when enable is true.",
      az,
    );
  }
}

/** Rules that relate fields to each other, applied to the pool as it would be after the request. */
export function checkPoolRules(p: PoolFields, ctx: { vpcKnown: (id: string) => boolean; listenerProtocol?: string }): void {
  checkAlgorithm(p);
  checkTypeAndVpc(p, ctx.vpcKnown);
  checkStickiness(p);
  if (p.slow_start !== null && !SLOW_START_PROTOCOLS.includes(p.protocol)) {
    throw invalid("slow_start", `Only HTTP and HTTPS pools support slow_start, not ${p.protocol}.`, p.slow_start);
  }
  if (p.any_port_enable && !PORTLESS_PROTOCOLS.includes(p.protocol)) {
    throw invalid("any_port_enable", `Only TCP, UDP and QUIC pools support any_port_enable, not ${p.protocol}.`, true);
  }
  if (p.connection_drain !== null && !PORTLESS_PROTOCOLS.includes(p.protocol)) {
    throw invalid("connection_drain", `Only TCP, UDP and QUIC pools support connection_drain, not ${p.protocol}.`, p.connection_drain);
  }
  checkAzAffinity(p, ctx.listenerProtocol);
}
