/**
 * `MasterSlavePool` (ELB v3 active/standby backend server group): the single source of truth for
 * its properties, their validation and the cross-field rules. The API has no update call, so every
 * input replaces. Sources: seeds 000 and 003 (POST /v3/{project_id}/elb/master-slave-pools) and
 * ../shared/ELB-API.md "Master-slave pool fields".
 */
import type { ResourceSchema } from "../../lifecycle/schema";
import {
  listenerHeldReplacement,
  adoptId,
  autonamedName,
  healthCheckFields,
  healthCheckRequired,
  idString as id,
  idRefs as ref,
  poolLoadbalancerId,
  resetTo,
  nameRemoval,
  descriptionRemoval,
} from "../common";
import * as rule from "../rules";

const replace = { "x-change": "replace" } as const;

export const masterSlavePoolSchema = {
  type: "object",
  title: "MasterSlavePool",
  ...listenerHeldReplacement,
  description:
    "An ELB v3 active/standby backend server group (POST /v3/{project_id}/elb/master-slave-pools). No update API: every change replaces it.",
  properties: {
    adoptId,
    lbAlgorithm: {
      type: "string",
      enum: ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "QUIC_CID"],
      ...replace,
      description: "Load balancing algorithm; QUIC_CID only for QUIC pools.",
    },
    protocol: { type: "string", enum: ["TCP", "UDP", "QUIC", "TLS"], ...replace, description: "Backend protocol." },
    type: {
      type: "string",
      enum: ["instance", "ip", ""],
      ...replace,
      description: '`instance` or `ip` (required by the API; `""` only with a listener or load balancer).',
    },
    loadbalancerId: poolLoadbalancerId,
    listenerId: { ...id, ...replace, description: "Listener whose default pool this is (the listener must have no pool yet)." },
    name: { ...autonamedName, ...replace, ...nameRemoval },
    description: { type: "string", maxLength: 255, ...replace, ...descriptionRemoval, description: "Description." },
    projectId: {
      ...id,
      ...replace,
      description: "Project of the pool; when set, it must be the project the provider works in (checked before the POST).",
    },
    vpcId: {
      type: "string",
      maxLength: 64,
      ...replace,
      description: "VPC of the backends (the API fills in the backends' VPC when omitted).",
    },
    ipVersion: { type: "string", enum: ["v4", "dualstack"], ...replace, description: "IP version of the backends." },
    sessionPersistence: {
      type: "object",
      nullable: true,
      ...replace,
      ...resetTo(null),
      description: "Sticky sessions; null or omitted: off.",
      properties: {
        type: { type: "string", enum: ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] },
        cookieName: {
          type: "string",
          minLength: 1,
          maxLength: 1024,
          pattern: "^[A-Za-z0-9_.-]+$",
          "x-why": "may hold only letters, digits, -, _ and .",
        },
        persistenceTimeout: { type: "integer", minimum: 1, maximum: 1440 },
      },
      required: ["type"],
      allOf: [rule.cookieNameOnlyWithAppCookie],
    },
    anyPortEnable: { type: "boolean", ...replace, ...resetTo(false), description: "Forward on the frontend port (TCP/UDP/QUIC pools)." },
    connectionDrain: {
      type: "object",
      ...replace,
      ...resetTo({ enable: false }),
      description: "Connection draining (TCP/UDP/QUIC pools): `timeout` seconds.",
      properties: { enable: { type: "boolean" }, timeout: { type: "integer", minimum: 10, maximum: 4000 } },
      required: ["enable", "timeout"],
    },
    members: {
      type: "array",
      minItems: 2,
      maxItems: 2,
      ...replace,
      "x-identity": ["role"],
      description: "The two backend servers, one with role `master` and one with role `slave`; fixed at creation.",
      items: {
        type: "object",
        properties: {
          address: { type: "string", minLength: 1, maxLength: 64, description: "Private IP address of the backend." },
          protocolPort: { type: "integer", minimum: 1, maximum: 65535, description: "Backend port (required unless anyPortEnable)." },
          role: { type: "string", enum: ["master", "slave"], description: "Active (`master`) or standby (`slave`)." },
          name: { type: "string", maxLength: 255, description: "Name." },
          subnetCidrId: { type: "string", maxLength: 64, description: "Subnet of the backend (omit for IP as a backend)." },
          adminStateUp: {
            type: "boolean",
            const: true,
            "x-why": "must be true (the API accepts only true)",
            description: "Administrative state; only true.",
          },
          id: { type: "string", readOnly: true, description: "Member ID." },
          operatingStatus: { type: "string", readOnly: true, description: "Health: ONLINE, OFFLINE, NO_MONITOR, INITIAL or UNKNOWN." },
          status: {
            type: "array",
            readOnly: true,
            description: "Health per listener.",
            items: { type: "object", properties: { listenerId: { type: "string" }, operatingStatus: { type: "string" } } },
          },
          memberType: { type: "string", readOnly: true, description: "`ip` or `instance`." },
          ipVersion: { type: "string", readOnly: true, description: "`v4` or `v6`, from the address." },
          instanceId: { type: "string", readOnly: true, description: "ECS of the backend (empty for an IP)." },
        },
        required: ["address", "role"],
      },
    },
    healthmonitor: {
      type: "object",
      ...replace,
      description: "The health check; always on for active/standby pools.",
      properties: {
        ...healthCheckFields,
        id: { type: "string", readOnly: true, description: "Health check ID." },
        adminStateUp: { type: "boolean", readOnly: true, description: "Whether the health check runs." },
      },
      required: healthCheckRequired,
    },

    listeners: { ...ref, readOnly: true, description: "Listeners using the pool." },
    loadbalancers: { ...ref, readOnly: true, description: "Load balancers of the pool." },
    enterpriseProjectId: { type: "string", readOnly: true, description: "Enterprise project." },
    createdAt: { type: "string", readOnly: true, "x-detail": true, description: "Creation time." },
    updatedAt: { type: "string", readOnly: true, "x-detail": true, description: "Last update time." },
  },
  required: ["lbAlgorithm", "protocol", "type", "members", "healthmonitor"],
  allOf: [
    rule.listenerLoadbalancerOrType,
    {
      "x-why": "members must be one with role master and one with role slave",
      "x-path": "members",
      properties: { members: { contains: { properties: { role: { const: "master" } }, required: ["role"] } } },
    },
    {
      "x-why": "members must be one with role master and one with role slave",
      "x-path": "members",
      properties: { members: { contains: { properties: { role: { const: "slave" } }, required: ["role"] } } },
    },
    {
      "x-why": "protocolPort is required on each member unless anyPortEnable is true",
      if: { not: { properties: { anyPortEnable: { const: true } }, required: ["anyPortEnable"] } },
      then: { properties: { members: { items: { required: ["protocolPort"] } } } },
    },
    rule.quicCidOnlyForQuic,
    rule.persistenceTimeoutOnLayer4,
    rule.onlyForProtocols("anyPortEnable", ["TCP", "UDP", "QUIC"]),
    rule.onlyForProtocols("connectionDrain", ["TCP", "UDP", "QUIC"]),
  ],
} as const satisfies ResourceSchema;

export type MasterSlavePoolSchema = typeof masterSlavePoolSchema;
