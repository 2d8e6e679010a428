/**
 * check rules of Pool: every rule from the issue, each with the property it must name.
 * Expectations are written here from ELB-API.md, not read from the schema.
 */
import { checkInputs } from "../../provider/lifecycle/check";
import { poolSchema } from "../../provider/resources/pool/schema";
import { poolViolations as violations } from "../fixtures/pool-violations";

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
  expect(
    check({
      protocol: "UDP",
      azAffinity: { enable: true, azMinimumHealthyMemberCount: 2, azUnhealthyFallbackStrategy: "forward_to_all_healthy_member" },
    }),
  ).toEqual([]);
  expect(check({ protocol: "TCP", azAffinity: { enable: false } })).toEqual([]);
  expect(
    check({
      protocol: "TCP",
      anyPortEnable: true,
      connectionDrain: { enable: true, timeout: 10 },
      sessionPersistence: { type: "SOURCE_IP", persistenceTimeout: 60 },
    }),
  ).toEqual([]);
  expect(
    check({
      protocol: "QUIC",
      lbAlgorithm: "QUIC_CID",
      sessionPersistence: { type: "SOURCE_IP" },
      quicCidHashStrategy: { len: 20, offset: 19 },
    }),
  ).toEqual([]);
  expect(check({ protocol: "IP", lbAlgorithm: "5_TUPLE_HASH", vpcId: "vpc-1" })).toEqual([]);
  expect(check({ sessionPersistence: null })).toEqual([]);
  expect(check({ type: "ip", vpcId: "" })).toEqual([]); // an empty vpcId is no vpcId
});

test.each(violations)("%s is refused, naming the property", (_name, over, drop, property, reason) => {
  const failures = check(over, drop);
  expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
});

describe("unknowns during preview", () => {
  test("an unknown in any field, of any declared type, is not a failure", () => {
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
    }
    expect(check({ slowStart: { enable: U, duration: U }, sessionPersistence: { type: U, cookieName: U, persistenceTimeout: U } })).toEqual(
      [],
    );
    expect(check({ poolHealth: { minimumHealthyMemberCount: U }, connectionDrain: U })).toEqual([]);
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
