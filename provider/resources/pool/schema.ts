/**
 * `Pool` (ELB v3 backend server group): the single source of truth for its properties, their
 * validation, their change rules and the cross-field rules. Wire names are derived mechanically
 * (camelCase → snake_case). Sources: ../shared/ELB-API.md "Pool (v3) fields" and seed 004.
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
  keep,
  resetTo,
  nameRemoval,
  descriptionRemoval,
} from "../common";
import * as rule from "../rules";

const TUPLE_HASHES = ["2_TUPLE_HASH", "3_TUPLE_HASH", "5_TUPLE_HASH"] as const;

export const poolSchema = {
  type: "object",
  title: "Pool",
  ...listenerHeldReplacement,
  description: "An ELB v3 backend server group (POST /v3/{project_id}/elb/pools).",
  properties: {
    adoptId,
    lbAlgorithm: {
      type: "string",
      enum: ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "QUIC_CID", ...TUPLE_HASHES],
      "x-change": "update",
      description: "Load balancing algorithm. QUIC_CID only for QUIC pools; the tuple hashes only for IP pools.",
    },
    protocol: {
      type: "string",
      enum: ["TCP", "UDP", "IP", "TLS", "GRPC", "HTTP", "HTTPS", "QUIC"],
      "x-change": "replace",
      description: "Backend protocol.",
    },
    loadbalancerId: poolLoadbalancerId,
    listenerId: { ...id, "x-change": "replace", ...keep, description: "Listener whose default pool this is (a listener holds one pool)." },
    type: {
      type: "string",
      enum: ["instance", "ip", ""],
      "x-change": "updateWhileEmpty",
      ...keep,
      description: "`instance` (needs vpcId) or `ip` (no vpcId). Settable in place only while empty.",
    },
    vpcId: {
      type: "string",
      maxLength: 64,
      "x-change": "updateWhileEmpty",
      ...keep,
      description: "VPC of the backends. Required for IP pools. Settable in place only while empty.",
    },
    name: { ...autonamedName, "x-change": "update", ...nameRemoval },
    description: { type: "string", maxLength: 255, "x-change": "update", ...descriptionRemoval, description: "Description." },
    adminStateUp: {
      type: "boolean",
      const: true,
      "x-change": "update",
      "x-why": "must be true (the API accepts only true)",
      description: "Administrative state; only true.",
    },
    ipVersion: {
      type: "string",
      enum: ["v4", "dualstack"],
      "x-change": "replace",
      ...keep,
      "x-default": "v4",
      description: "IP version of the backends.",
    },
    sessionPersistence: sessionPersistenceWith({
      type: "string",
      minLength: 1,
      maxLength: 1024,
      pattern: "^[A-Za-z0-9_.-]+$",
      "x-why": "may hold only letters, digits, -, _ and .",
    } as const),
    slowStart: {
      type: "object",
      "x-change": "update",
      ...resetTo({ enable: false }),
      description: "Slow start (HTTP/HTTPS pools): ramp new members up over `duration` seconds.",
      properties: { enable: { type: "boolean" }, duration: { type: "integer", minimum: 30, maximum: 1200, ...resetTo(30) } },
      required: ["enable"],
    },
    memberDeletionProtectionEnable: {
      type: "boolean",
      "x-change": "update",
      ...resetTo(false),
      description: "Refuse member deletion while true.",
    },
    protectionStatus,
    protectionReason: {
      type: "string",
      maxLength: 255,
      pattern: "^[^<>]*$",
      "x-why": "must not contain < or >",
      "x-change": "update",
      ...resetTo(""),
      description: "Why protection is on.",
    },
    anyPortEnable: { type: "boolean", "x-change": "replace", ...resetTo(false), description: "Forward on any port (TCP/UDP/QUIC pools)." },
    connectionDrain: {
      type: "object",
      "x-change": "update",
      ...resetTo({ enable: false }),
      description: "Connection draining (TCP/UDP/QUIC pools): `timeout` seconds.",
      properties: { enable: { type: "boolean" }, timeout: { type: "integer", minimum: 10, maximum: 4000 } },
      required: ["enable", "timeout"],
    },
    poolHealth: {
      type: "object",
      "x-change": "update",
      ...resetTo({ minimumHealthyMemberCount: 0 }),
      description: "Pool health: minimumHealthyMemberCount 0 or 1.",
      properties: { minimumHealthyMemberCount: { type: "integer", enum: [0, 1] } },
      required: ["minimumHealthyMemberCount"],
    },
    quicCidHashStrategy: {
      type: "object",
      "x-change": "update",
      ...resetTo(null),
      description: "QUIC connection-ID hashing: `len` 1–20, `offset` 0–19.",
      properties: {
        len: { type: "integer", minimum: 1, maximum: 20, ...resetTo(3) },
        offset: { type: "integer", minimum: 0, maximum: 19, ...resetTo(1) },
      },
    },
    azAffinity: {
      type: "object",
      "x-change": "update",
      ...resetTo(null),
      description: "Availability-zone affinity.",
      properties: {
        enable: { type: "boolean" },
        azMinimumHealthyMemberPercentage: { type: "integer", minimum: -1, maximum: 100, ...resetTo(-1) },
        azMinimumHealthyMemberCount: { type: "integer", minimum: -1, maximum: 10000, ...resetTo(-1) },
        azUnhealthyFallbackStrategy: {
          type: "string",
          ...resetTo("forward_to_all_member_of_local_az"),
          enum: ["forward_to_all_member_of_local_az", "forward_to_healthy_member_of_remote_az", "forward_to_all_healthy_member"],
        },
      },
      required: ["enable"],
      allOf: [
        {
          "x-why": "with enable true, set exactly one of azMinimumHealthyMemberPercentage and azMinimumHealthyMemberCount (-1 means unset)",
          "x-path": "",
          if: { properties: { enable: { const: true } }, required: ["enable"] },
          then: {
            oneOf: [
              {
                required: ["azMinimumHealthyMemberPercentage"],
                properties: { azMinimumHealthyMemberPercentage: { minimum: 0 } },
                not: { required: ["azMinimumHealthyMemberCount"], properties: { azMinimumHealthyMemberCount: { minimum: 0 } } },
              },
              {
                required: ["azMinimumHealthyMemberCount"],
                properties: { azMinimumHealthyMemberCount: { minimum: 0 } },
                not: { required: ["azMinimumHealthyMemberPercentage"], properties: { azMinimumHealthyMemberPercentage: { minimum: 0 } } },
              },
            ],
          },
        },
      ],
    },
    publicBorderGroup: { type: "string", maxLength: 64, "x-change": "replace", ...keep, description: "Public border group (edge sites)." },
    enterpriseProjectId: { type: "string", maxLength: 64, "x-change": "replace", ...keep, description: "Enterprise project." },

    healthmonitorId: { type: "string", nullable: true, readOnly: true, description: "Health monitor bound to the pool." },
    listeners: { ...ref, readOnly: true, description: "Listeners using the pool." },
    loadbalancers: { ...ref, readOnly: true, description: "Load balancers of the pool." },
    members: { ...ref, readOnly: true, "x-detail": true, description: "Members of the pool." },
    projectId: { type: "string", readOnly: true, "x-detail": true, description: "Project." },
    createdAt: { type: "string", readOnly: true, "x-detail": true, description: "Creation time." },
    updatedAt: { type: "string", readOnly: true, "x-detail": true, description: "Last update time." },
  },
  required: ["lbAlgorithm", "protocol"],
  allOf: [
    rule.listenerLoadbalancerOrType,
    {
      "x-why": "vpcId is required when type is instance",
      "x-held": true,
      if: { properties: { type: { const: "instance" } }, required: ["type"] },
      then: { required: ["vpcId"], properties: { vpcId: { minLength: 1 } } },
    },
    {
      "x-why": "vpcId is not allowed when type is ip",
      "x-held": true,
      "x-path": "vpcId",
      if: { properties: { type: { const: "ip" } }, required: ["type"] },
      then: { not: { required: ["vpcId"], properties: { vpcId: { minLength: 1 } } } },
    },
    {
      "x-why": "vpcId is required for IP pools",
      if: { properties: { protocol: { const: "IP" } }, required: ["protocol"] },
      then: { required: ["vpcId"], properties: { vpcId: { minLength: 1 } } },
    },
    {
      "x-why": "type ip is not allowed for IP pools",
      if: { properties: { protocol: { const: "IP" } }, required: ["protocol"] },
      then: { properties: { type: { not: { const: "ip" } } } },
    },
    rule.quicCidOnlyForQuic,
    {
      "x-why": "lbAlgorithm 2_TUPLE_HASH, 3_TUPLE_HASH and 5_TUPLE_HASH are only for IP pools",
      if: { properties: { protocol: { not: { const: "IP" } } }, required: ["protocol"] },
      then: { properties: { lbAlgorithm: { not: { enum: TUPLE_HASHES } } } },
    },
    {
      "x-why": "QUIC pools require sessionPersistence with type SOURCE_IP",
      "x-path": "sessionPersistence.type",
      if: { properties: { protocol: { const: "QUIC" } }, required: ["protocol"] },
      then: {
        required: ["sessionPersistence"],
        properties: { sessionPersistence: { type: "object", properties: { type: { const: "SOURCE_IP" } } } },
      },
    },
    rule.persistenceTimeoutOnLayer4,
    rule.onlyForProtocols("slowStart", ["HTTP", "HTTPS"]),
    rule.onlyForProtocols("anyPortEnable", ["TCP", "UDP", "QUIC"]),
    {
      "x-why": "azAffinity can be enabled only on TCP, UDP and IP pools",
      "x-path": "azAffinity.enable",
      if: { properties: { protocol: { not: { enum: ["TCP", "UDP", "IP"] } } }, required: ["protocol"] },
      then: { properties: { azAffinity: { properties: { enable: { const: false } } } } },
    },
    rule.onlyForProtocols("connectionDrain", ["TCP", "UDP", "QUIC"]),
  ],
} as const satisfies ResourceSchema;

export type PoolSchema = typeof poolSchema;
