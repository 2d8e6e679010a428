import * as pulumi from "@pulumi/pulumi";
import { readOptions, registration } from "../../lifecycle/resource";
import type { PoolV2Args, PoolV2Outputs } from "../../generated/pool-v2";
import { poolV2Schema } from "./schema";

export type { PoolV2Args };

/**
 * A legacy ELB v2 backend server group (shared load balancers). lbAlgorithm, name, description,
 * adminStateUp, sessionPersistence and protection change in place; protocol, listenerId,
 * loadbalancerId and tenantId replace it.
 */
export class PoolV2 extends pulumi.dynamic.Resource {
  constructor(name: string, args: PoolV2Args, opts?: pulumi.CustomResourceOptions) {
    super(...registration("poolV2", poolV2Schema, name, args, opts));
  }

  /** Reads the existing PoolV2 `id` without managing it (Pulumi's `get`): typed outputs, never created, changed or deleted. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): PoolV2 {
    return new PoolV2(name, {} as PoolV2Args, readOptions(id, opts));
  }
}
export interface PoolV2 extends PoolV2Outputs {}
