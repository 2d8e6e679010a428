/**
 * Compile-time tests of the types derived from MemberBatch's schema (never run: an
 * `@ts-expect-error` that no longer finds its error fails the build).
 */
import * as pulumi from "@pulumi/pulumi";
import { MemberBatch, type MemberBatchArgs } from "../../provider";

export function memberBatchTypes(): unknown[] {
  const ok: MemberBatchArgs = {
    poolId: pulumi.output("pool"),
    members: [
      { address: "192.168.0.1", protocolPort: 80, weight: 0, subnetCidrId: pulumi.output("s") },
      pulumi.output({ address: "192.168.0.2", protocolPort: 80 }),
    ],
    exclusive: true,
  };
  const fromOutput: MemberBatchArgs = { poolId: "p", members: pulumi.output([{ address: "192.168.0.1", protocolPort: 80 }]) };
  // @ts-expect-error members is required
  const missing: MemberBatchArgs = { poolId: "p" };
  // @ts-expect-error protocolPort is required in a member
  const noPort: MemberBatchArgs = { poolId: "p", members: [{ address: "192.168.0.1" }] };
  // @ts-expect-error a member's id is computed, not an input
  const computedId: MemberBatchArgs = { poolId: "p", members: [{ address: "192.168.0.1", protocolPort: 80, id: "m" }] };
  // @ts-expect-error weight is a number
  const badWeight: MemberBatchArgs = { poolId: "p", members: [{ address: "192.168.0.1", protocolPort: 80, weight: "1" }] };
  const batch = new MemberBatch("b", ok);
  // outputs: each member with its computed fields
  const ids: pulumi.Output<(string | undefined)[]> = batch.members.apply((ms) => ms.map((m) => m.id));
  const status: pulumi.Output<string | undefined> = batch.members.apply((ms) => ms[0].operatingStatus);
  const pool: pulumi.Output<string> = batch.poolId;
  return [ok, fromOutput, missing, noPort, computedId, badWeight, ids, status, pool];
}
