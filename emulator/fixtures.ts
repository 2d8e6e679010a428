/**
 * The emulator's seeded world: one project, two VPCs with subnets, three dedicated load balancers and
 * their listeners. IDs are fixed so examples and demos can name them; they are also discoverable through
 * `GET /v3/{project_id}/elb/loadbalancers`, `.../listeners` and `GET /v3/projects?name={region}`.
 */

export const FIXTURE_DOMAIN_ID = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";
export const FIXTURE_DOMAIN_NAME = "emulator-domain";
/** Fixture timestamps are fixed so that responses are reproducible. */
export const FIXTURE_CREATED_AT = "2024-01-01T00:00:00Z";

export interface VpcFixture {
  id: string;
  name: string;
  cidr: string;
}

export interface SubnetFixture {
  /** the IPv4 / IPv6 subnet ID (what `subnet_cidr_id` and `vip_subnet_cidr_id` name) */
  id: string;
  vpcId: string;
  cidr: string;
  ipv6?: boolean;
}

export interface LoadBalancerFixture {
  id: string;
  name: string;
  vpcId: string;
  subnetId: string;
  vipAddress: string;
  availabilityZones: string[];
  /**
   * `ip_target_enable` (IP as a backend), default true. Seed 002: when false, every member needs a
   * `subnet_cidr_id`.
   */
  ipTargetEnable?: boolean;
}

export interface ListenerFixture {
  id: string;
  name: string;
  protocol: string;
  protocolPort: number;
  loadbalancerId: string;
}

export const FIXTURE_IDS = {
  vpc: "7c7a1e3d-0b6a-4a4e-9a51-2f1c7d3e9b01",
  otherVpc: "9e4b2c1a-5d3f-4e2b-8c7d-6a5b4c3d2e10",
  subnetA: "4b2d6f8a-1c3e-4a5b-9d7f-0e2c4a6b8d01",
  subnetB: "4b2d6f8a-1c3e-4a5b-9d7f-0e2c4a6b8d02",
  subnetV6: "4b2d6f8a-1c3e-4a5b-9d7f-0e2c4a6b8d06",
  subnetOther: "5c3e7a9b-2d4f-4b6c-8e0a-1f3d5b7c9e01",
  lbMain: "098b2f68-af1c-41a9-8efd-69958722af62",
  lbSecond: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  lbGateway: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
  // The IDs the seeds' example requests name (000/003: a TCP listener of lbMain; 001: two shared
  // load balancers for legacy v2 pools), so those requests are accepted as written.
  listenerSeedTcp: "0b11747a-b139-492f-9692-2df0b1c87193",
  lbShared: "63ad9dfe-4750-479f-9630-ada43ccc8117",
  lbSharedSecond: "370fb112-e920-486a-b051-1d0d30704dd3",
} as const;

export const VPCS: VpcFixture[] = [
  { id: FIXTURE_IDS.vpc, name: "vpc-emulator", cidr: "192.168.0.0/16" },
  { id: FIXTURE_IDS.otherVpc, name: "vpc-emulator-peer", cidr: "10.0.0.0/16" },
];

export const SUBNETS: SubnetFixture[] = [
  { id: FIXTURE_IDS.subnetA, vpcId: FIXTURE_IDS.vpc, cidr: "192.168.0.0/24" },
  { id: FIXTURE_IDS.subnetB, vpcId: FIXTURE_IDS.vpc, cidr: "192.168.1.0/24" },
  { id: FIXTURE_IDS.subnetV6, vpcId: FIXTURE_IDS.vpc, cidr: "2001:db8:a583::/64", ipv6: true },
  { id: FIXTURE_IDS.subnetOther, vpcId: FIXTURE_IDS.otherVpc, cidr: "10.0.0.0/24" },
];

export const LOADBALANCERS: LoadBalancerFixture[] = [
  {
    id: FIXTURE_IDS.lbMain,
    name: "elb-emulator-main",
    vpcId: FIXTURE_IDS.vpc,
    subnetId: FIXTURE_IDS.subnetA,
    vipAddress: "192.168.0.100",
    availabilityZones: ["cn-north-4a", "cn-north-4b"],
  },
  {
    id: FIXTURE_IDS.lbSecond,
    name: "elb-emulator-second",
    vpcId: FIXTURE_IDS.vpc,
    subnetId: FIXTURE_IDS.subnetB,
    vipAddress: "192.168.1.100",
    availabilityZones: ["cn-north-4a"],
    ipTargetEnable: false,
  },
  {
    id: FIXTURE_IDS.lbGateway,
    name: "elb-emulator-gateway",
    vpcId: FIXTURE_IDS.otherVpc,
    subnetId: FIXTURE_IDS.subnetOther,
    vipAddress: "10.0.0.100",
    availabilityZones: ["cn-north-4a"],
  },
  {
    id: FIXTURE_IDS.lbShared,
    name: "elb-emulator-shared",
    vpcId: FIXTURE_IDS.vpc,
    subnetId: FIXTURE_IDS.subnetA,
    vipAddress: "192.168.0.200",
    availabilityZones: ["cn-north-4a"],
  },
  {
    id: FIXTURE_IDS.lbSharedSecond,
    name: "elb-emulator-shared-second",
    vpcId: FIXTURE_IDS.vpc,
    subnetId: FIXTURE_IDS.subnetB,
    vipAddress: "192.168.1.200",
    availabilityZones: ["cn-north-4a"],
  },
];

/** Listener ID i of load balancer l: readable, valid UUID shape, stable. */
function listenerId(n: number): string {
  return `0b11747a-b139-492f-9692-${n.toString(16).padStart(12, "0")}`;
}

const LISTENER_SPECS: [string, string, number, string][] = [
  // name, protocol, port, load balancer
  ["listener-http-80", "HTTP", 80, FIXTURE_IDS.lbMain],
  ["listener-http-81", "HTTP", 81, FIXTURE_IDS.lbMain],
  ["listener-https-443", "HTTPS", 443, FIXTURE_IDS.lbMain],
  ["listener-tcp-8080", "TCP", 8080, FIXTURE_IDS.lbMain],
  ["listener-tcp-8081", "TCP", 8081, FIXTURE_IDS.lbMain],
  ["listener-udp-5353", "UDP", 5353, FIXTURE_IDS.lbMain],
  ["listener-udp-5354", "UDP", 5354, FIXTURE_IDS.lbMain],
  ["listener-tls-8443", "TLS", 8443, FIXTURE_IDS.lbMain],
  ["listener-quic-4433", "QUIC", 4433, FIXTURE_IDS.lbMain],
  ["listener-http-8000", "HTTP", 8000, FIXTURE_IDS.lbSecond],
  ["listener-tcp-3306", "TCP", 3306, FIXTURE_IDS.lbSecond],
  ["listener-ip-0", "IP", 0, FIXTURE_IDS.lbGateway],
  ["listener-shared-http-80", "HTTP", 80, FIXTURE_IDS.lbShared],
  ["listener-shared-tcp-8080", "TCP", 8080, FIXTURE_IDS.lbShared],
];

export const LISTENERS: ListenerFixture[] = LISTENER_SPECS.map(([name, protocol, protocolPort, loadbalancerId], i) => ({
  id: listenerId(i + 1),
  name,
  protocol,
  protocolPort,
  loadbalancerId,
})).concat([
  { id: FIXTURE_IDS.listenerSeedTcp, name: "listener-tcp-9000", protocol: "TCP", protocolPort: 9000, loadbalancerId: FIXTURE_IDS.lbMain },
]);

/**
 * Backend addresses whose health checks fail: members at these addresses of a pool with a health
 * monitor show OFFLINE, every other member ONLINE (the emulator probes nothing). Lower-case spelling.
 */
export const UNHEALTHY_ADDRESSES: readonly string[] = ["192.168.0.66", "192.168.1.66", "2001:db8:a583::66"];
