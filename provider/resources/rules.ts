/**
 * Cross-field rules several resource schemas share: the same API rule, in the same words. Each is
 * a JSON Schema `allOf` item with its sentence (`x-why`) and the property to blame (`x-path`).
 */

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

/** lbAlgorithm QUIC_CID needs a QUIC pool. */
export const quicCidOnlyForQuic = {
  "x-why": "lbAlgorithm QUIC_CID is only for QUIC pools",
  if: { properties: { protocol: { not: { const: "QUIC" } } }, required: ["protocol"] },
  then: { properties: { lbAlgorithm: { not: { const: "QUIC_CID" } } } },
} as const;

/** TCP, UDP and QUIC pools keep sessions at most 60 minutes. */
export const persistenceTimeoutOnLayer4 = {
  "x-why": "persistenceTimeout is 1 to 60 minutes for TCP, UDP and QUIC pools",
  "x-path": "sessionPersistence.persistenceTimeout",
  if: { properties: { protocol: { enum: ["TCP", "UDP", "QUIC"] } }, required: ["protocol"] },
  then: { properties: { sessionPersistence: { properties: { persistenceTimeout: { maximum: 60 } } } } },
} as const;

/** `name` may be set only on pools of these protocols (the API refuses it on the others). */
export function onlyForProtocols<const N extends string, const P extends readonly string[]>(name: N, protocols: P) {
  const listed = protocols.length > 1 ? `${protocols.slice(0, -1).join(", ")} and ${protocols[protocols.length - 1]}` : protocols[0];
  return {
    "x-why": `${name} is only for ${listed} pools`,
    "x-path": name,
    if: { properties: { protocol: { not: { enum: protocols } } }, required: ["protocol"] },
    then: { not: { required: [name] } },
  } as const;
}
