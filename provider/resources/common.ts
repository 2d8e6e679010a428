/** Property fragments several resource schemas share (each still declares its own change rule). */
import type { PropSchema } from "../lifecycle/schema";

/** A resource ID as the ELB API issues them (UUIDs in practice). */
export const idString = {
  type: "string",
  minLength: 1,
  maxLength: 64,
  pattern: "^[A-Za-z0-9][A-Za-z0-9_-]*$",
  "x-why": "must be an ID (letters, digits, - and _)",
} as const;

/** sessionPersistence.cookieName, in every pool API: only with type APP_COOKIE. */
export const cookieNameOnlyWithAppCookie = {
  "x-why": "cookieName is allowed only with type APP_COOKIE",
  "x-path": "cookieName",
  if: { properties: { type: { not: { const: "APP_COOKIE" } } }, required: ["type"] },
  then: { not: { type: "object", required: ["cookieName"] } },
} as const;

/** sessionPersistence.cookieName for v3 and v2 pools: required with type APP_COOKIE. */
export const cookieNameRequiredWithAppCookie = {
  "x-why": "cookieName is required with type APP_COOKIE",
  if: { properties: { type: { const: "APP_COOKIE" } }, required: ["type"] },
  then: { required: ["cookieName"] },
} as const;

/** v3 and active/standby pools: what the pool belongs to must be said somehow. */
export const listenerLoadbalancerOrType = {
  "x-why": "one of listenerId, loadbalancerId or type is required",
  "x-path": "listenerId",
  anyOf: [
    { required: ["listenerId"], properties: { listenerId: { minLength: 1 } } },
    { required: ["loadbalancerId"], properties: { loadbalancerId: { minLength: 1 } } },
    { required: ["type"], properties: { type: { minLength: 1 } } },
  ],
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
