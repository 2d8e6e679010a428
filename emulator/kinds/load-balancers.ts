/**
 * Load balancers and listeners: read-only records seeded from the fixtures, served by
 * GET /v3/{project_id}/elb/loadbalancers[/{id}] and .../listeners[/{id}]; out-of-band, a load
 * balancer's provisioning status can be set (and revert after some requests).
 */
import { notFound } from "../errors";
import { FIXTURE_CREATED_AT, LISTENERS, LOADBALANCERS } from "../fixtures";
import { type FilterSpec, paginate } from "../lists";
import type { ListenerRecord, LoadBalancerRecord, LoadBalancerStatus } from "../records";
import { type Route, elbRoute, ok, param } from "../route";
import { type Store, clone } from "../store";
import type { Obj } from "../validators";

/** What every seeded record has: the fixture's ID and name, no description, the fixed fixture time. */
const seeded = (fixture: { id: string; name: string }) => ({
  id: fixture.id,
  name: fixture.name,
  description: "",
  created_at: FIXTURE_CREATED_AT,
  updated_at: FIXTURE_CREATED_AT,
});

/** Fills the store with the fixture load balancers and listeners. */
export function seedFixtures(store: Store): void {
  for (const lb of LOADBALANCERS) {
    store.loadbalancers.set(lb.id, {
      ...seeded(lb),
      vpc_id: lb.vpcId,
      vip_subnet_cidr_id: lb.subnetId,
      vip_address: lb.vipAddress,
      vip_port_id: `${lb.id.slice(0, 24)}${"f".repeat(12)}`,
      provisioning_status: "ACTIVE",
      operating_status: "ONLINE",
      availability_zone_list: [...lb.availabilityZones],
      ip_target_enable: lb.ipTargetEnable ?? true,
    });
  }
  for (const l of LISTENERS) {
    const { protocol, protocolPort: protocol_port, loadbalancerId: loadbalancer_id } = l;
    store.listeners.set(l.id, { ...seeded(l), protocol, protocol_port, loadbalancer_id, default_pool_id: null });
  }
}

/** Filters on a record's own fields, plus `enterprise_project_id` (always "0"). */
function fieldFilters<T>(keys: readonly (keyof T & string)[]): FilterSpec<T> {
  const filters: FilterSpec<T> = { enterprise_project_id: () => "0" };
  for (const key of keys) filters[key] = (item: T) => item[key];
  return filters;
}

const LOADBALANCER_FILTERS = fieldFilters<LoadBalancerRecord>([
  "id",
  "name",
  "description",
  "vpc_id",
  "vip_subnet_cidr_id",
  "vip_address",
  "vip_port_id",
  "provisioning_status",
  "operating_status",
  "availability_zone_list",
]);

const LISTENER_FILTERS = fieldFilters<ListenerRecord>([
  "id",
  "name",
  "description",
  "protocol",
  "protocol_port",
  "loadbalancer_id",
  "default_pool_id",
]);

function loadBalancerView(store: Store, lb: LoadBalancerRecord): Obj {
  const pools = store.poolsOf("v3").filter((p) => p.loadbalancer_id === lb.id);
  const listeners = [...store.listeners.values()].filter((l) => l.loadbalancer_id === lb.id);
  return clone({
    id: lb.id,
    name: lb.name,
    description: lb.description,
    provider: "vlb",
    project_id: store.options.projectId,
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

function listenerView(store: Store, l: ListenerRecord): Obj {
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
    project_id: store.options.projectId,
    enterprise_project_id: "0",
    tags: [],
    created_at: l.created_at,
    updated_at: l.updated_at,
  });
}

/**
 * The two read routes of a fixture-backed kind: GET .../{kind}s (paginated, filtered; body key
 * `{kind}s`) and GET .../{kind}s/{id} (body key `{kind}`, 404 ELB.8904 when unknown).
 */
function readRoutes<T extends { id: string }>(
  kind: "loadbalancer" | "listener",
  records: (store: Store) => Map<string, T>,
  filters: FilterSpec<T>,
  view: (store: Store, record: T) => Obj,
): Route[] {
  return [
    elbRoute("GET", "v3", `/${kind}s`, (d, c) => {
      const { items, page_info } = paginate([...records(d.store).values()], c.query, filters, kind);
      return ok(200, { [`${kind}s`]: items.map((r) => view(d.store, r)), page_info });
    }),
    elbRoute("GET", "v3", `/${kind}s/{id}`, (d, c) => {
      const id = param(c, 1);
      const record = records(d.store).get(id);
      if (!record) throw notFound(kind, id);
      return ok(200, { [kind]: view(d.store, record) });
    }),
  ];
}

/** Out of band: the load balancer's provisioning status, optionally back to ACTIVE after N more requests. */
export function setLoadBalancerStatus(
  store: Store,
  lbId: string,
  status: LoadBalancerStatus,
  opts?: { revertAfterRequests?: number },
): void {
  const lb = store.loadbalancers.get(lbId);
  if (!lb) throw new Error(`setLoadBalancerStatus: load balancer ${lbId} does not exist`);
  lb.provisioning_status = status;
  lb.updated_at = store.now();
  if (opts?.revertAfterRequests !== undefined && status !== "ACTIVE") lb.revertAfterRequests = opts.revertAfterRequests;
  else delete lb.revertAfterRequests;
}

export const LOAD_BALANCER_ROUTES: Route[] = [
  ...readRoutes("loadbalancer", (store) => store.loadbalancers, LOADBALANCER_FILTERS, loadBalancerView),
  ...readRoutes("listener", (store) => store.listeners, LISTENER_FILTERS, listenerView),
];
