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
 * `adoptId`: one line in a schema lets the kind adopt an existing resource (the engine does the
 * rest: lifecycle/engine.ts). Only create reads it; afterwards it names the resource already managed:
 * left out or equal to the resource's ID is no change; another ID is a replacement (the new resource
 * adopts that one, and the old one is deleted unless `retainOnDelete` is set), shown by preview as a
 * replace because of adoptId.
 */
export const adoptId = {
  ...idString,
  "x-change": "replace",
  "x-adopt": true,
  "x-local": true,
  description:
    "ID of an existing resource to take under management instead of creating one: create reads it, refuses (naming each property and both values) when a declared property differs that cannot change in place, and otherwise changes only the declared properties that differ. Afterwards leaving it out changes nothing; another ID replaces (adopts that one).",
} as const;
