import * as pulumi from "@pulumi/pulumi";
import { readOptions, registration } from "../../lifecycle/resource";
import type { HealthMonitorArgs, HealthMonitorOutputs } from "../../generated/health-monitor";
import { healthMonitorSchema } from "./schema";

export type { HealthMonitorArgs };

/**
 * The health check of an ELB v3 pool: members of a checked pool turn ONLINE or OFFLINE. Every field
 * but `poolId` changes in place with one PUT; a new `poolId` (or a replaced pool) replaces it.
 */
export class HealthMonitor extends pulumi.dynamic.Resource {
  constructor(name: string, args: HealthMonitorArgs, opts?: pulumi.CustomResourceOptions) {
    super(...registration("healthMonitor", healthMonitorSchema, name, args, opts));
  }

  /** Reads the existing HealthMonitor `id` without managing it (Pulumi's `get`): typed outputs, never created, changed or deleted. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): HealthMonitor {
    return new HealthMonitor(name, {} as HealthMonitorArgs, readOptions(id, opts));
  }
}
export interface HealthMonitor extends HealthMonitorOutputs {}
