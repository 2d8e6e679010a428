/**
 * Moving an existing pool and its backend servers under Pulumi (from the console, Terraform or
 * pulumi-huaweicloud) without recreating anything: the pool is adopted by ID (`adoptId`), its
 * members with `adopt: true`, and the load balancer's other pool is only read (`Pool.get`).
 * A function of its settings, so it runs under the `pulumi` CLI (index.ts) and under the repo's
 * stack runner (the tests).
 */
import * as pulumi from "@pulumi/pulumi";
import { MemberBatch, Pool } from "pulumi-huaweicloud-elb";

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
  const other = s.readOnlyPoolId ? Pool.get("other", s.readOnlyPoolId) : undefined;
  return {
    // known in preview: the plan says this pool is adopted, not created
    adoptedPoolId: web.adoptId,
    webPoolId: web.id,
    adoptedMembers: members.adopted.apply((list) => (list ?? []).map((m) => `${m.address}:${m.protocolPort}`)),
    otherPoolName: other ? other.name : pulumi.output(undefined),
  };
}
