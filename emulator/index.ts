/**
 * A local emulator of the Huawei Cloud ELB v3 API (and the two IAM calls a client needs), on one
 * loopback HTTP server: thin routes → one model per kind (`kinds/`) that enforces the API's rules →
 * injectable faults.
 *
 *   const emu = await startEmulator();
 *   // HW_ELB_ENDPOINT = HW_IAM_ENDPOINT = emu.url, HW_ACCESS_KEY = EMULATOR_ACCESS_KEY, ...
 *   await emu.close();
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Credential, TokenStore } from "./auth";
import type { ChaosKind, ChaosOptions } from "./chaos";
import { type Fault, Faults } from "./faults";
import { FIXTURE_IDS, LISTENERS, LOADBALANCERS, SUBNETS } from "./fixtures";
import { seedFixtures, setLoadBalancerStatus } from "./kinds/load-balancers";
import { type MasterSlavePoolView, masterSlavePoolViews, masterSlaveView } from "./kinds/master-slave";
import { type MemberView, memberViews, outOfBandAddMember, outOfBandDeleteMember, outOfBandUpdateMember } from "./kinds/members";
import {
  type HealthMonitorView,
  healthMonitorView,
  outOfBandDeleteHealthMonitor,
  outOfBandUpdateHealthMonitor,
} from "./kinds/health-monitors";
import { type PoolView, attachHealthMonitor, outOfBandDeletePool, outOfBandUpdatePool, poolView, poolViews } from "./kinds/pools";
import { type PoolV2View, poolV2View, poolV2Views } from "./kinds/pools-v2";
import type { LoadBalancerStatus } from "./records";
import type { RegionScope } from "./route";
import { type RequestRecord, answerClientError, createRequestHandler } from "./server";
import { Store } from "./store";
import { RateLimit, latencyOption, type RateLimitOptions } from "./throttle";

export type { Fault } from "./faults";
export type { ChaosKind, ChaosOptions } from "./chaos";
export type { RequestRecord } from "./server";
export type { RateLimitOptions } from "./throttle";
export type { MasterSlavePoolView } from "./kinds/master-slave";
export type { MemberView } from "./kinds/members";
export type { HealthMonitorView } from "./kinds/health-monitors";
export type { PoolView } from "./kinds/pools";
export type { PoolV2View } from "./kinds/pools-v2";
export { FIXTURE_IDS } from "./fixtures";

export const EMULATOR_ACCESS_KEY = "EMULATORAK0000000000";
export const EMULATOR_SECRET_KEY = "emulator-secret-key-0000000000000000000000";
export const EMULATOR_REGION = "cn-north-4";
export const EMULATOR_PROJECT_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
export const EMULATOR_USER = "emulator-user";
export const EMULATOR_PASSWORD = "emulator-password";

/** Defaults for the configurable quotas (ELB-API.md "typical values"; pools per project (inferred)). */
export const DEFAULT_QUOTAS = { membersPerPool: 1000, batchSize: 200, poolsPerProject: 500 } as const;

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** The home region (default cn-north-4): its ELB endpoint is the emulator's URL itself. */
  region?: string;
  /** The home region's project. */
  projectId?: string;
  /**
   * More regions of the account, by name → project ID (32 letters or digits): each with its own records and
   * the same seeded world (VPCs, subnets, load balancers, listeners, under the same IDs); its ELB endpoint is
   * `{url}/{region}`, and `GET /v3/projects?name={region}` lists its project.
   */
  regions?: Record<string, string>;
  credentials?: { accessKey: string; secretKey: string; securityToken?: string }[];
  now?: () => number;
  auth?: boolean;
  quotas?: { membersPerPool?: number; batchSize?: number; poolsPerProject?: number };
  /**
   * Waits out a delay fault's `delayMs` (default: a timer that `close()` cancels). Tests pass their own
   * to see the delay asked for and to decide when it ends, without the wall clock.
   */
  sleep?: (ms: number) => Promise<void>;
  /** Added to every request before it is handled, in ms (waited out with `sleep`): a network's latency. */
  latencyMs?: number;
  /**
   * An account rate limit: at most `requestsPerSecond` (bursts up to `burst`, default one second's worth);
   * a request beyond it is answered 429 APIG.0308 with Retry-After and not processed. Counted by the
   * emulator's clock (`now`).
   */
  rateLimit?: RateLimitOptions;
}

export interface EmulatorFixtures {
  vpcId: string;
  subnets: { id: string; cidr: string; ipv6?: boolean }[];
  /** ipTargetEnable: IP-as-backend members (no subnet_cidr_id) allowed (seed 002) */
  loadbalancers: { id: string; name: string; vpcId: string; ipTargetEnable: boolean }[];
  listeners: { id: string; name: string; protocol: string; loadbalancerId: string }[];
}

/** A member as `outOfBand.addMember` takes it (wire names; defaults applied to what is left out). */
export type OutOfBandMember = { address: string; protocol_port?: number; subnet_cidr_id?: string; weight?: number; name?: string } & Record<
  string,
  unknown
>;

/** What the inspection helpers show and change: the records of one region. */
export type RegionInspection = Pick<
  Emulator,
  "pools" | "pool" | "members" | "masterSlavePools" | "masterSlavePool" | "v2Pools" | "v2Pool" | "records" | "healthMonitor" | "outOfBand"
>;

export interface Emulator {
  /** The emulator's URL: the home region's ELB endpoint, and the IAM endpoint of every region. */
  url: string;
  /** `{url}/{region}`: every region's ELB endpoint, for `huaweicloud:endpoints.elb` (the provider puts the region in). */
  regionalUrl: string;
  /** The home region. */
  region: string;
  projectId: string;
  /** Every region of the account and its project, the home region first. */
  regions: { region: string; projectId: string }[];
  /** The inspection helpers of one region (the home region's are the emulator's own). */
  inRegion(region: string): RegionInspection;
  fixtures: EmulatorFixtures;
  requests: RequestRecord[];
  count(filter?: { method?: string; path?: RegExp | string }): number;
  resetCounts(): void;
  /** v3 pools, as GET .../pools/{id} shows them */
  pools(): PoolView[];
  pool(id: string): PoolView | undefined;
  /** the API's member objects of a v3 pool, in creation order ([] for an unknown pool) */
  members(poolId: string): MemberView[];
  /** active/standby pools, as GET .../master-slave-pools/{id} shows them */
  masterSlavePools(): MasterSlavePoolView[];
  masterSlavePool(id: string): MasterSlavePoolView | undefined;
  /** legacy v2 pools, as GET /v2/.../pools/{id} shows them */
  v2Pools(): PoolV2View[];
  v2Pool(id: string): PoolV2View | undefined;
  /** how many member and health monitor records the store holds (any pool kind) */
  records(): { members: number; healthmonitors: number };
  /** a health monitor, as GET .../healthmonitors/{id} shows it */
  healthMonitor(id: string): HealthMonitorView | undefined;
  outOfBand: {
    updatePool(id: string, patch: Record<string, unknown>): void;
    deletePool(id: string): void;
    setLoadBalancerStatus(lbId: string, status: LoadBalancerStatus, opts?: { revertAfterRequests?: number }): void;
    attachHealthMonitor(poolId: string): string;
    /** sets stored health monitor fields (wire names) as another tool would */
    updateHealthMonitor(id: string, patch: Record<string, unknown>): void;
    deleteHealthMonitor(id: string): void;
    /** adds a member (defaults applied; no subnet, quota, ACTIVE or protection rule); returns its ID */
    addMember(poolId: string, member: OutOfBandMember): string;
    updateMember(poolId: string, memberId: string, patch: Record<string, unknown>): void;
    /** removes a member even under member deletion protection */
    deleteMember(poolId: string, memberId: string): void;
  };
  faults: {
    inject(f: Fault): void;
    clear(): void;
    /** seeded random faults on a share of the ELB API requests (see ChaosOptions); undefined stops them */
    randomize(options: ChaosOptions | undefined): void;
    /** how many random faults were injected, by kind */
    randomized(): Partial<Record<ChaosKind, number>>;
  };
  close(): Promise<void>;
}

function fixtureSummary(): EmulatorFixtures {
  return {
    vpcId: FIXTURE_IDS.vpc,
    subnets: SUBNETS.filter((s) => s.vpcId === FIXTURE_IDS.vpc).map((s) => ({ id: s.id, cidr: s.cidr, ...(s.ipv6 ? { ipv6: true } : {}) })),
    loadbalancers: LOADBALANCERS.map((lb) => ({ id: lb.id, name: lb.name, vpcId: lb.vpcId, ipTargetEnable: lb.ipTargetEnable ?? true })),
    listeners: LISTENERS.map((l) => ({ id: l.id, name: l.name, protocol: l.protocol, loadbalancerId: l.loadbalancerId })),
  };
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
}

/** The record counters of `Emulator` over a request list. */
function counting(requests: RequestRecord[]): Pick<Emulator, "requests" | "count" | "resetCounts"> {
  const pathMatches = (want: RegExp | string | undefined, path: string) =>
    want === undefined ? true : typeof want === "string" ? want === path : ((want.lastIndex = 0), want.test(path));
  return {
    requests,
    count(filter = {}) {
      const method = filter.method?.toUpperCase();
      return requests.filter((r) => (method === undefined || r.method === method) && pathMatches(filter.path, r.path)).length;
    },
    resetCounts() {
      requests.length = 0;
    },
  };
}

/** The inspection helpers and out-of-band changes of `Emulator` over a store. */
function inspection(store: Store): RegionInspection {
  const ofKind = (id: string, kind: "v3" | "master-slave" | "v2") => {
    const record = store.pools.get(id);
    return record?.kind === kind ? record : undefined;
  };
  return {
    pools: () => poolViews(store),
    pool: (id) => {
      const record = ofKind(id, "v3");
      return record && poolView(store, record);
    },
    members: (poolId) => memberViews(store, poolId),
    masterSlavePools: () => masterSlavePoolViews(store),
    masterSlavePool: (id) => {
      const record = ofKind(id, "master-slave");
      return record && masterSlaveView(store, record);
    },
    v2Pools: () => poolV2Views(store),
    v2Pool: (id) => {
      const record = ofKind(id, "v2");
      return record && poolV2View(store, record);
    },
    healthMonitor: (id) => {
      const record = store.healthmonitors.get(id);
      return record && healthMonitorView(record);
    },
    records: () => ({ members: store.members.size, healthmonitors: store.healthmonitors.size }),
    outOfBand: {
      updatePool: (id, patch) => outOfBandUpdatePool(store, id, patch),
      deletePool: (id) => outOfBandDeletePool(store, id),
      setLoadBalancerStatus: (lbId, status, opts) => setLoadBalancerStatus(store, lbId, status, opts),
      attachHealthMonitor: (poolId) => attachHealthMonitor(store, poolId),
      updateHealthMonitor: (id, patch) => outOfBandUpdateHealthMonitor(store, id, patch),
      deleteHealthMonitor: (id) => outOfBandDeleteHealthMonitor(store, id),
      addMember: (poolId, member) => outOfBandAddMember(store, poolId, member),
      updateMember: (poolId, memberId, patch) => outOfBandUpdateMember(store, poolId, memberId, patch),
      deleteMember: (poolId, memberId) => outOfBandDeleteMember(store, poolId, memberId),
    },
  };
}

const PROJECT_ID_RE = /^[A-Za-z0-9]{32}$/;

/** The account's regions, the home one first, each with its own store seeded with the fixtures. */
function regionScopes(options: EmulatorOptions, make: (region: string, projectId: string) => Store): RegionScope[] {
  const home: [string, string] = [options.region ?? EMULATOR_REGION, options.projectId ?? EMULATOR_PROJECT_ID];
  const pairs = [home, ...Object.entries(options.regions ?? {}).filter(([r, p]) => r !== home[0] || p !== home[1])];
  for (const [region, projectId] of pairs) {
    if (!PROJECT_ID_RE.test(projectId)) throw new Error(`region ${region}: project ID ${projectId} is not 32 letters or digits`);
    if (pairs.filter(([r]) => r === region).length > 1) throw new Error(`region ${region} is given two projects`);
    if (pairs.filter(([, p]) => p === projectId).length > 1) throw new Error(`project ${projectId} is given to two regions`);
  }
  return pairs.map(([region, projectId]) => {
    const store = make(region, projectId);
    seedFixtures(store);
    return { region, projectId, store };
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const credentialList: Credential[] = options.credentials ?? [{ accessKey: EMULATOR_ACCESS_KEY, secretKey: EMULATOR_SECRET_KEY }];
  const quotas = { ...DEFAULT_QUOTAS, ...options.quotas };
  const regions = regionScopes(options, (region, projectId) => new Store({ projectId, region, now, quotas }));
  const { region, projectId, store } = regions[0]!;
  const faults = new Faults();
  const requests: RequestRecord[] = [];
  const handler = createRequestHandler({
    store,
    faults,
    tokens: new TokenStore(),
    credentials: new Map(credentialList.map((c) => [c.accessKey, { ...c }])),
    requests,
    now,
    auth: options.auth !== false,
    region,
    projectId,
    regions,
    user: EMULATOR_USER,
    password: EMULATOR_PASSWORD,
    sleep: options.sleep,
    latencyMs: latencyOption(options.latencyMs),
    rateLimit: options.rateLimit && new RateLimit(options.rateLimit, now),
  });
  const server = createServer(handler);
  server.on("clientError", answerClientError);
  const url = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");

  let closing: Promise<void> | undefined;
  return {
    url,
    regionalUrl: `${url}/{region}`,
    region,
    projectId,
    regions: regions.map((r) => ({ region: r.region, projectId: r.projectId })),
    inRegion(name) {
      const scope = regions.find((r) => r.region === name);
      if (!scope) throw new Error(`the emulator has no region ${name} (it has ${regions.map((r) => r.region).join(", ")})`);
      return inspection(scope.store);
    },
    fixtures: fixtureSummary(),
    ...counting(requests),
    ...inspection(store),
    faults: {
      inject: (f) => faults.inject(f),
      clear: () => faults.clear(),
      randomize: (o) => faults.randomize(o),
      randomized: () => faults.randomized(),
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        handler.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
