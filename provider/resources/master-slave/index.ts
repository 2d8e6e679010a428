import * as pulumi from "@pulumi/pulumi";
import { identityArraysAsArrays, readOptions, registration } from "../../lifecycle/resource";
import type { MasterSlavePoolArgs, MasterSlavePoolOutputs } from "../../generated/master-slave-pool";
import { masterSlavePoolSchema } from "./schema";

export type { MasterSlavePoolArgs };

/**
 * An ELB v3 active/standby backend server group: two members (one master, one slave) and a health
 * check, all fixed at creation. The API has no update call, so every change replaces the pool
 * (deleted first when a listener is bound, since a listener holds one pool).
 */
export class MasterSlavePool extends pulumi.dynamic.Resource {
  constructor(name: string, args: MasterSlavePoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(...registration("masterSlavePool", masterSlavePoolSchema, name, args, opts));
    identityArraysAsArrays(this, masterSlavePoolSchema);
  }

  /** Reads the existing MasterSlavePool `id` without managing it (Pulumi's `get`): typed outputs, never created, changed or deleted. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): MasterSlavePool {
    return new MasterSlavePool(name, {} as MasterSlavePoolArgs, readOptions(id, opts));
  }
}
export interface MasterSlavePool extends MasterSlavePoolOutputs {}
