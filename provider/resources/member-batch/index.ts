import * as pulumi from "@pulumi/pulumi";
import { identityArraysAsArrays, readOptions, registration } from "../../lifecycle/resource";
import type { MemberBatchArgs, MemberBatchOutputs } from "../../generated/member-batch";
import { memberBatchSchema } from "./schema";

export type { MemberBatchArgs };

/**
 * A pool's backend servers as one set, through the batch APIs: a thousand members are created
 * in five calls, a changed weight is one batch-update, and a refresh is one list call. Members
 * are identified by (address, protocolPort); a changed subnetCidrId re-adds that member only,
 * and only a new poolId replaces the resource.
 */
export class MemberBatch extends pulumi.dynamic.Resource {
  constructor(name: string, args: MemberBatchArgs, opts?: pulumi.CustomResourceOptions) {
    super(...registration("memberBatch", memberBatchSchema, name, args, opts));
    identityArraysAsArrays(this, memberBatchSchema);
  }

  /** Reads the existing MemberBatch `id` without managing it (Pulumi's `get`): typed outputs, never created, changed or deleted. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): MemberBatch {
    return new MemberBatch(name, {} as MemberBatchArgs, readOptions(id, opts));
  }
}
export interface MemberBatch extends MemberBatchOutputs {}
