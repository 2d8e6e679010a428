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

/**
 * The fields of a health check, as the v3 health monitor API and a master-slave pool's inline
 * `healthmonitor` both take them (each schema adds its own change rule). What the API only
 * recommends or ignores is said here, not refused.
 */
export const healthCheckFields = {
  type: {
    type: "string",
    enum: ["TCP", "UDP_CONNECT", "HTTP", "HTTPS"],
    description:
      "Health check protocol. The pool decides which the API accepts: UDP_CONNECT for UDP and QUIC pools; TCP, HTTP or HTTPS for TCP, HTTP and HTTPS pools (refused by the API at `up`, not at preview).",
  },
  delay: { type: "integer", minimum: 1, maximum: 50, description: "Seconds between checks." },
  timeout: {
    type: "integer",
    minimum: 1,
    maximum: 50,
    description: "Seconds to wait for an answer. The API recommends a value below delay but does not enforce it.",
  },
  maxRetries: { type: "integer", minimum: 1, maximum: 10, description: "Successes before OFFLINE → ONLINE." },
  maxRetriesDown: {
    type: "integer",
    minimum: 1,
    maximum: 10,
    "x-default": 3,
    ...resetTo(3),
    description: "Failures before ONLINE → OFFLINE.",
  },
  monitorPort: {
    type: "integer",
    nullable: true,
    minimum: 1,
    maximum: 65535,
    ...resetTo(null),
    description: "Port checked (null: the member's port).",
  },
  domainName: {
    type: "string",
    maxLength: 100,
    pattern: "^[A-Za-z0-9][A-Za-z0-9.-]*$",
    "x-why": "may hold only letters, digits, - and ., starting with a letter or digit",
    description: "Host header of HTTP checks. Ignored by TCP and UDP_CONNECT checks (kept for when the check switches back to HTTP).",
  },
  urlPath: {
    type: "string",
    maxLength: 80,
    pattern: "^/[A-Za-z0-9/.%?#&_;~!()*\\[\\]@$^:',+-]*$",
    "x-why": "must start with / and hold only letters, digits and -/.%?#&_;~!()*[]@$^:',+",
    "x-default": "/",
    ...resetTo("/"),
    description: "Path of HTTP checks. Ignored by TCP and UDP_CONNECT checks (kept for when the check switches back to HTTP).",
  },
  expectedCodes: {
    type: "string",
    maxLength: 64,
    "x-default": "200",
    ...resetTo("200"),
    description: "Expected HTTP status codes, e.g. `200`, `200,202`, `200-204` (HTTP and HTTPS checks).",
  },
  httpMethod: {
    type: "string",
    enum: ["GET", "HEAD", "POST"],
    description: "HTTP method of HTTP checks (the API says not to use it). Ignored by TCP and UDP_CONNECT checks.",
  },
  name: { type: "string", maxLength: 255, ...nameRemoval, description: "Name." },
} as const;

/** What every health check must say. */
export const healthCheckRequired = ["type", "delay", "timeout", "maxRetries"] as const;

/**
 * A pool bound to a listener is deleted before its replacement is created, also on `pulumi up --replace`: a listener
 * holds one pool, so the new pool could not take the listener while the old one holds it (409).
 */
export const listenerHeldReplacement = {
  "x-delete-before-replace": {
    when: ["listenerId"],
    why: "a listener holds one pool: the old pool must let go of the listener before its replacement can take it",
  },
} as const;
