/**
 * Inputs that break one MasterSlavePool rule each, with the property check must name. Written
 * from seeds 000/003, ELB-API.md and the issue, not from the schema; used by the unit tests and
 * the lifecycle tests (through gRPC). Overrides apply to a valid TCP pool on a listener
 * (`validMasterSlave`).
 */
const members = [
  { address: "192.168.0.10", protocolPort: 80, role: "master" },
  { address: "192.168.0.11", protocolPort: 80, role: "slave" },
];
const healthmonitor = { type: "TCP", delay: 5, timeout: 3, maxRetries: 3 };

export function validMasterSlave(listenerId: string): Record<string, unknown> {
  return {
    name: "ms",
    protocol: "TCP",
    lbAlgorithm: "ROUND_ROBIN",
    type: "ip",
    listenerId,
    members: structuredClone(members),
    healthmonitor: { ...healthmonitor },
  };
}

const member = (i: number, over: Record<string, unknown>) => members.map((m, j) => (j === i ? { ...m, ...over } : m));
const hm = (over: Record<string, unknown>) => ({ ...healthmonitor, ...over });

// [case, inputs override, keys to drop, property named, reason pattern]
export const masterSlaveViolations: [string, Record<string, unknown>, string[], string, RegExp][] = [
  ["one member", { members: [members[0]] }, [], "members", /at least 2 items \(exactly 2\)/],
  [
    "three members",
    { members: [...members, { address: "192.168.0.12", protocolPort: 80, role: "slave" }] },
    [],
    "members",
    /at most 2 items \(exactly 2\)/,
  ],
  ["two masters", { members: member(1, { role: "master" }) }, [], "members", /one with role master and one with role slave/],
  ["two slaves", { members: member(0, { role: "slave" }) }, [], "members", /one with role master and one with role slave/],
  ["a member without a role", { members: member(0, { role: undefined }) }, [], "members[0].role", /is required/],
  ["a member without an address", { members: member(1, { address: undefined }) }, [], "members[1].address", /is required/],
  [
    "a member without protocolPort",
    { members: member(0, { protocolPort: undefined }) },
    [],
    "members[0].protocolPort",
    /required .* unless anyPortEnable/,
  ],
  ["protocolPort 0", { members: member(0, { protocolPort: 0 }) }, [], "members[0].protocolPort", /between 1 and 65535/],
  ["a computed member field as input", { members: member(0, { id: "m1" }) }, [], "members[0].id", /not a property/],
  ["no members", {}, ["members"], "members", /is required/],
  ["protocol HTTP", { protocol: "HTTP" }, [], "protocol", /must be one of: "TCP", "UDP", "QUIC", "TLS"/],
  ["no type", {}, ["type"], "type", /is required/],
  ["type other", { type: "vm" }, [], "type", /must be one of/],
  ["no health check", {}, ["healthmonitor"], "healthmonitor", /is required/],
  ["health check delay 0", { healthmonitor: hm({ delay: 0 }) }, [], "healthmonitor.delay", /between 1 and 50/],
  ["health check delay 51", { healthmonitor: hm({ delay: 51 }) }, [], "healthmonitor.delay", /between 1 and 50/],
  ["health check maxRetries 11", { healthmonitor: hm({ maxRetries: 11 }) }, [], "healthmonitor.maxRetries", /between 1 and 10/],
  ["health check maxRetriesDown 0", { healthmonitor: hm({ maxRetriesDown: 0 }) }, [], "healthmonitor.maxRetriesDown", /between 1 and 10/],
  ["health check monitorPort 65536", { healthmonitor: hm({ monitorPort: 65536 }) }, [], "healthmonitor.monitorPort", /between 1 and 65535/],
  [
    "health check type PING",
    { healthmonitor: hm({ type: "PING" }) },
    [],
    "healthmonitor.type",
    /must be one of: "TCP", "UDP_CONNECT", "HTTP", "HTTPS"/,
  ],
  ["health check without type", { healthmonitor: hm({ type: undefined }) }, [], "healthmonitor.type", /is required/],
  ["health check without delay", { healthmonitor: hm({ delay: undefined }) }, [], "healthmonitor.delay", /is required/],
  ["health check without maxRetries", { healthmonitor: hm({ maxRetries: undefined }) }, [], "healthmonitor.maxRetries", /is required/],
  ["health check without timeout", { healthmonitor: hm({ timeout: undefined }) }, [], "healthmonitor.timeout", /is required/],
  [
    "domainName starting with -",
    { healthmonitor: hm({ type: "HTTP", domainName: "-www.example.com" }) },
    [],
    "healthmonitor.domainName",
    /letters, digits, - and \./,
  ],
  [
    "domainName with _",
    { healthmonitor: hm({ type: "HTTP", domainName: "www_example.com" }) },
    [],
    "healthmonitor.domainName",
    /letters, digits, - and \./,
  ],
  ["urlPath without /", { healthmonitor: hm({ type: "HTTP", urlPath: "health" }) }, [], "healthmonitor.urlPath", /must start with \//],
  ["urlPath with a space", { healthmonitor: hm({ type: "HTTP", urlPath: "/a b" }) }, [], "healthmonitor.urlPath", /must start with \//],
  [
    "cookieName with SOURCE_IP",
    { sessionPersistence: { type: "SOURCE_IP", cookieName: "c" } },
    [],
    "sessionPersistence.cookieName",
    /only with type APP_COOKIE/,
  ],
  [
    "cookieName with HTTP_COOKIE",
    { sessionPersistence: { type: "HTTP_COOKIE", cookieName: "c" } },
    [],
    "sessionPersistence.cookieName",
    /only with type APP_COOKIE/,
  ],
  ["anyPortEnable on TLS", { protocol: "TLS", anyPortEnable: true }, [], "anyPortEnable", /only for TCP, UDP and QUIC/],
  [
    "connectionDrain on TLS",
    { protocol: "TLS", connectionDrain: { enable: true, timeout: 60 } },
    [],
    "connectionDrain",
    /only for TCP, UDP and QUIC/,
  ],
  ["connectionDrain timeout 9", { connectionDrain: { enable: true, timeout: 9 } }, [], "connectionDrain.timeout", /between 10 and 4000/],
  ["no listener, load balancer or type", { type: "" }, ["listenerId"], "listenerId", /one of listenerId, loadbalancerId or type/],
  ["QUIC_CID on TCP", { lbAlgorithm: "QUIC_CID" }, [], "lbAlgorithm", /QUIC_CID is only for QUIC/],
  [
    "persistenceTimeout 61 on TCP",
    { sessionPersistence: { type: "SOURCE_IP", persistenceTimeout: 61 } },
    [],
    "sessionPersistence.persistenceTimeout",
    /1 to 60 minutes/,
  ],
  [
    "a typo in a health check field",
    { healthmonitor: hm({ maxRetrys: 3 }) },
    [],
    "healthmonitor.maxRetrys",
    /not a property.*did you mean maxRetries/,
  ],
  ["a computed health check field as input", { healthmonitor: hm({ id: "h1" }) }, [], "healthmonitor.id", /not a property/],
  ["a path-changing listener ID", { listenerId: "../x" }, [], "listenerId", /must be an ID/],
];
