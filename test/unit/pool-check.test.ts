/**
 * check rules of Pool: every rule from the issue, each with the property it must name.
 * Expectations are written here from ELB-API.md, not read from the schema.
 */
import { checkInputs } from "../../provider/lifecycle/check";
import { poolSchema } from "../../provider/resources/pool/schema";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const base = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };
const check = (over: Record<string, unknown>, drop: string[] = []) => {
  const v: Record<string, unknown> = { ...base, ...over };
  for (const k of drop) delete v[k];
  return checkInputs(poolSchema, v);
};

test("a valid pool passes, with and without the optional objects", () => {
  expect(check({})).toEqual([]);
  expect(
    check({
      name: "web",
      description: "d",
      adminStateUp: true,
      ipVersion: "dualstack",
      sessionPersistence: { type: "APP_COOKIE", cookieName: "sid.v-1_x" },
      slowStart: { enable: true, duration: 30 },
      memberDeletionProtectionEnable: true,
      protectionStatus: "consoleProtection",
      protectionReason: "prod",
      poolHealth: { minimumHealthyMemberCount: 1 },
      type: "instance",
      vpcId: "vpc-1",
    }),
  ).toEqual([]);
  expect(check({ protocol: "UDP", azAffinity: { enable: true, azMinimumHealthyMemberCount: 2, azUnhealthyFallbackStrategy: "forward_to_all_healthy_member" } })).toEqual([]);
  expect(check({ protocol: "TCP", azAffinity: { enable: false } })).toEqual([]);
  expect(check({ protocol: "TCP", anyPortEnable: true, connectionDrain: { enable: true, timeout: 10 }, sessionPersistence: { type: "SOURCE_IP", persistenceTimeout: 60 } })).toEqual([]);
  expect(check({ protocol: "QUIC", lbAlgorithm: "QUIC_CID", sessionPersistence: { type: "SOURCE_IP" }, quicCidHashStrategy: { len: 20, offset: 19 } })).toEqual([]);
  expect(check({ protocol: "IP", lbAlgorithm: "5_TUPLE_HASH", vpcId: "vpc-1" })).toEqual([]);
  expect(check({ sessionPersistence: null })).toEqual([]);
});

// [case, inputs override, keys to drop, property named, reason pattern]
const violations: [string, Record<string, unknown>, string[], string, RegExp][] = [
  ["no listener, load balancer or type", {}, ["loadbalancerId"], "listenerId", /one of listenerId, loadbalancerId or type/],
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

test.each(violations)("%s is refused, naming the property", (_name, over, drop, property, reason) => {
  const failures = check(over, drop);
  expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
});

describe("unknowns during preview", () => {
  test("an unknown in any field, of any declared type, is not a failure", () => {
    for (const k of ["protocol", "lbAlgorithm", "loadbalancerId", "name", "adminStateUp", "sessionPersistence", "slowStart", "ipVersion", "type"]) {
      expect([k, check({ [k]: U })]).toEqual([k, []]);
    }
    expect(check({ slowStart: { enable: U, duration: U }, sessionPersistence: { type: U, cookieName: U, persistenceTimeout: U } })).toEqual([]);
    expect(check({ poolHealth: { minimumHealthyMemberCount: U }, connectionDrain: U })).toEqual([]);
  });

  test("a rule that an unknown leaves undecided is skipped; one it cannot change still fails", () => {
    expect(check({ listenerId: U }, ["loadbalancerId"])).toEqual([]);
    expect(check({ type: "instance", vpcId: U })).toEqual([]);
    expect(check({ protocol: U, lbAlgorithm: "QUIC_CID" })).toEqual([]);
  expect(check({ protocol: "QUIC", sessionPersistence: U })).toEqual([]);
    // protocol is known, so the rule holds whatever the unknown name becomes
    expect(check({ protocol: "TCP", name: U, slowStart: { enable: true } })).toContainEqual({ property: "slowStart", reason: expect.stringMatching(/only for HTTP/) });
    // a required field left out is still missing, unknown neighbours or not
    expect(check({ name: U }, ["lbAlgorithm"])).toContainEqual({ property: "lbAlgorithm", reason: "is required" });
  });
});
