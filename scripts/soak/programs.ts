/**
 * The programs a soak lifecycle runs: twins with identical inputs and no name (the pattern that used
 * to alias), of one kind each, plus a pool with a member batch. Each program takes a step number so the
 * lifecycle can walk it through create → in-place update → replacement → member churn.
 */
import { MasterSlavePool, MemberBatch, Pool, PoolV2 } from "../../provider";
import type { Program } from "../../harness";

export interface SoakFixtures {
  lb: string;
  subnet: string;
}

/** The step of a lifecycle the program is written for: 0 create, 1 update in place, 2 replacement, 3 member churn. */
export type Step = 0 | 1 | 2 | 3;

export type Shape = "pool-twins" | "master-slave-twins" | "v2-twins" | "pool-with-members" | "pool-with-1000-members";
export const SHAPES: readonly Shape[] = ["pool-twins", "master-slave-twins", "v2-twins", "pool-with-members"];

const members = (step: Step, subnet: string) =>
  (step >= 3 ? [10, 12, 13, 14] : [10, 11, 12]).map((n) => ({
    address: `192.168.0.${n}`,
    protocolPort: 80 + (step >= 3 && n === 12 ? 1 : 0),
    subnetCidrId: subnet,
  }));

function poolTwins(f: SoakFixtures, step: Step): Program {
  return () => {
    const args = {
      protocol: "HTTP" as const,
      lbAlgorithm: "ROUND_ROBIN" as const,
      loadbalancerId: f.lb,
      description: step >= 1 ? "updated in place" : "first",
      ipVersion: step >= 2 ? ("dualstack" as const) : ("v4" as const),
    };
    return { a: new Pool("twin-a", args).id, b: new Pool("twin-b", args).id };
  };
}

function masterSlaveTwins(f: SoakFixtures, step: Step): Program {
  return () => {
    const args = {
      protocol: "TCP" as const,
      lbAlgorithm: step >= 2 ? ("LEAST_CONNECTIONS" as const) : ("ROUND_ROBIN" as const),
      type: "ip" as const,
      loadbalancerId: f.lb,
      members: [
        { protocolPort: 89, address: "120.10.10.16", role: "master" as const },
        { protocolPort: 89, address: "110.4.10.16", role: "slave" as const },
      ],
      healthmonitor: { maxRetries: 3, type: "TCP" as const, timeout: 30, delay: 1 },
    };
    return { a: new MasterSlavePool("ms-a", args).id, b: new MasterSlavePool("ms-b", args).id };
  };
}

function v2Twins(f: SoakFixtures, step: Step): Program {
  return () => {
    const args = {
      protocol: step >= 2 ? ("TCP" as const) : ("HTTP" as const),
      lbAlgorithm: "ROUND_ROBIN" as const,
      loadbalancerId: f.lb,
      description: step >= 1 ? "updated in place" : "first",
    };
    return { a: new PoolV2("v2-a", args).id, b: new PoolV2("v2-b", args).id };
  };
}

function poolWithMembers(f: SoakFixtures, step: Step): Program {
  return () => {
    const pool = new Pool("web", {
      protocol: "HTTP",
      lbAlgorithm: "ROUND_ROBIN",
      loadbalancerId: f.lb,
      description: step >= 1 ? "updated" : "first",
    });
    const batch = new MemberBatch("web-members", { poolId: pool.id, members: members(step, f.subnet) });
    return { pool: pool.id, batch: batch.id };
  };
}

/** A pool with a thousand members (the batch APIs take 200 at a time: five batch-adds). */
function thousandMembers(f: SoakFixtures): Program {
  return () => {
    const pool = new Pool("big", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: f.lb });
    const list = Array.from({ length: 1000 }, (_, i) => ({
      address: `192.168.0.${(i % 200) + 10}`,
      protocolPort: 8000 + Math.floor(i / 200),
      subnetCidrId: f.subnet,
    }));
    const batch = new MemberBatch("big-members", { poolId: pool.id, members: list });
    return { pool: pool.id, batch: batch.id };
  };
}

export function program(shape: Shape, f: SoakFixtures, step: Step): Program {
  switch (shape) {
    case "pool-with-1000-members":
      return thousandMembers(f);
    case "pool-twins":
      return poolTwins(f, step);
    case "master-slave-twins":
      return masterSlaveTwins(f, step);
    case "v2-twins":
      return v2Twins(f, step);
    case "pool-with-members":
      return poolWithMembers(f, step);
  }
}
