/**
 * The emulator's state: the records of every kind (by ID), the quotas, the clock and the per-request
 * bookkeeping. The rules of each kind live in `kinds/`; what several kinds need (the clock, a load
 * balancer that must be ACTIVE, the listeners of a pool) lives here, once.
 */
import { randomUUID } from "node:crypto";
import { conflict } from "./errors";
import { SUBNETS, VPCS } from "./fixtures";
import type { HealthMonitorRecord, ListenerRecord, LoadBalancerRecord, MemberRecord, PoolKind, PoolRecord } from "./records";

export interface Quotas {
  membersPerPool: number;
  batchSize: number;
  poolsPerProject: number;
}

export interface StoreOptions {
  projectId: string;
  region: string;
  now: () => number;
  quotas: Quotas;
}

/** `yyyy-MM-ddTHH:mm:ssZ` */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const clone = <T>(value: T): T => structuredClone(value);

/** The named fields of a record, in that order (views list the keys they show). */
export function pick<T, K extends keyof T>(record: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = record[key];
  return out;
}

/** A new resource ID (UUID, as the API's). */
export const newId = (): string => randomUUID();

export class Store {
  readonly pools = new Map<string, PoolRecord>();
  readonly members = new Map<string, MemberRecord>();
  readonly healthmonitors = new Map<string, HealthMonitorRecord>();
  readonly loadbalancers = new Map<string, LoadBalancerRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  readonly vpcIds = new Set(VPCS.map((v) => v.id));
  readonly subnetIds = new Set(SUBNETS.map((s) => s.id));

  constructor(readonly options: StoreOptions) {}

  /** The emulator clock as the API writes times. */
  now(): string {
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

  /** 409 while the pool's load balancer is not ACTIVE (seed 004 for update; create and delete (inferred)). */
  requireActive(lbId: string | null, what: string): void {
    if (!lbId) return;
    const lb = this.loadbalancers.get(lbId);
    if (lb && lb.provisioning_status !== "ACTIVE") {
      throw conflict(`Load balancer ${lb.id} is not ACTIVE (provisioning_status ${lb.provisioning_status}); ${what}.`);
    }
  }

  /** The pools of one kind, in creation order. */
  poolsOf(kind: PoolKind): PoolRecord[] {
    return [...this.pools.values()].filter((p) => p.kind === kind);
  }

  /** The listeners whose default pool this is (members show one `status` entry per listener). */
  listenersOf(poolId: string): ListenerRecord[] {
    return [...this.listeners.values()].filter((l) => l.default_pool_id === poolId);
  }
}
