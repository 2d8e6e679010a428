/**
 * Active/standby (master-slave) pools: POST/GET /v3/{project_id}/elb/master-slave-pools and
 * GET/DELETE .../master-slave-pools/{pool_id}. Written from seeds 000 and 003 and ELB-API.md
 * "Master-slave pool fields", not from the provider. There is no update route: a PUT reaches no
 * route and gets the API gateway's "API does not exist" answer, as on the real API. The two members
 * and the health check are fixed at creation and go with the pool.
 */
import { randomUUID } from "node:crypto";
import { invalid } from "./errors";
import { baseFields, insertPool, removePool, requirePool, resolveBinding } from "./pool-kinds";
import type { Route } from "./routes";
import {
  type Check,
  type HealthMonitorRecord,
  type MemberRecord,
  type PoolRecord,
  type Query,
  type Store,
  bool,
  clone,
  int,
  object,
  oneOf,
  paginate,
  requireEnvelope,
  str,
} from "./store";

type Obj = Record<string, unknown>;

const PROTOCOLS = ["TCP", "UDP", "QUIC", "TLS"];
/** The seed lists the algorithms without values; these are v3's for these protocols (inferred). */
const LB_ALGORITHMS = ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "QUIC_CID"];
/** any_port_enable and connection_drain: "only TCP, UDP or QUIC backend server groups" (seeds 000, 003). */
const PORTLESS = ["TCP", "UDP", "QUIC"];
/** Listener protocol → master-slave pool protocols it forwards to (inferred, as for v3 pools). */
const LISTENER_POOL_PROTOCOLS: Record<string, string[]> = {
  TCP: ["TCP"],
  UDP: ["UDP", "QUIC"],
  TLS: ["TLS", "TCP"],
  QUIC: ["QUIC", "UDP"],
};

const pattern =
  (re: RegExp, max: number, reason: string): Check =>
  (v, f) => {
    str(max)(v, f);
    if (!re.test(v as string)) throw invalid(f, reason, v);
    return v;
  };

/** Seed 000: domain_name "digits, letters, hyphens and periods, starting with a digit or letter". */
const domainName = pattern(
  /^[A-Za-z0-9][A-Za-z0-9.-]*$/,
  100,
  "Only digits, letters, - and . are allowed, starting with a digit or letter.",
);
/** Seed 000: url_path starts with / and holds letters, digits and -/.%?#& plus _;~!()*[]@$^:',+ */
const urlPath = pattern(
  /^\/[A-Za-z0-9/.%?#&_;~!()*[\]@$^:',+-]*$/,
  80,
  "Must start with / and hold only letters, digits and -/.%?#&_;~!()*[]@$^:',+.",
);

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

const HEALTHMONITOR = object(
  {
    delay: int(1, 50),
    domain_name: domainName,
    expected_codes: str(64),
    http_method: oneOf(["GET", "HEAD", "POST"]),
    max_retries: int(1, 10),
    max_retries_down: int(1, 10),
    monitor_port: int(1, 65535),
    name: str(255),
    timeout: int(1, 50), // the seeds give no range; v3 health checks take 1-50 (inferred)
    type: oneOf(["TCP", "UDP_CONNECT", "HTTP", "HTTPS"]),
    url_path: urlPath,
  },
  ["delay", "max_retries", "timeout", "type"],
);

const FIELDS: Record<string, Check> = {
  description: str(255),
  lb_algorithm: oneOf(LB_ALGORITHMS),
  loadbalancer_id: str(36),
  listener_id: str(36),
  name: str(255),
  project_id: str(32),
  protocol: oneOf(PROTOCOLS),
  session_persistence: object(
    { type: oneOf(["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"]), cookie_name: str(1024), persistence_timeout: int(1, 1440) },
    ["type"],
  ),
  vpc_id: str(36),
  type: oneOf(["instance", "ip", ""]),
  ip_version: oneOf(["v4", "dualstack"]),
  members: (v, f) => {
    if (!Array.isArray(v)) throw invalid(f, "Must be an array.", v);
    return v.map((m, i) => MEMBER(m, `${f}[${i}]`));
  },
  healthmonitor: HEALTHMONITOR,
  any_port_enable: bool,
  connection_drain: object({ enable: bool, timeout: int(10, 4000) }, ["enable"]),
};

/** The health check of a master-slave pool: the v3 record plus what this API shows. */
interface MasterSlaveHealthMonitor extends HealthMonitorRecord {
  name: string;
  max_retries_down: number;
  monitor_port: number | null;
  domain_name: string;
  http_method: string;
  url_path: string;
  expected_codes: string;
  admin_state_up: boolean;
}

export function createMasterSlavePool(store: Store, body: unknown): Obj {
  const input = requireEnvelope(body, "pool");
  const given: Obj = {};
  for (const [key, value] of Object.entries(input)) {
    const check = FIELDS[key];
    if (!check) throw invalid(key, "Unknown field/attribute.");
    if (value === null) continue; // null counts as absent (inferred)
    given[key] = check(value, key);
  }
  for (const required of ["lb_algorithm", "protocol", "type", "members", "healthmonitor"]) {
    if (given[required] === undefined) throw invalid(required, "This field is required.");
  }
  const protocol = given.protocol as string;
  const type = given.type as string;
  if (given.project_id !== undefined && given.project_id !== store.options.projectId) {
    throw invalid("project_id", `Must be the project of the request (${store.options.projectId}).`, given.project_id);
  }
  if (given.listener_id === undefined && given.loadbalancer_id === undefined && type === "") {
    throw invalid("listener_id", "At least one of listener_id, loadbalancer_id and type must be specified.");
  }
  if (given.lb_algorithm === "QUIC_CID" && protocol !== "QUIC")
    throw invalid("lb_algorithm", "QUIC_CID is only supported by QUIC pools.", "QUIC_CID");

  const members = given.members as Obj[];
  const roles = members.map((m) => m.role).sort();
  if (members.length !== 2 || roles[0] !== "master" || roles[1] !== "slave") {
    throw invalid("members", "Exactly two members are required, one with role master and one with role slave.", roles);
  }
  const anyPort = given.any_port_enable === true;
  members.forEach((m, i) => {
    if (m.protocol_port === undefined && !anyPort) throw invalid(`members[${i}].protocol_port`, "This field is required.");
    if (m.subnet_cidr_id !== undefined && !store.subnetIds.has(m.subnet_cidr_id as string)) {
      throw invalid(`members[${i}].subnet_cidr_id`, `Subnet ${String(m.subnet_cidr_id)} does not exist.`, m.subnet_cidr_id);
    }
  });

  const sp = given.session_persistence as Obj | undefined;
  if (sp?.cookie_name !== undefined && sp.type !== "APP_COOKIE") {
    throw invalid("session_persistence.cookie_name", "Only allowed when type is APP_COOKIE.", sp.cookie_name);
  }
  if (sp?.persistence_timeout !== undefined && PORTLESS.includes(protocol) && (sp.persistence_timeout as number) > 60) {
    throw invalid(
      "session_persistence.persistence_timeout",
      `Must be between 1 and 60 minutes for ${protocol} pools.`,
      sp.persistence_timeout,
    );
  }
  if (given.any_port_enable !== undefined && !PORTLESS.includes(protocol)) {
    throw invalid("any_port_enable", `Only TCP, UDP and QUIC pools support any_port_enable, not ${protocol}.`, given.any_port_enable);
  }
  if (given.connection_drain !== undefined && !PORTLESS.includes(protocol)) {
    throw invalid("connection_drain", `Only TCP, UDP and QUIC pools support connection_drain, not ${protocol}.`, given.connection_drain);
  }
  if (given.vpc_id !== undefined && !store.vpcIds.has(given.vpc_id as string))
    throw invalid("vpc_id", `VPC ${String(given.vpc_id)} does not exist.`, given.vpc_id);

  const { listener, lbId } = resolveBinding(store, given.listener_id as string | undefined, given.loadbalancer_id as string | undefined);
  if (listener) {
    const allowed = LISTENER_POOL_PROTOCOLS[listener.protocol] ?? [];
    if (!allowed.includes(protocol)) {
      throw invalid("protocol", `A ${listener.protocol} listener cannot forward to a ${protocol} active/standby pool.`, protocol);
    }
  }
  store.requireActive(lbId, "pool cannot be created");

  const pool = insertPool(
    store,
    {
      ...baseFields({
        lb_algorithm: given.lb_algorithm as string,
        protocol,
        type,
        name: (given.name as string | undefined) ?? "",
        description: (given.description as string | undefined) ?? "",
        // "If vpc_id is not specified, it is determined by the VPC where the backend servers work":
        // the load balancer's VPC here (inferred).
        vpc_id: (given.vpc_id as string | undefined) ?? (lbId ? store.loadbalancers.get(lbId)!.vpc_id : ""),
        ip_version: (given.ip_version as string | undefined) ?? "v4",
        session_persistence: sp
          ? {
              type: sp.type as string,
              cookie_name: (sp.cookie_name as string | undefined) ?? null,
              persistence_timeout:
                (sp.persistence_timeout as number | undefined) ??
                (sp.type === "APP_COOKIE" ? null : PORTLESS.includes(protocol) ? 1 : 1440),
            }
          : null,
        any_port_enable: anyPort,
        // (inferred) as for v3 TCP/UDP/QUIC pools: shown off with a 300 s timeout when not given.
        connection_drain: given.connection_drain
          ? {
              enable: (given.connection_drain as Obj).enable as boolean,
              timeout: ((given.connection_drain as Obj).timeout as number | undefined) ?? 300,
            }
          : PORTLESS.includes(protocol)
            ? { enable: false, timeout: 300 }
            : null,
      }),
      kind: "master-slave",
      loadbalancer_id: lbId,
      member_ids: [],
      project_id: store.options.projectId,
    },
    listener,
  );

  for (const m of members) {
    const address = m.address as string;
    const record: MemberRecord = {
      id: randomUUID(),
      pool_id: pool.id,
      address,
      protocol_port: (m.protocol_port as number | undefined) ?? null,
      name: (m.name as string | undefined) ?? "",
      admin_state_up: (m.admin_state_up as boolean | undefined) ?? true,
      subnet_cidr_id: (m.subnet_cidr_id as string | undefined) ?? "",
      role: m.role,
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

  const hm = given.healthmonitor as Obj;
  const monitor: MasterSlaveHealthMonitor = {
    id: randomUUID(),
    pool_id: pool.id,
    type: hm.type as string,
    delay: hm.delay as number,
    timeout: hm.timeout as number,
    max_retries: hm.max_retries as number,
    name: (hm.name as string | undefined) ?? "",
    max_retries_down: (hm.max_retries_down as number | undefined) ?? 3,
    monitor_port: (hm.monitor_port as number | undefined) ?? null,
    domain_name: (hm.domain_name as string | undefined) ?? "",
    // the seed's example answers "get" when none was given (inferred: given values are echoed)
    http_method: (hm.http_method as string | undefined) ?? "get",
    url_path: (hm.url_path as string | undefined) ?? "/",
    expected_codes: (hm.expected_codes as string | undefined) ?? "200",
    admin_state_up: true,
  };
  store.healthmonitors.set(monitor.id, monitor);
  pool.healthmonitor_id = monitor.id;
  return masterSlaveView(store, pool);
}

/** The pool as the API shows it: the keys of seed 000's example response, and those 000/003 document. */
export function masterSlaveView(store: Store, p: PoolRecord): Obj {
  const listeners = store.listenersOf(p.id);
  const hm = p.healthmonitor_id ? (store.healthmonitors.get(p.healthmonitor_id) as MasterSlaveHealthMonitor | undefined) : undefined;
  return clone({
    id: p.id,
    name: p.name,
    description: p.description,
    lb_algorithm: p.lb_algorithm,
    protocol: p.protocol,
    type: p.type,
    vpc_id: p.vpc_id,
    ip_version: p.ip_version,
    session_persistence: p.session_persistence,
    any_port_enable: p.any_port_enable,
    connection_drain: p.connection_drain,
    enterprise_project_id: p.enterprise_project_id,
    project_id: p.project_id,
    listeners: listeners.map((l) => ({ id: l.id })),
    loadbalancers: p.loadbalancer_id ? [{ id: p.loadbalancer_id }] : [],
    members: p.member_ids.flatMap((id) => {
      const m = store.members.get(id);
      if (!m) return [];
      return [
        {
          id: m.id,
          name: m.name,
          address: m.address,
          protocol_port: m.protocol_port,
          subnet_cidr_id: m.subnet_cidr_id,
          admin_state_up: m.admin_state_up,
          role: m.role,
          operating_status: m.operating_status,
          status: listeners.map((l) => ({ listener_id: l.id, operating_status: m.operating_status })),
          member_type: m.member_type,
          ip_version: m.ip_version,
          instance_id: m.instance_id,
          device_id: m.device_id,
          device_owner: m.device_owner,
        },
      ];
    }),
    healthmonitor: hm
      ? {
          id: hm.id,
          name: hm.name,
          type: hm.type,
          delay: hm.delay,
          timeout: hm.timeout,
          max_retries: hm.max_retries,
          max_retries_down: hm.max_retries_down,
          monitor_port: hm.monitor_port,
          domain_name: hm.domain_name,
          http_method: hm.http_method,
          url_path: hm.url_path,
          expected_codes: hm.expected_codes,
          admin_state_up: hm.admin_state_up,
        }
      : null,
    created_at: p.created_at,
    updated_at: p.updated_at,
  });
}

export function getMasterSlavePool(store: Store, id: string): Obj {
  return masterSlaveView(store, requirePool(store, "master-slave", id));
}

export function deleteMasterSlavePool(store: Store, id: string): void {
  const pool = requirePool(store, "master-slave", id);
  store.requireActive(pool.loadbalancer_id, `pool ${pool.id} cannot be deleted`);
  removePool(store, pool); // its two members and its health check go with it
}

/** Filters as for v3 pools (inferred: the list page names the same ones). */
export function listMasterSlavePools(store: Store, query: Query): Obj {
  const all = [...store.pools.values()].filter((p) => p.kind === "master-slave");
  const filters = store.poolFilters([
    "id",
    "name",
    "description",
    "lb_algorithm",
    "protocol",
    "type",
    "vpc_id",
    "ip_version",
    "healthmonitor_id",
    "enterprise_project_id",
    "loadbalancer_id",
    "listener_id",
    "member_address",
    "member_instance_id",
  ]);
  const { items, page_info } = paginate(all, query, filters, "pool");
  return { pools: items.map((p) => masterSlaveView(store, p)), page_info };
}

export function masterSlavePoolViews(store: Store): Obj[] {
  return [...store.pools.values()].filter((p) => p.kind === "master-slave").map((p) => masterSlaveView(store, p));
}

const ok = (status: number, body?: Obj) => ({ status, ...(body ? { body } : {}) });

export const MASTER_SLAVE_ROUTES: Route[] = [
  {
    method: "POST",
    pattern: /^\/v3\/([^/]+)\/elb\/master-slave-pools$/,
    service: "elb",
    handle: (d, c) => ok(201, { pool: createMasterSlavePool(d.store, c.body) }),
  },
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/master-slave-pools$/,
    service: "elb",
    handle: (d, c) => ok(200, listMasterSlavePools(d.store, c.query)),
  },
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/master-slave-pools\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { pool: getMasterSlavePool(d.store, c.params[1]!) }),
  },
  {
    method: "DELETE",
    pattern: /^\/v3\/([^/]+)\/elb\/master-slave-pools\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => (deleteMasterSlavePool(d.store, c.params[1]!), ok(204)),
  },
];
