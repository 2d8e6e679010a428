/** Property fragments several resource schemas share (each still declares its own change rule). */
import type { PropSchema } from "../lifecycle/schema";
import { cookieNameOnlyWithAppCookie, cookieNameRequiredWithAppCookie } from "./rules";

/** A resource ID as the ELB API issues them (UUIDs in practice). */
export const idString = {
  type: "string",
  minLength: 1,
  maxLength: 64,
  pattern: "^[A-Za-z0-9][A-Za-z0-9_-]*$",
  "x-why": "must be an ID (letters, digits, - and _)",
} as const;

/** sessionPersistence of v3 and v2 pools, updated in place; the APIs differ in what a cookie name may be. */
export function sessionPersistenceWith<C extends PropSchema>(cookieName: C) {
  return {
    type: "object",
    nullable: true,
    "x-change": "update",
    description: "Sticky sessions; null turns them off.",
    properties: {
      type: { type: "string", enum: ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] },
      cookieName,
      persistenceTimeout: { type: "integer", minimum: 1, maximum: 1440 },
    },
    required: ["type"],
    allOf: [cookieNameOnlyWithAppCookie, cookieNameRequiredWithAppCookie],
  } as const;
}

/** A list of `{id}` references the API computes (listeners, load balancers, members of a pool). */
export const idRefs = { type: "array", items: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } } as const;

/** The load balancer of a pool (every pool API): it cannot move, so a change replaces the pool. */
export const poolLoadbalancerId = { ...idString, "x-change": "replace", description: "Load balancer the pool belongs to." } as const;

/** Modification protection of v3 and v2 pools, changed in place. */
export const protectionStatus = {
  type: "string",
  enum: ["nonProtection", "consoleProtection"],
  "x-change": "update",
  description: "Modification protection.",
} as const;

/**
 * A pool's `name`: omitted, it gets an autoname `<resource name>-<7 hex>` chosen once and kept
 * (lifecycle/autoname.ts). Each kind adds its change rule.
 */
export const autonamedName = {
  type: "string",
  maxLength: 255,
  "x-autoname": true,
  description: "Name. Omitted: `<resource name>-<7 hex characters>`, chosen once and kept (an explicit name is used as given).",
} as const;
