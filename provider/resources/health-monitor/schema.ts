/**
 * `HealthMonitor` (ELB v3 health check of a pool): the single source of truth for its properties,
 * their validation and change rules. The check fields are the ones a master-slave pool's inline
 * health check takes (../common.ts); here each updates in place, and `poolId` replaces. Sources:
 * ELB-API.md "Health monitors (v3)" (the SDK's create/update/show models).
 */
import type { ChangeRule, PropSchema, ResourceSchema } from "../../lifecycle/schema";
import { adoptId, autonamedName, nameRemoval, healthCheckFields, healthCheckRequired, idString, idRefs, resetTo } from "../common";

/** The same fields, each carrying one change rule. */
function changedBy<const C extends ChangeRule, F extends Record<string, PropSchema>>(
  rule: C,
  fields: F,
): { [K in keyof F]: F[K] & { readonly "x-change": C } } {
  return Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, { ...p, "x-change": rule }])) as {
    [K in keyof F]: F[K] & { readonly "x-change": C };
  };
}

export const healthMonitorSchema = {
  type: "object",
  title: "HealthMonitor",
  "x-delete-before-replace": {
    when: "always",
    why: "a pool holds one health check: the old one must go before its replacement can be created on the same pool",
  },
  description:
    "The health check of an ELB v3 pool (POST /v3/{project_id}/elb/healthmonitors). A pool holds one; every field but poolId changes in place.",
  properties: {
    adoptId,
    poolId: {
      ...idString,
      "x-change": "replace",
      description: "Pool to check (a pool holds one health monitor). A change, or a replaced pool, replaces the monitor.",
    },
    ...changedBy("update", {
      ...healthCheckFields,
      // the update API takes null (not "") to clear it
      domainName: { ...healthCheckFields.domainName, nullable: true, ...resetTo(null) },
      // omitted: an autoname, like the pools (lifecycle/autoname.ts)
      name: { ...autonamedName, ...nameRemoval },
      adminStateUp: {
        type: "boolean",
        "x-default": true,
        ...resetTo(true),
        description: "Whether the check runs (false: members show NO_MONITOR).",
      },
    } as const),

    pools: { ...idRefs, readOnly: true, description: "The pool checked." },
    projectId: { type: "string", readOnly: true, "x-detail": true, description: "Project." },
    createdAt: { type: "string", readOnly: true, "x-detail": true, description: "Creation time." },
    updatedAt: { type: "string", readOnly: true, "x-detail": true, description: "Last update time." },
  },
  required: ["poolId", ...healthCheckRequired],
} as const satisfies ResourceSchema;

export type HealthMonitorSchema = typeof healthMonitorSchema;
