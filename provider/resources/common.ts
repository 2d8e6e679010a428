/** Property fragments several resource schemas share (each still declares its own change rule). */
import type { PropSchema } from "../lifecycle/schema";
import { cookieNameOnlyWithAppCookie, cookieNameRequiredWithAppCookie } from "./rules";

/**
 * Removal rules (`x-removal`): what a property the program stops setting goes back to. `keep` is for
 * properties the API computes when omitted.
 */
export const keep = { "x-removal": "keep" } as const;
export function resetTo<const V extends string | number | boolean | null | { readonly [k: string]: unknown }>(reset: V) {
  return { "x-removal": { reset } } as const;
}
/** The name a pool goes back to when the program stops setting it: the one place to change it. */
export const nameRemoval = resetTo("");
/** A description goes back to empty. */
export const descriptionRemoval = resetTo("");

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
    ...resetTo(null),
    description: "Sticky sessions; null turns them off.",
    properties: {
      type: { type: "string", enum: ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] },
      cookieName: { ...cookieName, "x-removal": "default" },
      // the default depends on the protocol (1 or 1440 minutes)
      persistenceTimeout: { type: "integer", minimum: 1, maximum: 1440, "x-removal": "default" },
    },
    required: ["type"],
    allOf: [cookieNameOnlyWithAppCookie, cookieNameRequiredWithAppCookie],
  } as const;
}

/** A list of `{id}` references the API computes (listeners, load balancers, members of a pool). */
export const idRefs = { type: "array", items: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } } as const;

/** The load balancer of a pool (every pool API): it cannot move, so a change replaces the pool. */
export const poolLoadbalancerId = {
  ...idString,
  "x-change": "replace",
  ...keep,
  description: "Load balancer the pool belongs to.",
} as const;

/** Modification protection of v3 and v2 pools, changed in place. */
export const protectionStatus = {
  type: "string",
  enum: ["nonProtection", "consoleProtection"],
  "x-change": "update",
  ...resetTo("nonProtection"),
  description: "Modification protection.",
} as const;
