/**
 * Inputs that break one Pool rule each, with the property check must name. Written from
 * ELB-API.md and the issue, not from the schema; used by the unit tests (in-process) and the
 * lifecycle tests (through gRPC, asserting no request reaches the emulator). Overrides apply to
 * an otherwise valid HTTP pool on a load balancer.
 */
// [case, inputs override, keys to drop, property named, reason pattern]
export const poolViolations: [string, Record<string, unknown>, string[], string, RegExp][] = [
  ["no listener, load balancer or type", {}, ["loadbalancerId"], "listenerId", /one of listenerId, loadbalancerId or type/],
  ["only an empty type", { type: "" }, ["loadbalancerId"], "listenerId", /one of listenerId, loadbalancerId or type/],
  ["an empty load balancer", { loadbalancerId: "" }, [], "listenerId", /one of listenerId, loadbalancerId or type/],
  ["type instance with an empty vpcId", { type: "instance", vpcId: "" }, [], "vpcId", /vpcId is required when type is instance/],
  ["IP pool with an empty vpcId", { protocol: "IP", vpcId: "" }, [], "vpcId", /required for IP pools/],
  ["type ip with vpcId", { type: "ip", vpcId: "vpc-1" }, [], "vpcId", /vpcId is not allowed when type is ip/],
  ["type instance without vpcId", { type: "instance" }, [], "vpcId", /vpcId is required when type is instance/],
  ["IP pool without vpcId", { protocol: "IP" }, [], "vpcId", /required for IP pools/],
  ["IP pool with type ip", { protocol: "IP", vpcId: "v", type: "ip" }, [], "type", /type ip is not allowed for IP pools/],
  ["cookieName without APP_COOKIE", { sessionPersistence: { type: "HTTP_COOKIE", cookieName: "c" } }, [], "sessionPersistence.cookieName", /only with type APP_COOKIE/],
  ["APP_COOKIE without cookieName", { sessionPersistence: { type: "APP_COOKIE" } }, [], "sessionPersistence.cookieName", /required with type APP_COOKIE/],
  ["cookieName with a bad character", { sessionPersistence: { type: "APP_COOKIE", cookieName: "a b" } }, [], "sessionPersistence.cookieName", /letters, digits/],
  ["persistenceTimeout 61 on TCP", { protocol: "TCP", sessionPersistence: { type: "SOURCE_IP", persistenceTimeout: 61 } }, [], "sessionPersistence.persistenceTimeout", /1 to 60 minutes/],
  ["persistenceTimeout 1441 on HTTP", { sessionPersistence: { type: "HTTP_COOKIE", persistenceTimeout: 1441 } }, [], "sessionPersistence.persistenceTimeout", /between 1 and 1440/],
  ["persistenceTimeout 0", { sessionPersistence: { type: "HTTP_COOKIE", persistenceTimeout: 0 } }, [], "sessionPersistence.persistenceTimeout", /between 1 and 1440/],
  ["QUIC_CID on HTTP", { lbAlgorithm: "QUIC_CID" }, [], "lbAlgorithm", /QUIC_CID is only for QUIC pools/],
  ["QUIC with HTTP_COOKIE stickiness", { protocol: "QUIC", sessionPersistence: { type: "HTTP_COOKIE" } }, [], "sessionPersistence.type", /QUIC pools require sessionPersistence with type SOURCE_IP/],
  ["QUIC without stickiness", { protocol: "QUIC" }, [], "sessionPersistence.type", /QUIC pools require sessionPersistence with type SOURCE_IP/],
  ["QUIC with stickiness off", { protocol: "QUIC", sessionPersistence: null }, [], "sessionPersistence.type", /QUIC pools require sessionPersistence with type SOURCE_IP/],
  ["tuple hash on TCP", { protocol: "TCP", lbAlgorithm: "3_TUPLE_HASH" }, [], "lbAlgorithm", /only for IP pools/],
  ["slowStart on TCP", { protocol: "TCP", slowStart: { enable: true, duration: 30 } }, [], "slowStart", /only for HTTP and HTTPS/],
  ["slowStart duration 29", { slowStart: { enable: true, duration: 29 } }, [], "slowStart.duration", /between 30 and 1200/],
  ["slowStart duration 1201", { slowStart: { enable: true, duration: 1201 } }, [], "slowStart.duration", /between 30 and 1200/],
  ["anyPortEnable on HTTP", { anyPortEnable: true }, [], "anyPortEnable", /only for TCP, UDP and QUIC/],
  ["connectionDrain on HTTPS", { protocol: "HTTPS", connectionDrain: { enable: true, timeout: 10 } }, [], "connectionDrain", /only for TCP, UDP and QUIC/],
  ["connectionDrain timeout 4001", { protocol: "UDP", connectionDrain: { enable: true, timeout: 4001 } }, [], "connectionDrain.timeout", /between 10 and 4000/],
  ["adminStateUp false", { adminStateUp: false }, [], "adminStateUp", /must be true/],
  ["name of 256 characters", { name: "n".repeat(256) }, [], "name", /at most 255 characters/],
  ["description of 256 characters", { description: "d".repeat(256) }, [], "description", /at most 255 characters/],
  ["protectionReason with <", { protectionReason: "<b>" }, [], "protectionReason", /must not contain < or >/],
  ["a typo in a property name", { lbAlgoritm: "ROUND_ROBIN" }, [], "lbAlgoritm", /not a property.*did you mean lbAlgorithm/],
  ["a typo in a nested property name", { slowStart: { enable: true, durration: 30 } }, [], "slowStart.durration", /not a property.*did you mean duration/],
  ["an unknown protocol", { protocol: "SCTP" }, [], "protocol", /must be one of: "TCP"/],
  ["an unknown algorithm", { lbAlgorithm: "RANDOM" }, [], "lbAlgorithm", /must be one of/],
  ["a missing protocol", {}, ["protocol"], "protocol", /is required/],
  ["a number where a string goes", { name: 5 }, [], "name", /must be a string/],
  ["a string where an integer goes", { poolHealth: { minimumHealthyMemberCount: "1" } }, [], "poolHealth.minimumHealthyMemberCount", /must be a whole number|must be one of/],
  ["ipVersion v6", { ipVersion: "v6" }, [], "ipVersion", /must be one of: "v4", "dualstack"/],
  ["quic hash len 21", { protocol: "QUIC", quicCidHashStrategy: { len: 21 } }, [], "quicCidHashStrategy.len", /between 1 and 20/],
  ["azAffinity on an HTTP pool", { azAffinity: { enable: true, azMinimumHealthyMemberPercentage: 50 } }, [], "azAffinity.enable", /only on TCP, UDP and IP pools/],
  ["azAffinity with both thresholds", { protocol: "TCP", azAffinity: { enable: true, azMinimumHealthyMemberPercentage: 50, azMinimumHealthyMemberCount: 2 } }, [], "azAffinity", /exactly one of/],
  ["azAffinity with no threshold", { protocol: "TCP", azAffinity: { enable: true } }, [], "azAffinity", /exactly one of/],
  ["a path-changing ID", { loadbalancerId: "../x" }, [], "loadbalancerId", /must be an ID/],
];

