import * as pulumi from "@pulumi/pulumi";
import { readOptions, registration } from "../../lifecycle/resource";
import type { PoolArgs, PoolOutputs } from "../../generated/pool";
import { poolSchema } from "./schema";

export type { PoolArgs };

/**
 * An ELB v3 backend server group. In-place updates, replacements (vpcId and type only while
 * empty) and validation all follow the schema in ./schema.ts.
 */
export class Pool extends pulumi.dynamic.Resource {
  constructor(name: string, args: PoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(...registration("pool", poolSchema, name, args, opts));
  }

  /** Reads the existing Pool `id` without managing it (Pulumi's `get`): typed outputs, never created, changed or deleted. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Pool {
    return new Pool(name, {} as PoolArgs, readOptions(id, opts));
  }
}
export interface Pool extends PoolOutputs {}
