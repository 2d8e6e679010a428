/**
 * Inputs that break one PoolV2 rule each, with the property check must name. Written from seed 001,
 * ELB-API.md and the issue, not from the schema; used by the unit and the lifecycle tests.
 * Overrides apply to a valid HTTP pool on a load balancer.
 */
// [case, inputs override, keys to drop, property named, reason pattern]
export const poolV2Violations: [string, Record<string, unknown>, string[], string, RegExp][] = [
  ["protocol HTTPS", { protocol: "HTTPS" }, [], "protocol", /must be one of: "TCP", "UDP", "HTTP"/],
  ["protocol QUIC", { protocol: "QUIC" }, [], "protocol", /must be one of/],
  [
    "lbAlgorithm QUIC_CID",
    { lbAlgorithm: "QUIC_CID" },
    [],
    "lbAlgorithm",
    /must be one of: "ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP"/,
  ],
  ["no protocol", {}, ["protocol"], "protocol", /is required/],
  ["no lbAlgorithm", {}, ["lbAlgorithm"], "lbAlgorithm", /is required/],
  ["neither listener nor load balancer", {}, ["loadbalancerId"], "listenerId", /one of listenerId or loadbalancerId/],
  ["an empty load balancer", { loadbalancerId: "" }, [], "listenerId", /one of listenerId or loadbalancerId/],
  [
    "APP_COOKIE without cookieName",
    { sessionPersistence: { type: "APP_COOKIE" } },
    [],
    "sessionPersistence.cookieName",
    /required with type APP_COOKIE/,
  ],
  [
    "cookieName with HTTP_COOKIE",
    { sessionPersistence: { type: "HTTP_COOKIE", cookieName: "c" } },
    [],
    "sessionPersistence.cookieName",
    /only with type APP_COOKIE/,
  ],
  [
    "cookieName with SOURCE_IP",
    { sessionPersistence: { type: "SOURCE_IP", cookieName: "c" } },
    [],
    "sessionPersistence.cookieName",
    /only with type APP_COOKIE/,
  ],
  [
    "cookieName of 65 characters",
    { sessionPersistence: { type: "APP_COOKIE", cookieName: "c".repeat(65) } },
    [],
    "sessionPersistence.cookieName",
    /1 to 64 characters/,
  ],
  [
    "cookieName with a dot",
    { sessionPersistence: { type: "APP_COOKIE", cookieName: "a.b" } },
    [],
    "sessionPersistence.cookieName",
    /letters, digits, - and _/,
  ],
  [
    "an empty cookieName",
    { sessionPersistence: { type: "APP_COOKIE", cookieName: "" } },
    [],
    "sessionPersistence.cookieName",
    /1 to 64 characters/,
  ],
  ["name of 256 characters", { name: "n".repeat(256) }, [], "name", /at most 255 characters/],
  ["description of 256 characters", { description: "d".repeat(256) }, [], "description", /at most 255 characters/],
  ["tenantId of 256 characters", { tenantId: "t".repeat(256) }, [], "tenantId", /1 to 255 characters/],
  [
    "protectionStatus other",
    { protectionStatus: "locked" },
    [],
    "protectionStatus",
    /must be one of: "nonProtection", "consoleProtection"/,
  ],
  ["adminStateUp as text", { adminStateUp: "true" }, [], "adminStateUp", /must be a boolean/],
  ["a v3-only field", { type: "ip" }, [], "type", /not a property here/],
  ["a computed field as input", { healthmonitorId: "h" }, [], "healthmonitorId", /not a property here/],
  ["a path-changing load balancer ID", { loadbalancerId: "../x" }, [], "loadbalancerId", /must be an ID/],
];
