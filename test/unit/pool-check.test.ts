/**
 * check rules of Pool: every rule from the issue, each with the property it must name.
 * Expectations are written here from ELB-API.md, not read from the schema.
 */
import { checkInputs } from "../../provider/lifecycle/check";
import { poolSchema } from "../../provider/resources/pool/schema";
import { poolViolations as violations } from "../fixtures/pool-violations";
import { changed } from "../fixtures/violations";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const base = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };
const check = (over: Record<string, unknown>, drop: string[] = []) => checkInputs(poolSchema, changed(base, over, drop));

const full = {
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
};

// Each valid pool is paired with one change from it that check must refuse, naming the property:
// a check that refused nothing would pass the valid half but not the other.
// [case, valid inputs (over the base), one change that breaks a rule, property named, reason pattern]
const validAndNearMiss: [string, Record<string, unknown>, Record<string, unknown>, string, RegExp][] = [
  ["the minimum", {}, { lbAlgorithm: "RANDOM" }, "lbAlgorithm", /must be one of/],
  [
    "every optional object",
    full,
    { sessionPersistence: { type: "HTTP_COOKIE", cookieName: "sid.v-1_x" } },
    "sessionPersistence.cookieName",
    /only with type APP_COOKIE/,
  ],
  [
    "UDP with azAffinity",
    {
      protocol: "UDP",
      azAffinity: { enable: true, azMinimumHealthyMemberCount: 2, azUnhealthyFallbackStrategy: "forward_to_all_healthy_member" },
    },
    { protocol: "HTTP" },
    "azAffinity.enable",
    /only on TCP, UDP and IP pools/,
  ],
  [
    "TCP with azAffinity off",
    { protocol: "TCP", azAffinity: { enable: false } },
    { azAffinity: { enable: true } },
    "azAffinity",
    /exactly one of/,
  ],
  [
    "TCP on any port, draining, stickiness for 60 minutes",
    {
      protocol: "TCP",
      anyPortEnable: true,
      connectionDrain: { enable: true, timeout: 10 },
      sessionPersistence: { type: "SOURCE_IP", persistenceTimeout: 60 },
    },
    { sessionPersistence: { type: "SOURCE_IP", persistenceTimeout: 61 } },
    "sessionPersistence.persistenceTimeout",
    /1 to 60 minutes/,
  ],
  [
    "QUIC with QUIC_CID",
    { protocol: "QUIC", lbAlgorithm: "QUIC_CID", sessionPersistence: { type: "SOURCE_IP" }, quicCidHashStrategy: { len: 20, offset: 19 } },
    { quicCidHashStrategy: { len: 21, offset: 19 } },
    "quicCidHashStrategy.len",
    /between 1 and 20/,
  ],
  [
    "IP with a tuple hash",
    { protocol: "IP", lbAlgorithm: "5_TUPLE_HASH", vpcId: "vpc-1" },
    { vpcId: "" },
    "vpcId",
    /required for IP pools/,
  ],
  [
    "stickiness off",
    { sessionPersistence: null },
    { protocol: "QUIC" },
    "sessionPersistence.type",
    /QUIC pools require sessionPersistence/,
  ],
  // an empty vpcId is no vpcId
  ["type ip with an empty vpcId", { type: "ip", vpcId: "" }, { vpcId: "vpc-1" }, "vpcId", /vpcId is not allowed when type is ip/],
];

test.each(validAndNearMiss)("a valid pool passes (%s); one change from it is refused", (_name, valid, change, property, reason) => {
  expect(check(valid)).toEqual([]);
  expect(check({ ...valid, ...change })).toContainEqual({ property, reason: expect.stringMatching(reason) });
});

test.each(violations)("%s is refused, naming the property", (_name, over, drop, property, reason) => {
  const failures = check(over, drop);
  expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
});

describe("unknowns during preview", () => {
  // Each unknown stands next to a known violation, which must still be the one failure reported:
  // a check that reported nothing would not pass.
  const tooLong = { property: "description", reason: expect.stringMatching(/at most 255 characters/) };
  test("an unknown in any field, of any declared type, is not a failure; a known violation next to it still is", () => {
    for (const k of [
      "protocol",
      "lbAlgorithm",
      "loadbalancerId",
      "name",
      "adminStateUp",
      "sessionPersistence",
      "slowStart",
      "ipVersion",
      "type",
    ]) {
      expect([k, check({ [k]: U })]).toEqual([k, []]);
      expect([k, check({ [k]: U, description: "d".repeat(256) })]).toEqual([k, [tooLong]]);
    }
    const nested = { slowStart: { enable: U, duration: U }, sessionPersistence: { type: U, cookieName: U, persistenceTimeout: U } };
    expect(check(nested)).toEqual([]);
    expect(check({ ...nested, description: "d".repeat(256) })).toEqual([tooLong]);
    expect(check({ poolHealth: { minimumHealthyMemberCount: U }, connectionDrain: U })).toEqual([]);
    // an unknown beside a known value in the same object: the known one is still checked
    expect(check({ slowStart: { enable: U, duration: 29 } })).toEqual([
      { property: "slowStart.duration", reason: expect.stringMatching(/between 30 and 1200/) },
    ]);
  });

  test("a rule that an unknown leaves undecided is skipped; one it cannot change still fails", () => {
    expect(check({ listenerId: U }, ["loadbalancerId"])).toEqual([]);
    expect(check({ type: "instance", vpcId: U })).toEqual([]);
    expect(check({ protocol: U, lbAlgorithm: "QUIC_CID" })).toEqual([]);
    expect(check({ protocol: "QUIC", sessionPersistence: U })).toEqual([]);
    // protocol is known, so the rule holds whatever the unknown name becomes
    expect(check({ protocol: "TCP", name: U, slowStart: { enable: true } })).toContainEqual({
      property: "slowStart",
      reason: expect.stringMatching(/only for HTTP/),
    });
    // a required field left out is still missing, unknown neighbours or not
    expect(check({ name: U }, ["lbAlgorithm"])).toContainEqual({ property: "lbAlgorithm", reason: "is required" });
  });
});
