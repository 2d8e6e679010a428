/**
 * What the emulator's store holds: the records of every kind, in the API's snake_case. Views (what a
 * response shows) are built from these by each kind's module.
 */

export type LoadBalancerStatus = "ACTIVE" | "PENDING_UPDATE" | "ERROR";

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

/** Which API a pool belongs to: each API sees only its own pools. */
export type PoolKind = "v3" | "master-slave" | "v2";

export interface PoolRecord extends PoolFields {
  kind: PoolKind;
  id: string;
  /** the load balancer the pool belongs to (given, or the listener's) */
  loadbalancer_id: string | null;
  /** member IDs in creation order; the members themselves live in `Store.members` */
  member_ids: string[];
  project_id: string;
  created_at: string;
  updated_at: string;
}

/** What every member record has, whatever its pool's kind. */
interface MemberFields {
  id: string;
  pool_id: string;
  name: string;
  address: string;
  protocol_port: number | null;
  /** "" for IP as a backend (seed 000 shows `"subnet_cidr_id": ""` on `member_type: "ip"` members) */
  subnet_cidr_id: string;
  admin_state_up: boolean;
  member_type: "ip" | "instance";
  ip_version: "v4" | "v6";
  instance_id: string;
}

/** A member of a v3 pool (the member APIs). */
export interface V3MemberRecord extends MemberFields {
  role?: undefined;
  weight: number;
  availability_zone: string;
  port_id: string;
  project_id: string;
  created_at: string;
  updated_at: string;
}

/** One of the two members of an active/standby pool, fixed at creation. */
export interface MasterSlaveMemberRecord extends MemberFields {
  role: "master" | "slave";
  operating_status: string;
  device_id: string;
  device_owner: string;
}

export type MemberRecord = V3MemberRecord | MasterSlaveMemberRecord;

export interface HealthMonitorRecord {
  id: string;
  pool_id: string;
  type: string;
  delay: number;
  timeout: number;
  max_retries: number;
  name: string;
  max_retries_down: number;
  monitor_port: number | null;
  /** null when cleared through the monitor API */
  domain_name: string | null;
  http_method: string;
  url_path: string;
  expected_codes: string;
  admin_state_up: boolean;
  project_id: string;
  created_at: string;
  updated_at: string;
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
