/**
 * Moving an existing pool, its backend servers and its health check under Pulumi (from the console,
 * Terraform or pulumi-huaweicloud) without recreating anything: the pool and the health check are
 * adopted by ID (`adoptId`), the members with `adopt: true`, and another pool is only read (`Pool.get`).
 * A function of its settings, so it runs under the `pulumi` CLI (index.ts) and under the repo's
 * stack runner (the tests).
 */
import * as pulumi from "@pulumi/pulumi";
import { HealthMonitor, MemberBatch, Pool } from "pulumi-huaweicloud-elb";

export interface AdoptBackend {
  address: string;
  protocolPort: number;
  subnetCidrId?: string;
  weight?: number;
  name?: string;
}

export interface AdoptSettings {
  /** the ID of the existing pool to take under management */
  poolId: string;
  /** its load balancer (replace-only: must be the one the pool is on, or adoption is refused) */
  loadbalancerId: string;
  /** its backend servers as the program declares them; those the pool holds are adopted as they are */
  backends: AdoptBackend[];
  /** changed in place if it differs from what the pool holds */
  description?: string;
  /** the ID of the pool's existing health check, adopted too */
  healthMonitorId?: string;
  /** its URL path as the program declares it (changed in place if it differs) */
  healthCheckPath?: string;
  /** an existing pool to read without managing it */
  readOnlyPoolId?: string;
}

export function adoptExisting(s: AdoptSettings) {
  const web = new Pool(
    "web",
    {
      adoptId: s.poolId,
      name: "web",
      protocol: "HTTP",
      lbAlgorithm: "ROUND_ROBIN",
      loadbalancerId: s.loadbalancerId,
      description: s.description,
    },
    // while moving: a mistake in the program must not delete the pool (see docs/migrating.md)
    { retainOnDelete: true },
  );
  const members = new MemberBatch("web-members", { poolId: web.id, adopt: true, members: s.backends }, { retainOnDelete: true });
  const check = s.healthMonitorId
    ? new HealthMonitor(
        "web-check",
        {
          adoptId: s.healthMonitorId,
          poolId: web.id,
          type: "HTTP",
          delay: 5,
          timeout: 3,
          maxRetries: 3,
          urlPath: s.healthCheckPath ?? "/healthz",
        },
        { retainOnDelete: true },
      )
    : undefined;
  const other = s.readOnlyPoolId ? Pool.get("other", s.readOnlyPoolId) : undefined;
  return {
    // known in preview: the plan says this pool is adopted, not created
    adoptedPoolId: web.adoptId,
    webPoolId: web.id,
    adoptedMembers: members.adopted.apply((list) => (list ?? []).map((m) => `${m.address}:${m.protocolPort}`)),
    healthMonitorId: check ? check.id : pulumi.output(undefined),
    otherPoolName: other ? other.name : pulumi.output(undefined),
  };
}
