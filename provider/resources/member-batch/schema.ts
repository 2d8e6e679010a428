/**
 * `MemberBatch`: a pool's backend servers (members) managed as one set through the batch APIs.
 * The single source of truth for the members' fields, their validation and what a change does:
 * `members` is a set whose items are identified by (address, protocolPort) (`x-identity`); an
 * item field marked "update" goes through batch-update, one marked "replace" removes that member
 * and adds it again. Sources: ../shared/ELB-API.md "Members" and seed 002 (batch-add).
 */
import type { ResourceSchema } from "../../lifecycle/schema";
import { idString, placement } from "../common";

const IPV4 = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}";
/** IPv6 loosely (hex groups, `::`, an embedded IPv4 tail); the API checks the rest. */
const IPV6 = "(?=[0-9A-Fa-f:.]*:)[0-9A-Fa-f:.]{2,45}";

const computed = <T extends "string" | "integer" | "boolean">(type: T, description: string) =>
  ({ type, readOnly: true, description }) as const;
/** A computed detail: left out of state unless asked for (HW_ELB_OUTPUT_DETAILS=1). */
const detail = <T extends "string" | "integer" | "boolean">(type: T, description: string) =>
  ({ ...computed(type, description), "x-detail": true }) as const;

/** A member named by its identity and ID (strangers, adopted). */
const memberRef = {
  type: "object",
  properties: { address: { type: "string" }, protocolPort: { type: "integer" }, id: { type: "string" } },
} as const;

export const memberBatchSchema = {
  type: "object",
  title: "MemberBatch",
  "x-delete-before-replace": {
    when: "always",
    why:
      "a replacement on the same pool would take the same members over (batch-add answers `existed`), and the old " +
      "resource's delete would then remove them: the old members go first, then the new set is added (a set moving " +
      "to another pool leaves the old pool before it joins the new one)",
  },
  description:
    "A pool's backend servers as one set, managed with the batch APIs (POST .../pools/{pool_id}/members/batch-add|batch-update|batch-delete).",
  properties: {
    poolId: { ...idString, "x-change": "replace", description: "The v3 pool (`Pool.id`) the members belong to." },
    members: {
      type: "array",
      "x-change": "update",
      "x-identity": ["address", "protocolPort"],
      description: "The backend servers; order does not matter.",
      items: {
        type: "object",
        required: ["address", "protocolPort"],
        properties: {
          address: {
            type: "string",
            pattern: `^(?:${IPV4}|${IPV6})$`,
            "x-why": "must be an IPv4 or IPv6 address",
            "x-canonical": "ip",
            description:
              "Private IP address of the backend server; inside subnetCidrId's subnet. IPv6 spellings of one address are the same member.",
          },
          protocolPort: {
            type: "integer",
            nullable: true,
            minimum: 1,
            maximum: 65535,
            description:
              "Port the backend server receives requests on; `null` (said, not left out) on pools with anyPortEnable, where the address alone is the member.",
          },
          subnetCidrId: {
            ...idString,
            "x-change": "replace",
            "x-default": "",
            description:
              "IPv4 or IPv6 subnet of the backend server, in the load balancer's VPC. Left out: IP as a backend (IPv4 only). A change (also to or from left out) removes this member and adds it again.",
          },
          weight: {
            type: "integer",
            minimum: 0,
            maximum: 100,
            "x-default": 1,
            "x-change": "update",
            description:
              "Share of requests; 0 takes no new requests (sent as 0). Left out: 1 (a weight changed outside Pulumi is put back).",
          },
          name: { type: "string", maxLength: 255, "x-change": "update", "x-default": "", description: "Name." },
          availabilityZone: {
            type: "string",
            maxLength: 64,
            "x-change": "update",
            description: "Availability zone of the backend server.",
          },
          adminStateUp: {
            type: "boolean",
            "x-change": "update",
            description: "Administrative state (set with batch-update; the API reports false while no cloud server backs the address).",
          },
          id: computed("string", "Member ID."),
          operatingStatus: computed("string", "Health: ONLINE, OFFLINE, NO_MONITOR, INITIAL or UNKNOWN."),
          status: {
            type: "array",
            readOnly: true,
            "x-detail": true,
            description: "Health per listener.",
            items: { type: "object", properties: { listenerId: { type: "string" }, operatingStatus: { type: "string" } } },
          },
          memberType: detail("string", "`ip` (IP as a backend) or `instance` (a cloud server)."),
          instanceId: detail("string", "The cloud server behind the address, if any."),
          ipVersion: detail("string", "`v4` or `v6`."),
          portId: detail("string", "VPC port bound to the address."),
          projectId: detail("string", "Project."),
          createdAt: detail("string", "Creation time (UTC)."),
          updatedAt: detail("string", "Last update time (UTC)."),
        },
        allOf: [
          {
            "x-why": "a member without subnetCidrId is an IP-as-backend server, which must have an IPv4 address",
            "x-path": "address",
            anyOf: [{ required: ["subnetCidrId"] }, { properties: { address: { pattern: `^${IPV4}$` } } }],
          },
        ],
      },
    },
    exclusive: {
      type: "boolean",
      "x-change": "update",
      "x-local": true,
      "x-default": false,
      description:
        "false: manage only these members. true: these are the pool's only members; others are removed (on create and update, and reported by refresh as `strangers`).",
    },
    strangers: {
      type: "array",
      readOnly: true,
      "x-local": true,
      description:
        "With exclusive: members of the pool this resource does not declare, as the last refresh found them; the next update removes them.",
      items: memberRef,
    },
    adopt: {
      type: "boolean",
      "x-change": "update",
      "x-local": true,
      "x-default": false,
      description:
        "true: create takes the members the pool already holds at a declared (address, protocolPort) as they are: no write when they hold the declared fields, one batch-update for those that differ, refused (nothing written) when a field that re-adds a member differs; `adopted` lists them. Changes nothing after create.",
    },
    adopted: {
      type: "array",
      readOnly: true,
      "x-local": true,
      description: "With adopt: the declared members create found in the pool and took under management.",
      items: memberRef,
    },
    ...placement,
  },
  required: ["poolId", "members"],
} as const satisfies ResourceSchema;

export type MemberBatchSchema = typeof memberBatchSchema;
