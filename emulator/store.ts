/**
 * The emulator's state and every rule of the ELB API it serves, with the real status codes and
 * `ELB.xxxx` error codes. Written from /work/shared/ELB-API.md and the seeds (004 = pool update page),
 * never from the provider's code, so the two cannot share a bug. Where a behaviour is not documented
 * the comment says "(inferred)".
 *
 * Room is kept for what later issues add: members (`MemberRecord`, a pool's `member_ids`), health
 * monitors, master-slave and v2 pools (`PoolRecord.kind`).
 */
import { randomUUID } from "node:crypto";
import { ServiceError, ERROR_CODES, conflict, invalid, notFound } from "./errors";
import { FIXTURE_CREATED_AT, LISTENERS, LOADBALANCERS, SUBNETS, VPCS } from "./fixtures";

export type Query = Map<string, string[]>;
type Obj = Record<string, unknown>;

export interface StoreOptions {
  projectId: string;
  region: string;
  now: () => number;
  quotas: Quotas;
}

export interface Quotas {
  membersPerPool: number;
  batchSize: number;
  poolsPerProject: number;
}

export type LoadBalancerStatus = "ACTIVE" | "PENDING_UPDATE" | "ERROR";

// ---------------------------------------------------------------------------------------------
// Records

export interface SessionPersistence {
  type: string;
  cookie_name: string | null;
  persistence_timeout: number | null;
}
export interface SlowStart {
  enable: boolean;
  duration: number;
}
export interface ConnectionDrain {
  enable: boolean;
  timeout: number;
}
export interface PoolHealth {
  minimum_healthy_member_count: number;
}
export interface QuicCidHashStrategy {
  len: number;
  offset: number;
}
export interface AzAffinity {
  enable: boolean;
  az_minimum_healthy_member_percentage: number;
  az_minimum_healthy_member_count: number;
  az_unhealthy_fallback_strategy: string;
}

/** The wire fields of a pool that the API stores (everything but the derived lists). */
export interface PoolFields {
  name: string;
  description: string;
  lb_algorithm: string;
  protocol: string;
  type: string;
  vpc_id: string;
  admin_state_up: boolean;
  ip_version: string;
  session_persistence: SessionPersistence | null;
  slow_start: SlowStart | null;
  member_deletion_protection_enable: boolean;
  protection_status: string;
  protection_reason: string;
  any_port_enable: boolean;
  connection_drain: ConnectionDrain | null;
  pool_health: PoolHealth | null;
  quic_cid_hash_strategy: QuicCidHashStrategy | null;
  az_affinity: AzAffinity | null;
  public_border_group: string;
  enterprise_project_id: string;
  healthmonitor_id: string | null;
}

export interface PoolRecord extends PoolFields {
  /** v3 pools now; "master-slave" and "v2" pools come later and share the store */
  kind: "v3" | "master-slave" | "v2";
  id: string;
  /** the load balancer the pool belongs to (given, or the listener's) */
  loadbalancer_id: string | null;
  /** member IDs in creation order; the members themselves live in `Store.members` */
  member_ids: string[];
  project_id: string;
  created_at: string;
  updated_at: string;
}

/** Members arrive with the member issues; the store already keeps them by ID. */
export interface MemberRecord {
  id: string;
  pool_id: string;
  address: string;
  protocol_port: number | null;
  [field: string]: unknown;
}

export interface HealthMonitorRecord {
  id: string;
  pool_id: string;
  type: string;
  delay: number;
  timeout: number;
  max_retries: number;
}

export interface LoadBalancerRecord {
  id: string;
  name: string;
  description: string;
  vpc_id: string;
  vip_subnet_cidr_id: string;
  vip_address: string;
  vip_port_id: string;
  provisioning_status: LoadBalancerStatus;
  operating_status: string;
  availability_zone_list: string[];
  /** IP as a backend enabled (seed 002: members without subnet_cidr_id need it) */
  ip_target_enable: boolean;
  created_at: string;
  updated_at: string;
  /** requests left before an out-of-band status reverts to ACTIVE */
  revertAfterRequests?: number;
}

export interface ListenerRecord {
  id: string;
  name: string;
  description: string;
  protocol: string;
  protocol_port: number;
  loadbalancer_id: string;
  default_pool_id: string | null;
  created_at: string;
  updated_at: string;
}

// ---------------------------------------------------------------------------------------------
// Enumerations and field rules (ELB-API.md "Pool (v3) fields", seed 004)

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
const SESSION_TYPES = ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] as const;
const PROTECTION_STATUSES = ["nonProtection", "consoleProtection"] as const;
const AZ_FALLBACK_STRATEGIES = [
  "forward_to_all_member_of_local_az",
  "forward_to_healthy_member_of_remote_az",
  "forward_to_all_healthy_member",
  "forward_to_all_member",
] as const;

/** Protocols whose stickiness timeout is 1-60 min, default 1 (TCP/UDP/QUIC documented; TLS, IP (inferred)). */
const SHORT_PERSISTENCE_PROTOCOLS = ["TCP", "UDP", "QUIC", "TLS", "IP"];
/** slow_start: "HTTP/HTTPS only, other protocols passing the field get an error" (seed 004). */
const SLOW_START_PROTOCOLS = ["HTTP", "HTTPS"];
/** any_port_enable and connection_drain: TCP/UDP/QUIC pools. */
const PORTLESS_PROTOCOLS = ["TCP", "UDP", "QUIC"];
/** az_affinity may be enabled on IP, TCP and UDP pools only (SDK model description). */
const AZ_AFFINITY_PROTOCOLS = ["TCP", "UDP", "IP"];

/**
 * Listener protocol → pool protocols it can forward to. Seed 004 documents UDP→UDP/QUIC, TCP→TCP,
 * HTTP→HTTP, HTTPS→HTTP/HTTPS; the rest is (inferred) and kept permissive but sane: TLS→TLS/TCP,
 * QUIC→QUIC/UDP, HTTPS→GRPC, IP→IP.
 */
const LISTENER_POOL_PROTOCOLS: Record<string, string[]> = {
  TCP: ["TCP"],
  UDP: ["UDP", "QUIC"],
  HTTP: ["HTTP"],
  HTTPS: ["HTTPS", "HTTP", "GRPC"],
  TERMINATED_HTTPS: ["HTTP"],
  TLS: ["TLS", "TCP"],
  QUIC: ["QUIC", "UDP"],
  IP: ["IP"],
};

export type Check = (value: unknown, field: string) => unknown;

export function isPlainObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const str =
  (max: number): Check =>
  (v, f) => {
    if (typeof v !== "string") throw invalid(f, "Must be a string.", v);
    if (v.length > max) throw invalid(f, `Length must be between 0 and ${max} characters.`, v);
    return v;
  };

export const oneOf =
  (values: readonly string[]): Check =>
  (v, f) => {
    if (typeof v !== "string" || !values.includes(v)) {
      throw invalid(f, `Must be one of ${values.map((x) => (x === "" ? '""' : x)).join(", ")}.`, v);
    }
    return v;
  };

export const bool: Check = (v, f) => {
  if (typeof v !== "boolean") throw invalid(f, "Must be a boolean.", v);
  return v;
};

export const int =
  (min: number, max: number): Check =>
  (v, f) => {
    if (typeof v !== "number" || !Number.isInteger(v)) throw invalid(f, "Must be an integer.", v);
    if (v < min || v > max) throw invalid(f, `Must be between ${min} and ${max}.`, v);
    return v;
  };

const onlyTrue: Check = (v, f) => {
  bool(v, f);
  if (v !== true) throw invalid(f, "Only true is supported.", v);
  return v;
};

const protectionReason: Check = (v, f) => {
  str(255)(v, f);
  if (/[<>]/.test(v as string)) throw invalid(f, "Must not contain < or >.", v);
  return v;
};

/** A nested object: unknown keys are refused by name, `null` members count as absent. */
export const object =
  (fields: Record<string, Check>, required: string[] = []): Check =>
  (v, f) => {
    if (!isPlainObject(v)) throw invalid(f, "Must be an object.", v);
    for (const key of Object.keys(v)) {
      if (!(key in fields)) throw invalid(`${f}.${key}`, "Unknown field/attribute.");
    }
    const out: Obj = {};
    for (const [key, check] of Object.entries(fields)) {
      const value = v[key];
      if (value === undefined || value === null) {
        if (required.includes(key)) throw invalid(`${f}.${key}`, "This field is required.");
        continue;
      }
      out[key] = check(value, `${f}.${key}`);
    }
    return out;
  };

export interface FieldRule {
  check: Check;
  /** accepted in an update (PUT) body; every rule is accepted on create */
  update: boolean;
}

/**
 * The v3 pool body fields (create accepts all of them; update only those marked). Type checks only:
 * the rules that relate fields to each other are in `checkPoolRules`.
 */
const POOL_FIELDS: Record<string, FieldRule> = {
  name: { check: str(255), update: true },
  description: { check: str(255), update: true },
  lb_algorithm: { check: oneOf(LB_ALGORITHMS), update: true },
  protocol: { check: oneOf(PROTOCOLS), update: false },
  loadbalancer_id: { check: str(36), update: false },
  listener_id: { check: str(36), update: false },
  type: { check: oneOf(POOL_TYPES), update: true },
  vpc_id: { check: str(36), update: true },
  admin_state_up: { check: onlyTrue, update: true },
  ip_version: { check: oneOf(["v4", "dualstack"]), update: false },
  session_persistence: {
    check: object(
      {
        type: oneOf(SESSION_TYPES),
        cookie_name: str(255),
        // the range depends on the protocol: checked in checkPoolRules
        persistence_timeout: int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      },
      ["type"],
    ),
    update: true,
  },
  // `enable` required in slow_start / connection_drain / az_affinity follows the SDK models (inferred).
  slow_start: { check: object({ enable: bool, duration: int(30, 1200) }, ["enable"]), update: true },
  member_deletion_protection_enable: { check: bool, update: true },
  protection_status: { check: oneOf(PROTECTION_STATUSES), update: true },
  protection_reason: { check: protectionReason, update: true },
  any_port_enable: { check: bool, update: false },
  connection_drain: { check: object({ enable: bool, timeout: int(10, 4000) }, ["enable"]), update: true },
  pool_health: { check: object({ minimum_healthy_member_count: int(0, 1) }), update: true },
  quic_cid_hash_strategy: { check: object({ len: int(1, 20), offset: int(0, 19) }), update: true },
  az_affinity: {
    check: object(
      {
        enable: bool,
        az_minimum_healthy_member_percentage: int(-1, 100),
        az_minimum_healthy_member_count: int(-1, 10000),
        az_unhealthy_fallback_strategy: oneOf(AZ_FALLBACK_STRATEGIES),
      },
      ["enable"],
    ),
    update: true,
  },
  public_border_group: { check: str(255), update: false },
  enterprise_project_id: { check: str(36), update: false },
};

// Defaults for nested objects, filled when the object is given partially or not at all.
function defaultSlowStart(protocol: string): SlowStart | null {
  // (inferred) HTTP/HTTPS pools show slow start off with the documented default duration.
  return SLOW_START_PROTOCOLS.includes(protocol) ? { enable: false, duration: 30 } : null;
}
function defaultConnectionDrain(protocol: string): ConnectionDrain | null {
  // (inferred) TCP/UDP/QUIC pools show draining off with a 300 s timeout.
  return PORTLESS_PROTOCOLS.includes(protocol) ? { enable: false, timeout: 300 } : null;
}
function defaultPoolHealth(): PoolHealth {
  return { minimum_healthy_member_count: 0 }; // (inferred)
}
function defaultQuicCid(protocol: string): QuicCidHashStrategy | null {
  // SDK model: len default 3, offset default 1; shown for QUIC pools only (inferred).
  return protocol === "QUIC" ? { len: 3, offset: 1 } : null;
}

function persistenceTimeoutDefault(protocol: string): number {
  return SHORT_PERSISTENCE_PROTOCOLS.includes(protocol) ? 1 : 1440;
}

/** Turns a checked nested value into the stored object, defaults filled. */
function normalizeObjectField(field: string, value: Obj | null, protocol: string): unknown {
  switch (field) {
    case "session_persistence": {
      if (value === null) return null; // null turns stickiness off
      const type = value.type as string;
      const timeout = value.persistence_timeout as number | undefined;
      return {
        type,
        cookie_name: (value.cookie_name as string | undefined) ?? null,
        // ignored for APP_COOKIE: echoed when given, else null (inferred)
        persistence_timeout: type === "APP_COOKIE" ? (timeout ?? null) : (timeout ?? persistenceTimeoutDefault(protocol)),
      } satisfies SessionPersistence;
    }
    case "slow_start":
      if (value === null) return defaultSlowStart(protocol);
      return { enable: value.enable as boolean, duration: (value.duration as number | undefined) ?? 30 };
    case "connection_drain":
      if (value === null) return defaultConnectionDrain(protocol);
      return { enable: value.enable as boolean, timeout: (value.timeout as number | undefined) ?? 300 };
    case "pool_health":
      if (value === null) return defaultPoolHealth();
      return { minimum_healthy_member_count: (value.minimum_healthy_member_count as number | undefined) ?? 0 };
    case "quic_cid_hash_strategy":
      if (value === null) return defaultQuicCid(protocol);
      return { len: (value.len as number | undefined) ?? 3, offset: (value.offset as number | undefined) ?? 1 };
    case "az_affinity":
      if (value === null) return null; // (inferred) shown only when configured
      return {
        enable: value.enable as boolean,
        az_minimum_healthy_member_percentage: (value.az_minimum_healthy_member_percentage as number | undefined) ?? -1,
        az_minimum_healthy_member_count: (value.az_minimum_healthy_member_count as number | undefined) ?? -1,
        az_unhealthy_fallback_strategy: (value.az_unhealthy_fallback_strategy as string | undefined) ?? "forward_to_all_member_of_local_az",
      } satisfies AzAffinity;
    default:
      return value;
  }
}

const OBJECT_FIELDS = new Set([
  "session_persistence",
  "slow_start",
  "connection_drain",
  "pool_health",
  "quic_cid_hash_strategy",
  "az_affinity",
]);

export function requireEnvelope(body: unknown, key: string): Obj {
  if (!isPlainObject(body)) throw invalid(key, "The request body must be a JSON object.");
  for (const k of Object.keys(body)) {
    if (k !== key) throw invalid(k, "Unknown field/attribute.");
  }
  const inner = body[key];
  if (!isPlainObject(inner)) throw invalid(key, "This field is required and must be an object.", inner);
  return inner;
}

/**
 * Type-checks every field of a pool body. Returns the given fields; a `null` value is kept only where it
 * means something (the nested objects, e.g. `session_persistence: null` = off) and otherwise counts as
 * absent (inferred).
 */
function checkPoolBody(pool: Obj, mode: "create" | "update"): Map<string, unknown> {
  const given = new Map<string, unknown>();
  for (const [key, value] of Object.entries(pool)) {
    const rule = POOL_FIELDS[key];
    if (!rule) throw invalid(key, "Unknown field/attribute.");
    if (mode === "update" && !rule.update) throw invalid(key, "This field cannot be updated.");
    if (value === null) {
      if (OBJECT_FIELDS.has(key)) given.set(key, null);
      continue;
    }
    given.set(key, rule.check(value, key));
  }
  return given;
}

/** Rules that relate fields to each other, applied to the pool as it would be after the request. */
function checkPoolRules(p: PoolFields, ctx: { vpcKnown: (id: string) => boolean; listenerProtocol?: string }): void {
  if (p.lb_algorithm === "QUIC_CID" && p.protocol !== "QUIC") {
    throw invalid("lb_algorithm", "QUIC_CID is only supported by QUIC pools.", p.lb_algorithm);
  }
  if (TUPLE_HASH_ALGORITHMS.includes(p.lb_algorithm) && p.protocol !== "IP") {
    throw invalid("lb_algorithm", `${p.lb_algorithm} is only supported by IP pools.`, p.lb_algorithm);
  }

  if (p.type === "ip" && p.protocol === "IP") throw invalid("type", 'type "ip" is not allowed for IP pools.', p.type);
  if (p.type === "instance" && p.vpc_id === "") throw invalid("vpc_id", 'vpc_id is required when type is "instance".');
  if (p.type === "ip" && p.vpc_id !== "") throw invalid("vpc_id", 'vpc_id must not be specified when type is "ip".', p.vpc_id);
  if (p.protocol === "IP" && p.vpc_id === "") throw invalid("vpc_id", "vpc_id is required when protocol is IP.");
  if (p.vpc_id !== "" && !ctx.vpcKnown(p.vpc_id)) throw invalid("vpc_id", `VPC ${p.vpc_id} does not exist.`, p.vpc_id);

  const sp = p.session_persistence;
  if (p.protocol === "QUIC" && (sp === null || sp.type !== "SOURCE_IP")) {
    throw invalid("session_persistence", "QUIC pools require session_persistence with type SOURCE_IP.", sp);
  }
  if (sp) {
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

  if (p.slow_start !== null && !SLOW_START_PROTOCOLS.includes(p.protocol)) {
    throw invalid("slow_start", `Only HTTP and HTTPS pools support slow_start, not ${p.protocol}.`, p.slow_start);
  }
  if (p.any_port_enable && !PORTLESS_PROTOCOLS.includes(p.protocol)) {
    throw invalid("any_port_enable", `Only TCP, UDP and QUIC pools support any_port_enable, not ${p.protocol}.`, true);
  }
  if (p.connection_drain !== null && !PORTLESS_PROTOCOLS.includes(p.protocol)) {
    throw invalid("connection_drain", `Only TCP, UDP and QUIC pools support connection_drain, not ${p.protocol}.`, p.connection_drain);
  }
  const az = p.az_affinity;
  if (az?.enable) {
    if (!AZ_AFFINITY_PROTOCOLS.includes(p.protocol)) {
      throw invalid("az_affinity.enable", `Only IP, TCP and UDP pools support AZ affinity, not ${p.protocol}.`, true);
    }
    if (ctx.listenerProtocol === "TLS") throw invalid("az_affinity.enable", "Pools of TLS listeners cannot enable AZ affinity.", true);
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
}

// ---------------------------------------------------------------------------------------------
// Lists: pagination and filters

const MAX_LIMIT = 2000;

export type FilterSpec<T> = Record<string, (item: T) => unknown>;

function single(query: Query, key: string): string | undefined {
  const values = query.get(key);
  if (!values) return undefined;
  if (values.length > 1) throw invalid(key, "Must be given at most once.", values);
  return values[0];
}

/**
 * `limit` (1-2000, default 2000), `marker` (an existing ID, else 400), `page_reverse`. As the API
 * reference says, marker and page_reverse only take effect together with limit. The list is in creation
 * order (inferred). `next_marker` is the marker to continue in the direction being paged and is absent
 * on the last page; `previous_marker` goes back (both (inferred) for page_reverse).
 */
export function paginate<T extends { id: string }>(
  all: T[],
  query: Query,
  filters: FilterSpec<T>,
  kind: string,
): { items: T[]; page_info: Obj } {
  for (const key of query.keys()) {
    if (key !== "limit" && key !== "marker" && key !== "page_reverse" && !(key in filters)) {
      throw invalid(key, `Unknown query parameter for listing ${kind}s.`);
    }
  }
  const limitText = single(query, "limit");
  let limit = MAX_LIMIT;
  if (limitText !== undefined) {
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_LIMIT) {
      throw invalid("limit", `Must be an integer between 1 and ${MAX_LIMIT}.`, limitText);
    }
    limit = Number(limitText);
  }
  const reverseText = single(query, "page_reverse");
  if (reverseText !== undefined && reverseText !== "true" && reverseText !== "false") {
    throw invalid("page_reverse", "Must be true or false.", reverseText);
  }
  const markerText = single(query, "marker");
  const paging = limitText !== undefined;
  const reverse = paging && reverseText === "true";
  let markerIndex = -1;
  if (paging && markerText !== undefined) {
    markerIndex = all.findIndex((x) => x.id === markerText);
    if (markerIndex < 0) throw invalid("marker", `${kind} ${markerText} could not be found.`, markerText);
  }

  const matches = (item: T): boolean => {
    for (const [key, values] of query) {
      const get = filters[key];
      if (!get) continue;
      const actual = get(item);
      const actuals = (Array.isArray(actual) ? actual : [actual]).map((a) => (a === null || a === undefined ? "" : String(a)));
      if (!values.some((v) => actuals.includes(v))) return false;
    }
    return true;
  };

  let items: T[];
  let more: boolean;
  if (!reverse) {
    const candidates = all.slice(markerIndex + 1).filter(matches);
    items = candidates.slice(0, limit);
    more = candidates.length > limit;
  } else {
    const candidates = (markerIndex >= 0 ? all.slice(0, markerIndex) : all).filter(matches);
    items = candidates.slice(Math.max(0, candidates.length - limit));
    more = candidates.length > limit;
  }
  const page_info: Obj = { current_count: items.length };
  if (items.length > 0) {
    const first = items[0]!.id;
    const last = items[items.length - 1]!.id;
    page_info.previous_marker = reverse ? last : first;
    if (more) page_info.next_marker = reverse ? first : last;
  }
  return { items, page_info };
}

/** `yyyy-MM-ddTHH:mm:ssZ` */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const clone = <T>(value: T): T => structuredClone(value);

// ---------------------------------------------------------------------------------------------

export class Store {
  readonly pools = new Map<string, PoolRecord>();
  readonly members = new Map<string, MemberRecord>();
  readonly healthmonitors = new Map<string, HealthMonitorRecord>();
  readonly loadbalancers = new Map<string, LoadBalancerRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  readonly vpcIds = new Set(VPCS.map((v) => v.id));
  readonly subnetIds = new Set(SUBNETS.map((s) => s.id));

  constructor(readonly options: StoreOptions) {
    for (const lb of LOADBALANCERS) {
      this.loadbalancers.set(lb.id, {
        id: lb.id,
        name: lb.name,
        description: "",
        vpc_id: lb.vpcId,
        vip_subnet_cidr_id: lb.subnetId,
        vip_address: lb.vipAddress,
        vip_port_id: `${lb.id.slice(0, 24)}${"f".repeat(12)}`,
        provisioning_status: "ACTIVE",
        operating_status: "ONLINE",
        availability_zone_list: [...lb.availabilityZones],
        ip_target_enable: lb.ipTargetEnable ?? true,
        created_at: FIXTURE_CREATED_AT,
        updated_at: FIXTURE_CREATED_AT,
      });
    }
    for (const l of LISTENERS) {
      this.listeners.set(l.id, {
        id: l.id,
        name: l.name,
        description: "",
        protocol: l.protocol,
        protocol_port: l.protocolPort,
        loadbalancer_id: l.loadbalancerId,
        default_pool_id: null,
        created_at: FIXTURE_CREATED_AT,
        updated_at: FIXTURE_CREATED_AT,
      });
    }
  }

  private now(): string {
    return formatTime(this.options.now());
  }

  /** Called once per received request: out-of-band load balancer states that revert count down here. */
  onRequest(): void {
    for (const lb of this.loadbalancers.values()) {
      if (lb.revertAfterRequests === undefined) continue;
      if (lb.revertAfterRequests <= 0) {
        lb.provisioning_status = "ACTIVE";
        lb.updated_at = this.now();
        delete lb.revertAfterRequests;
      } else {
        lb.revertAfterRequests -= 1;
      }
    }
  }

  // --- pools -----------------------------------------------------------------------------------

  /** The v3 pool or 404 ELB.8904 (master-slave and v2 pools count as unknown here). */
  requireV3Pool(id: string): PoolRecord {
    const pool = this.pools.get(id);
    if (!pool || pool.kind !== "v3") throw notFound("pool", id);
    return pool;
  }

  /** 409 while the pool's load balancer is not ACTIVE (seed 004 for update; create and delete (inferred)). */
  requireActive(lbId: string | null, what: string): void {
    if (!lbId) return;
    const lb = this.loadbalancers.get(lbId);
    if (lb && lb.provisioning_status !== "ACTIVE") {
      throw conflict(`Load balancer ${lb.id} is not ACTIVE (provisioning_status ${lb.provisioning_status}); ${what}.`);
    }
  }

  createPool(body: unknown): Obj {
    const input = requireEnvelope(body, "pool");
    const given = checkPoolBody(input, "create");
    for (const required of ["lb_algorithm", "protocol"]) {
      if (!given.has(required)) throw invalid(required, "This field is required.");
    }
    const listenerId = given.get("listener_id") as string | undefined;
    const lbIdGiven = given.get("loadbalancer_id") as string | undefined;
    const type = (given.get("type") as string | undefined) ?? "";
    if (listenerId === undefined && lbIdGiven === undefined && type === "") {
      throw invalid("listener_id", "At least one of listener_id, loadbalancer_id and type must be specified.");
    }
    const listener = listenerId !== undefined ? this.listeners.get(listenerId) : undefined;
    if (listenerId !== undefined && !listener) throw notFound("listener", listenerId);
    if (lbIdGiven !== undefined && !this.loadbalancers.has(lbIdGiven)) throw notFound("loadbalancer", lbIdGiven);
    if (listener && lbIdGiven !== undefined && listener.loadbalancer_id !== lbIdGiven) {
      throw invalid(
        "listener_id",
        `Listener ${listener.id} belongs to load balancer ${listener.loadbalancer_id}, not ${lbIdGiven}.`,
        listener.id,
      );
    }

    const protocol = given.get("protocol") as string;
    const fields: PoolFields = {
      name: "",
      description: "",
      lb_algorithm: given.get("lb_algorithm") as string,
      protocol,
      type,
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
    };
    this.applyGiven(fields, given);
    checkPoolRules(fields, { vpcKnown: (id) => this.vpcIds.has(id), listenerProtocol: listener?.protocol });
    if (listener) {
      const allowed = LISTENER_POOL_PROTOCOLS[listener.protocol] ?? [listener.protocol];
      if (!allowed.includes(protocol)) {
        throw invalid("protocol", `A ${listener.protocol} listener only forwards to ${allowed.join(" or ")} pools.`, protocol);
      }
    }

    const lbId = lbIdGiven ?? listener?.loadbalancer_id ?? null;
    this.requireActive(lbId, "pool cannot be created");
    if (listener?.default_pool_id) {
      throw conflict(`Listener ${listener.id} already has a default pool ${listener.default_pool_id}.`);
    }
    const v3Count = [...this.pools.values()].filter((p) => p.kind === "v3").length;
    if (v3Count >= this.options.quotas.poolsPerProject) {
      throw new ServiceError(
        409,
        ERROR_CODES.quotaExceeded,
        `Quota exceeded for resources: pool (limit ${this.options.quotas.poolsPerProject}).`,
      );
    }

    const now = this.now();
    const record: PoolRecord = {
      ...fields,
      kind: "v3",
      id: randomUUID(),
      loadbalancer_id: lbId,
      member_ids: [],
      project_id: this.options.projectId,
      created_at: now,
      updated_at: now,
    };
    this.pools.set(record.id, record);
    if (listener) {
      listener.default_pool_id = record.id;
      listener.updated_at = now;
    }
    return this.poolView(record);
  }

  private applyGiven(target: PoolFields, given: Map<string, unknown>): void {
    const t = target as unknown as Obj;
    for (const [key, value] of given) {
      if (key === "listener_id" || key === "loadbalancer_id") continue;
      t[key] = OBJECT_FIELDS.has(key) ? normalizeObjectField(key, value as Obj | null, target.protocol) : value;
    }
  }

  getPool(id: string): Obj {
    return this.poolView(this.requireV3Pool(id));
  }

  updatePool(id: string, body: unknown): Obj {
    const input = requireEnvelope(body, "pool");
    const pool = this.requireV3Pool(id);
    const given = checkPoolBody(input, "update");

    // seed 004: vpc_id and type may only be updated while they are empty; type never back to "".
    // Sending the current non-empty value again is refused too (inferred: the rule is about the
    // current value, not about a change).
    if (given.has("type")) {
      const next = given.get("type") as string;
      if (pool.type !== "") {
        throw invalid("type", `type can only be updated while it is empty; it is "${pool.type}".`, next);
      }
    }
    if (given.has("vpc_id")) {
      const next = given.get("vpc_id") as string;
      if (pool.vpc_id !== "") {
        throw invalid("vpc_id", `vpc_id can only be updated while it is empty; it is "${pool.vpc_id}".`, next);
      }
    }

    const next: PoolFields = clone(pool);
    this.applyGiven(next, given);
    const listenerProtocol = this.listenersOf(pool.id)[0]?.protocol;
    checkPoolRules(next, { vpcKnown: (vpc) => this.vpcIds.has(vpc), listenerProtocol });
    this.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be updated`);

    Object.assign(pool, next);
    pool.updated_at = this.now();
    return this.poolView(pool);
  }

  deletePool(id: string, cascade: boolean): void {
    const pool = this.requireV3Pool(id);
    this.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be deleted`);
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
    this.removePool(pool);
  }

  private removePool(pool: PoolRecord): void {
    for (const memberId of pool.member_ids) this.members.delete(memberId);
    if (pool.healthmonitor_id) this.healthmonitors.delete(pool.healthmonitor_id);
    const now = this.now();
    for (const listener of this.listeners.values()) {
      if (listener.default_pool_id === pool.id) {
        listener.default_pool_id = null;
        listener.updated_at = now;
      }
    }
    this.pools.delete(pool.id);
  }

  listPools(query: Query): Obj {
    const all = [...this.pools.values()].filter((p) => p.kind === "v3");
    const { items, page_info } = paginate(all, query, this.poolFilters(), "pool");
    return { pools: items.map((p) => this.poolView(p)), page_info };
  }

  /** The list filters of v3 pools; another kind's list takes the `names` it documents. */
  poolFilters(names?: readonly string[]): FilterSpec<PoolRecord> {
    const field = (k: keyof PoolRecord) => (p: PoolRecord) => p[k];
    const memberField = (k: string) => (p: PoolRecord) => p.member_ids.map((m) => this.members.get(m)?.[k]);
    const all: FilterSpec<PoolRecord> = {
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
      listener_id: (p) => this.listenersOf(p.id).map((l) => l.id),
      member_address: memberField("address"),
      member_device_id: memberField("device_id"),
      member_instance_id: memberField("instance_id"),
    };
    return names ? Object.fromEntries(names.map((n) => [n, all[n]])) : all;
  }

  /** The listeners whose default pool this is (members show one `status` entry per listener). */
  listenersOf(poolId: string): ListenerRecord[] {
    return [...this.listeners.values()].filter((l) => l.default_pool_id === poolId);
  }

  /** The pool as the API shows it (snake_case, every documented key). */
  poolView(p: PoolRecord): Obj {
    return clone({
      id: p.id,
      name: p.name,
      description: p.description,
      lb_algorithm: p.lb_algorithm,
      protocol: p.protocol,
      type: p.type,
      vpc_id: p.vpc_id,
      admin_state_up: p.admin_state_up,
      ip_version: p.ip_version,
      session_persistence: p.session_persistence,
      slow_start: p.slow_start,
      member_deletion_protection_enable: p.member_deletion_protection_enable,
      protection_status: p.protection_status,
      protection_reason: p.protection_reason,
      any_port_enable: p.any_port_enable,
      connection_drain: p.connection_drain,
      pool_health: p.pool_health,
      quic_cid_hash_strategy: p.quic_cid_hash_strategy,
      az_affinity: p.az_affinity,
      public_border_group: p.public_border_group,
      enterprise_project_id: p.enterprise_project_id,
      healthmonitor_id: p.healthmonitor_id,
      listeners: this.listenersOf(p.id).map((l) => ({ id: l.id })),
      loadbalancers: p.loadbalancer_id ? [{ id: p.loadbalancer_id }] : [],
      members: p.member_ids.map((id) => ({ id })),
      project_id: p.project_id,
      created_at: p.created_at,
      updated_at: p.updated_at,
    });
  }

  v3PoolViews(): Obj[] {
    return [...this.pools.values()].filter((p) => p.kind === "v3").map((p) => this.poolView(p));
  }

  // --- load balancers and listeners (read-only fixtures) ---------------------------------------

  getLoadBalancer(id: string): Obj {
    const lb = this.loadbalancers.get(id);
    if (!lb) throw notFound("loadbalancer", id);
    return this.loadBalancerView(lb);
  }

  listLoadBalancers(query: Query): Obj {
    const f = (k: keyof LoadBalancerRecord) => (lb: LoadBalancerRecord) => lb[k];
    const { items, page_info } = paginate(
      [...this.loadbalancers.values()],
      query,
      {
        id: f("id"),
        name: f("name"),
        description: f("description"),
        vpc_id: f("vpc_id"),
        vip_subnet_cidr_id: f("vip_subnet_cidr_id"),
        vip_address: f("vip_address"),
        vip_port_id: f("vip_port_id"),
        provisioning_status: f("provisioning_status"),
        operating_status: f("operating_status"),
        availability_zone_list: f("availability_zone_list"),
        enterprise_project_id: () => "0",
      },
      "loadbalancer",
    );
    return { loadbalancers: items.map((lb) => this.loadBalancerView(lb)), page_info };
  }

  private loadBalancerView(lb: LoadBalancerRecord): Obj {
    const pools = [...this.pools.values()].filter((p) => p.kind === "v3" && p.loadbalancer_id === lb.id);
    const listeners = [...this.listeners.values()].filter((l) => l.loadbalancer_id === lb.id);
    return clone({
      id: lb.id,
      name: lb.name,
      description: lb.description,
      provider: "vlb",
      project_id: this.options.projectId,
      vpc_id: lb.vpc_id,
      vip_subnet_cidr_id: lb.vip_subnet_cidr_id,
      vip_address: lb.vip_address,
      vip_port_id: lb.vip_port_id,
      ipv6_vip_virsubnet_id: null,
      ipv6_vip_address: null,
      elb_virsubnet_ids: [lb.vip_subnet_cidr_id],
      provisioning_status: lb.provisioning_status,
      operating_status: lb.operating_status,
      admin_state_up: true,
      guaranteed: true,
      ip_target_enable: lb.ip_target_enable,
      availability_zone_list: lb.availability_zone_list,
      listeners: listeners.map((l) => ({ id: l.id })),
      pools: pools.map((p) => ({ id: p.id })),
      enterprise_project_id: "0",
      deletion_protection_enable: false,
      tags: [],
      publicips: [],
      eips: [],
      created_at: lb.created_at,
      updated_at: lb.updated_at,
    });
  }

  getListener(id: string): Obj {
    const listener = this.listeners.get(id);
    if (!listener) throw notFound("listener", id);
    return this.listenerView(listener);
  }

  listListeners(query: Query): Obj {
    const f = (k: keyof ListenerRecord) => (l: ListenerRecord) => l[k];
    const { items, page_info } = paginate(
      [...this.listeners.values()],
      query,
      {
        id: f("id"),
        name: f("name"),
        description: f("description"),
        protocol: f("protocol"),
        protocol_port: f("protocol_port"),
        loadbalancer_id: f("loadbalancer_id"),
        default_pool_id: f("default_pool_id"),
        enterprise_project_id: () => "0",
      },
      "listener",
    );
    return { listeners: items.map((l) => this.listenerView(l)), page_info };
  }

  private listenerView(l: ListenerRecord): Obj {
    return clone({
      id: l.id,
      name: l.name,
      description: l.description,
      protocol: l.protocol,
      protocol_port: l.protocol_port,
      loadbalancers: [{ id: l.loadbalancer_id }],
      default_pool_id: l.default_pool_id,
      admin_state_up: true,
      connection_limit: -1,
      http2_enable: false,
      default_tls_container_ref: null,
      client_ca_tls_container_ref: null,
      sni_container_refs: [],
      insert_headers: {},
      project_id: this.options.projectId,
      enterprise_project_id: "0",
      tags: [],
      created_at: l.created_at,
      updated_at: l.updated_at,
    });
  }

  // --- out-of-band changes (drift tests; no validation, no counting) -------------------------------

  outOfBandUpdatePool(id: string, patch: Record<string, unknown>): void {
    const pool = this.pools.get(id);
    if (!pool) throw new Error(`outOfBand.updatePool: pool ${id} does not exist`);
    const settable = new Set<string>([...Object.keys(POOL_FIELDS), "healthmonitor_id"]);
    settable.delete("listener_id");
    for (const [key, value] of Object.entries(patch)) {
      if (key === "loadbalancer_id") {
        pool.loadbalancer_id = value as string | null;
        continue;
      }
      if (!settable.has(key)) throw new Error(`outOfBand.updatePool: ${key} is not a stored pool field`);
      (pool as unknown as Obj)[key] = clone(value);
    }
    pool.updated_at = this.now();
  }

  outOfBandDeletePool(id: string): void {
    const pool = this.pools.get(id);
    if (!pool) throw new Error(`outOfBand.deletePool: pool ${id} does not exist`);
    this.removePool(pool);
  }

  setLoadBalancerStatus(lbId: string, status: LoadBalancerStatus, opts?: { revertAfterRequests?: number }): void {
    const lb = this.loadbalancers.get(lbId);
    if (!lb) throw new Error(`setLoadBalancerStatus: load balancer ${lbId} does not exist`);
    lb.provisioning_status = status;
    lb.updated_at = this.now();
    if (opts?.revertAfterRequests !== undefined && status !== "ACTIVE") lb.revertAfterRequests = opts.revertAfterRequests;
    else delete lb.revertAfterRequests;
  }

  attachHealthMonitor(poolId: string): string {
    const pool = this.pools.get(poolId);
    if (!pool) throw new Error(`attachHealthMonitor: pool ${poolId} does not exist`);
    if (pool.healthmonitor_id) return pool.healthmonitor_id;
    const hm: HealthMonitorRecord = { id: randomUUID(), pool_id: poolId, type: "TCP", delay: 5, timeout: 3, max_retries: 3 };
    this.healthmonitors.set(hm.id, hm);
    pool.healthmonitor_id = hm.id;
    pool.updated_at = this.now();
    return hm.id;
  }
}
