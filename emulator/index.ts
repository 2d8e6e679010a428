/**
 * A local emulator of the Huawei Cloud ELB v3 API (and the two IAM calls a client needs), on one
 * loopback HTTP server: thin routes → a store that enforces the API's rules → injectable faults.
 *
 *   const emu = await startEmulator();
 *   // HW_ELB_ENDPOINT = HW_IAM_ENDPOINT = emu.url, HW_ACCESS_KEY = EMULATOR_ACCESS_KEY, ...
 *   await emu.close();
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Credential, TokenStore } from "./auth";
import { type Fault, Faults } from "./faults";
import { LISTENERS, LOADBALANCERS, SUBNETS, FIXTURE_IDS } from "./fixtures";
import { Members } from "./members";
import { type RequestRecord, createRequestHandler } from "./routes";
import { Store } from "./store";
import { masterSlavePoolViews, masterSlaveView } from "./master-slave";
import { poolV2View, poolV2Views } from "./pool-v2";

export type { Fault } from "./faults";
export type { RequestRecord } from "./routes";
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
  region?: string;
  projectId?: string;
  credentials?: { accessKey: string; secretKey: string; securityToken?: string }[];
  now?: () => number;
  auth?: boolean;
  quotas?: { membersPerPool?: number; batchSize?: number; poolsPerProject?: number };
}

export interface EmulatorFixtures {
  vpcId: string;
  subnets: { id: string; cidr: string; ipv6?: boolean }[];
  /** ipTargetEnable: IP-as-backend members (no subnet_cidr_id) allowed (seed 002) */
  loadbalancers: { id: string; name: string; vpcId: string; ipTargetEnable: boolean }[];
  listeners: { id: string; name: string; protocol: string; loadbalancerId: string }[];
}

export interface Emulator {
  url: string;
  region: string;
  projectId: string;
  fixtures: EmulatorFixtures;
  requests: RequestRecord[];
  count(filter?: { method?: string; path?: RegExp | string }): number;
  resetCounts(): void;
  pools(): any[];
  pool(id: string): any | undefined;
  /** the API's member objects of a v3 pool, in creation order ([] for an unknown pool) */
  members(poolId: string): any[];
  /** active/standby pools, as GET .../master-slave-pools/{id} shows them */
  masterSlavePools(): any[];
  masterSlavePool(id: string): any | undefined;
  /** legacy v2 pools, as GET /v2/.../pools/{id} shows them */
  v2Pools(): any[];
  v2Pool(id: string): any | undefined;
  /** how many member and health monitor records the store holds (any pool kind) */
  records(): { members: number; healthmonitors: number };
  outOfBand: {
    updatePool(id: string, patch: Record<string, unknown>): void;
    deletePool(id: string): void;
    setLoadBalancerStatus(lbId: string, status: "ACTIVE" | "PENDING_UPDATE" | "ERROR", opts?: { revertAfterRequests?: number }): void;
    attachHealthMonitor(poolId: string): string;
    /** adds a member (defaults applied; no subnet, quota, ACTIVE or protection rule); returns its ID */
    addMember(
      poolId: string,
      member: { address: string; protocol_port?: number; subnet_cidr_id?: string; weight?: number; name?: string } & Record<
        string,
        unknown
      >,
    ): string;
    updateMember(poolId: string, memberId: string, patch: Record<string, unknown>): void;
    /** removes a member even under member deletion protection */
    deleteMember(poolId: string, memberId: string): void;
  };
  faults: { inject(f: Fault): void; clear(): void };
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? EMULATOR_REGION;
  const projectId = options.projectId ?? EMULATOR_PROJECT_ID;
  const now = options.now ?? Date.now;
  const credentialList: Credential[] = options.credentials ?? [{ accessKey: EMULATOR_ACCESS_KEY, secretKey: EMULATOR_SECRET_KEY }];
  const credentials = new Map(credentialList.map((c) => [c.accessKey, { ...c }]));
  const store = new Store({ projectId, region, now, quotas: { ...DEFAULT_QUOTAS, ...options.quotas } });
  const members = new Members(store);
  const faults = new Faults();
  const requests: RequestRecord[] = [];

  const handler = createRequestHandler({
    store,
    members,
    faults,
    tokens: new TokenStore(),
    credentials,
    requests,
    now,
    auth: options.auth !== false,
    region,
    projectId,
    user: EMULATOR_USER,
    password: EMULATOR_PASSWORD,
  });
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  const pathMatches = (want: RegExp | string | undefined, path: string) =>
    want === undefined ? true : typeof want === "string" ? want === path : ((want.lastIndex = 0), want.test(path));

  return {
    url,
    region,
    projectId,
    fixtures: {
      vpcId: FIXTURE_IDS.vpc,
      subnets: SUBNETS.filter((s) => s.vpcId === FIXTURE_IDS.vpc).map((s) => ({
        id: s.id,
        cidr: s.cidr,
        ...(s.ipv6 ? { ipv6: true } : {}),
      })),
      loadbalancers: LOADBALANCERS.map((lb) => ({
        id: lb.id,
        name: lb.name,
        vpcId: lb.vpcId,
        ipTargetEnable: lb.ipTargetEnable ?? true,
      })),
      listeners: LISTENERS.map((l) => ({ id: l.id, name: l.name, protocol: l.protocol, loadbalancerId: l.loadbalancerId })),
    },
    requests,
    count(filter = {}) {
      const method = filter.method?.toUpperCase();
      return requests.filter((r) => (method === undefined || r.method === method) && pathMatches(filter.path, r.path)).length;
    },
    resetCounts() {
      requests.length = 0;
    },
    pools: () => store.v3PoolViews(),
    pool(id) {
      const record = store.pools.get(id);
      return record && record.kind === "v3" ? store.poolView(record) : undefined;
    },
    members: (poolId) => members.views(poolId),
    masterSlavePools: () => masterSlavePoolViews(store),
    masterSlavePool(id) {
      const record = store.pools.get(id);
      return record && record.kind === "master-slave" ? masterSlaveView(store, record) : undefined;
    },
    v2Pools: () => poolV2Views(store),
    v2Pool(id) {
      const record = store.pools.get(id);
      return record && record.kind === "v2" ? poolV2View(store, record) : undefined;
    },
    records: () => ({ members: store.members.size, healthmonitors: store.healthmonitors.size }),
    outOfBand: {
      updatePool: (id, patch) => store.outOfBandUpdatePool(id, patch),
      deletePool: (id) => store.outOfBandDeletePool(id),
      setLoadBalancerStatus: (lbId, status, opts) => store.setLoadBalancerStatus(lbId, status, opts),
      attachHealthMonitor: (poolId) => store.attachHealthMonitor(poolId),
      addMember: (poolId, member) => members.outOfBandAdd(poolId, member),
      updateMember: (poolId, memberId, patch) => members.outOfBandUpdate(poolId, memberId, patch),
      deleteMember: (poolId, memberId) => members.outOfBandDelete(poolId, memberId),
    },
    faults: {
      inject: (f) => faults.inject(f),
      clear: () => faults.clear(),
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
