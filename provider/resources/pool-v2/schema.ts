/**
 * `PoolV2` (legacy ELB v2 backend server group, shared load balancers): the single source of truth
 * for its properties, their validation, their change rules and the cross-field rules. Sources:
 * seed 001 (POST /v2/{project_id}/elb/pools) and ../shared/ELB-API.md "Legacy v2 pool".
 */
import type { ResourceSchema } from "../../lifecycle/schema";
import {
  listenerHeldReplacement,
  adoptId,
  autonamedName,
  idString as id,
  sessionPersistenceWith,
  idRefs as ref,
  protectionStatus,
  poolLoadbalancerId,
  resetTo,
  nameRemoval,
  descriptionRemoval,
} from "../common";

export const poolV2Schema = {
  type: "object",
  title: "PoolV2",
  ...listenerHeldReplacement,
  description: "A legacy ELB v2 backend server group (POST /v2/{project_id}/elb/pools).",
  properties: {
    adoptId,
    protocol: { type: "string", enum: ["TCP", "UDP", "HTTP"], "x-change": "replace", description: "Backend protocol." },
    lbAlgorithm: {
      type: "string",
      enum: ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP"],
      "x-change": "update",
      description: "Load balancing algorithm.",
    },
    listenerId: { ...id, "x-change": "replace", description: "Listener whose default pool this is." },
    loadbalancerId: poolLoadbalancerId,
    tenantId: {
      type: "string",
      minLength: 1,
      maxLength: 255,
      "x-change": "replace",
      description: "Project of the pool; must be the project the provider works in (checked before the POST).",
    },
    name: { ...autonamedName, "x-change": "update", ...nameRemoval },
    description: { type: "string", maxLength: 255, "x-change": "update", ...descriptionRemoval, description: "Description." },
    adminStateUp: {
      type: "boolean",
      "x-change": "update",
      "x-default": true,
      ...resetTo(true),
      description: "Administrative state (reserved by the API).",
    },
    sessionPersistence: sessionPersistenceWith({
      type: "string",
      minLength: 1,
      maxLength: 64,
      pattern: "^[A-Za-z0-9_-]+$",
      "x-why": "may hold only letters, digits, - and _",
    } as const),
    protectionStatus,
    protectionReason: {
      type: "string",
      maxLength: 255,
      "x-change": "update",
      ...resetTo(""),
      description: "Why protection is on (with consoleProtection).",
    },

    projectId: { type: "string", readOnly: true, "x-detail": true, description: "Project (same as tenantId)." },
    healthmonitorId: { type: "string", nullable: true, readOnly: true, description: "Health monitor bound to the pool." },
    listeners: { ...ref, readOnly: true, description: "Listeners using the pool." },
    loadbalancers: { ...ref, readOnly: true, description: "Load balancers of the pool." },
    members: { ...ref, readOnly: true, "x-detail": true, description: "Members of the pool." },
  },
  required: ["protocol", "lbAlgorithm"],
  allOf: [
    {
      "x-why": "one of listenerId or loadbalancerId is required",
      "x-path": "listenerId",
      anyOf: [
        { required: ["listenerId"], properties: { listenerId: { minLength: 1 } } },
        { required: ["loadbalancerId"], properties: { loadbalancerId: { minLength: 1 } } },
      ],
    },
  ],
} as const satisfies ResourceSchema;

export type PoolV2Schema = typeof poolV2Schema;
