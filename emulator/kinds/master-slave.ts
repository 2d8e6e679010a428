/**
 * Active/standby (master-slave) pools: POST/GET /v3/{project_id}/elb/master-slave-pools and
 * GET/DELETE .../master-slave-pools/{pool_id}. Written from seeds 000 and 003 and ELB-API.md
 * "Master-slave pool fields", not from the provider. There is no update route: a PUT reaches no
 * route and gets the API gateway's "API does not exist" answer, as on the real API. The two members
 * and the health check are fixed at creation and go with the pool.
 */
import { invalid } from "../errors";
import { type Query, paginate, pickFilters } from "../lists";
import type { HealthMonitorRecord, MasterSlaveMemberRecord, PoolRecord, SessionPersistence } from "../records";
import { type Route, elbRoute, ok, param } from "../route";
import { type Store, clone, newId, pick } from "../store";
import { type FieldRule, type Obj, array, bool, int, object, oneOf, readBody, requireFields, str } from "../validators";
import { HEALTH_CHECK_FIELDS, HEALTH_CHECK_REQUIRED, HEALTH_CHECK_VIEW, newHealthMonitor } from "./health-monitors";
import {
  POOL_HEAD,
  PORTLESS_PROTOCOLS,
  bindNewPool,
  defaultConnectionDrain,
  insertPool,
  poolDefaults,
  removePool,
  requirePool,
  storedStickiness,
} from "./pool-base";
import { poolFilters } from "./pools";

const PROTOCOLS = ["TCP", "UDP", "QUIC", "TLS"];
/** The seed lists the algorithms without values; these are v3's for these protocols (inferred). */
const LB_ALGORITHMS = ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "QUIC_CID"];

const MEMBER = object(
  {
    address: str(64),
    admin_state_up: bool,
    name: str(255),
    protocol_port: int(1, 65535),
    subnet_cidr_id: str(36),
    role: oneOf(["master", "slave"]),
  },
  ["address", "role"],
);

const HEALTHMONITOR = object(HEALTH_CHECK_FIELDS, HEALTH_CHECK_REQUIRED);

/** Every field is create-only (there is no update API); `null` counts as absent (inferred). */
const FIELDS: Readonly<Record<string, FieldRule>> = {
  description: { check: str(255) },
  lb_algorithm: { check: oneOf(LB_ALGORITHMS) },
  loadbalancer_id: { check: str(36) },
  listener_id: { check: str(36) },
  name: { check: str(255) },
  project_id: { check: str(32) },
  protocol: { check: oneOf(PROTOCOLS) },
  session_persistence: {
    check: object({ type: oneOf(["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"]), cookie_name: str(1024), persistence_timeout: int(1, 1440) }, [
      "type",
    ]),
  },
  vpc_id: { check: str(36) },
  type: { check: oneOf(["instance", "ip", ""]) },
  ip_version: { check: oneOf(["v4", "dualstack"]) },
  members: { check: array(MEMBER) },
  healthmonitor: { check: HEALTHMONITOR },
  any_port_enable: { check: bool },
  connection_drain: { check: object({ enable: bool, timeout: int(10, 4000) }, ["enable"]) },
};

/** A checked create body, field by field. */
interface Given {
  lb_algorithm: string;
  protocol: string;
  type: string;
  name?: string;
  description?: string;
  listener_id?: string;
  loadbalancer_id?: string;
  project_id?: string;
  vpc_id?: string;
  ip_version?: string;
  session_persistence?: Obj;
  members: Obj[];
  healthmonitor: Obj;
  any_port_enable?: boolean;
  connection_drain?: Obj;
}

/** Type checks, required fields, and the rules between the pool's own fields. */
function checkBody(store: Store, body: unknown): Given {
  const fields = readBody(body, "pool", FIELDS);
  requireFields(fields, ["lb_algorithm", "protocol", "type", "members", "healthmonitor"]);
  const given = Object.fromEntries(fields) as unknown as Given;
  const { protocol } = given;
  if (given.project_id !== undefined && given.project_id !== store.options.projectId) {
    throw invalid("project_id", `Must be the project of the request (${store.options.projectId}).`, given.project_id);
  }
  if (given.listener_id === undefined && given.loadbalancer_id === undefined && given.type === "") {
    throw invalid("listener_id", "At least one of listener_id, loadbalancer_id and type must be specified.");
  }
  if (given.lb_algorithm === "QUIC_CID" && protocol !== "QUIC") {
    throw invalid("lb_algorithm", "QUIC_CID is only supported by QUIC pools.", "QUIC_CID");
  }
  checkMembers(store, given.members, given.any_port_enable === true);
  const sp = given.session_persistence;
  if (sp?.cookie_name !== undefined && sp.type !== "APP_COOKIE") {
    throw invalid("session_persistence.cookie_name", "Only allowed when type is APP_COOKIE.", sp.cookie_name);
  }
  const timeout = sp?.persistence_timeout;
  if (typeof timeout === "number" && PORTLESS_PROTOCOLS.includes(protocol) && timeout > 60) {
    throw invalid("session_persistence.persistence_timeout", `Must be between 1 and 60 minutes for ${protocol} pools.`, timeout);
  }
  for (const key of ["any_port_enable", "connection_drain"] as const) {
    if (given[key] !== undefined && !PORTLESS_PROTOCOLS.includes(protocol)) {
      throw invalid(key, `Only TCP, UDP and QUIC pools support ${key}, not ${protocol}.`, given[key]);
    }
  }
  if (given.vpc_id !== undefined && !store.vpcIds.has(given.vpc_id))
    throw invalid("vpc_id", `VPC ${given.vpc_id} does not exist.`, given.vpc_id);
  return given;
}

/** Exactly one master and one slave; a port unless any-port; a known subnet. */
function checkMembers(store: Store, members: Obj[], anyPort: boolean): void {
  const roles = members.map((m) => String(m.role)).sort();
  if (members.length !== 2 || roles[0] !== "master" || roles[1] !== "slave") {
    throw invalid("members", "Exactly two members are required, one with role master and one with role slave.", roles);
  }
  members.forEach((m, i) => {
    if (m.protocol_port === undefined && !anyPort) throw invalid(`members[${i}].protocol_port`, "This field is required.");
    if (m.subnet_cidr_id !== undefined && !store.subnetIds.has(String(m.subnet_cidr_id))) {
      throw invalid(`members[${i}].subnet_cidr_id`, `Subnet ${String(m.subnet_cidr_id)} does not exist.`, m.subnet_cidr_id);
    }
  });
}

/**
 * The stored stickiness. The default timeout is 1 minute for TCP/UDP/QUIC pools and 1440 otherwise:
 * unlike v3 pools, a TLS active/standby pool defaults to (and allows up to) 1440 (inferred).
 */
function stickiness(sp: Obj | undefined, protocol: string): SessionPersistence | null {
  return sp ? storedStickiness(sp, PORTLESS_PROTOCOLS.includes(protocol) ? 1 : 1440) : null;
}

function createMasterSlavePool(store: Store, body: unknown): MasterSlavePoolView {
  const given = checkBody(store, body);
  const { protocol } = given;
  const binding = bindNewPool(store, "master-slave", protocol, given.listener_id, given.loadbalancer_id);
  const drain = given.connection_drain;
  const fields = poolDefaults({
    lb_algorithm: given.lb_algorithm,
    protocol,
    type: given.type,
    name: given.name ?? "",
    description: given.description ?? "",
    // "If vpc_id is not specified, it is determined by the VPC where the backend servers work":
    // the load balancer's VPC here (inferred).
    vpc_id: given.vpc_id ?? (binding.lbId ? (store.loadbalancers.get(binding.lbId)?.vpc_id ?? "") : ""),
    ip_version: given.ip_version ?? "v4",
    session_persistence: stickiness(given.session_persistence, protocol),
    any_port_enable: given.any_port_enable === true,
    // (inferred) as for v3 TCP/UDP/QUIC pools: shown off with a 300 s timeout when not given.
    connection_drain: drain
      ? { enable: drain.enable === true, timeout: typeof drain.timeout === "number" ? drain.timeout : 300 }
      : defaultConnectionDrain(protocol),
  });
  const pool = insertPool(store, "master-slave", fields, binding);
  for (const m of given.members) addMember(store, pool, m);
  // the seed's example answers "get" when none was given (inferred: given values are echoed)
  newHealthMonitor(store, pool, given.healthmonitor, { domain_name: "", http_method: "get" });
  return masterSlaveView(store, pool);
}

function addMember(store: Store, pool: PoolRecord, m: Obj): void {
  const address = String(m.address);
  const record: MasterSlaveMemberRecord = {
    id: newId(),
    pool_id: pool.id,
    address,
    protocol_port: typeof m.protocol_port === "number" ? m.protocol_port : null,
    name: typeof m.name === "string" ? m.name : "",
    admin_state_up: m.admin_state_up !== false,
    subnet_cidr_id: typeof m.subnet_cidr_id === "string" ? m.subnet_cidr_id : "",
    role: m.role === "master" ? "master" : "slave",
    // (inferred) no backend answers the emulator's health checks: OFFLINE, as in the seed's example.
    operating_status: "OFFLINE",
    member_type: m.subnet_cidr_id === undefined ? "ip" : "instance",
    ip_version: address.includes(":") ? "v6" : "v4",
    instance_id: "",
    device_id: "",
    device_owner: "",
  };
  store.members.set(record.id, record);
  pool.member_ids.push(record.id);
}

/** The pool as the API shows it: the keys of seed 000's example response, and those 000/003 document. */
export type MasterSlavePoolView = ReturnType<typeof masterSlaveView>;

export function masterSlaveView(store: Store, p: PoolRecord) {
  const listeners = store.listenersOf(p.id);
  // The health check "cannot be disabled" (seed 000): created with the pool, removed with it.
  const hm = p.healthmonitor_id ? store.healthmonitors.get(p.healthmonitor_id) : undefined;
  if (!hm) throw new Error(`active/standby pool ${p.id} has no health check`);
  return clone({
    ...pick(p, [
      ...POOL_HEAD,
      "ip_version",
      "session_persistence",
      "any_port_enable",
      "connection_drain",
      "enterprise_project_id",
      "project_id",
    ]),
    listeners: listeners.map((l) => ({ id: l.id })),
    loadbalancers: p.loadbalancer_id ? [{ id: p.loadbalancer_id }] : [],
    members: p.member_ids.flatMap((id) => {
      const m = store.members.get(id);
      return m?.role ? [memberView(m, listeners)] : [];
    }),
    healthmonitor: healthMonitorView(hm),
    created_at: p.created_at,
    updated_at: p.updated_at,
  });
}

function memberView(m: MasterSlaveMemberRecord, listeners: { id: string }[]) {
  return {
    ...pick(m, ["id", "name", "address", "protocol_port", "subnet_cidr_id", "admin_state_up", "role", "operating_status"]),
    status: listeners.map((l) => ({ listener_id: l.id, operating_status: m.operating_status })),
    ...pick(m, ["member_type", "ip_version", "instance_id", "device_id", "device_owner"]),
  };
}

const healthMonitorView = (hm: HealthMonitorRecord) => pick(hm, HEALTH_CHECK_VIEW);

function deleteMasterSlavePool(store: Store, id: string): void {
  const pool = requirePool(store, "master-slave", id);
  store.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be deleted`);
  removePool(store, pool); // its two members and its health check go with it
}

/** Filters as for v3 pools (inferred: the list page names the same ones). */
const FILTERS = [
  ...POOL_HEAD,
  "ip_version",
  "healthmonitor_id",
  "enterprise_project_id",
  "loadbalancer_id",
  "listener_id",
  "member_address",
  "member_instance_id",
];

function listMasterSlavePools(store: Store, query: Query): Obj {
  const { items, page_info } = paginate(store.poolsOf("master-slave"), query, pickFilters(poolFilters(store), FILTERS), "pool");
  return { pools: items.map((p) => masterSlaveView(store, p)), page_info };
}

export function masterSlavePoolViews(store: Store): MasterSlavePoolView[] {
  return store.poolsOf("master-slave").map((p) => masterSlaveView(store, p));
}

export const MASTER_SLAVE_ROUTES: Route[] = [
  elbRoute("POST", "v3", "/master-slave-pools", (d, c) => ok(201, { pool: createMasterSlavePool(d.store, c.body) })),
  elbRoute("GET", "v3", "/master-slave-pools", (d, c) => ok(200, listMasterSlavePools(d.store, c.query))),
  elbRoute("GET", "v3", "/master-slave-pools/{id}", (d, c) =>
    ok(200, { pool: masterSlaveView(d.store, requirePool(d.store, "master-slave", param(c, 1))) }),
  ),
  elbRoute("DELETE", "v3", "/master-slave-pools/{id}", (d, c) => (deleteMasterSlavePool(d.store, param(c, 1)), ok(204))),
];
