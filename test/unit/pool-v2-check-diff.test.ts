/**
 * PoolV2: check rules and the diff as a transition matrix (expected rules written here from the
 * issue, not read from the schema).
 */
import { checkInputs } from "../../provider/lifecycle/check";
import { diffProperties } from "../../provider/lifecycle/diff";
import { makeProvider } from "../../provider/lifecycle/engine";
import { inputNames } from "../../provider/lifecycle/schema";
import { poolV2Kind } from "../../provider/resources/pool-v2/provider";
import { poolV2Schema } from "../../provider/resources/pool-v2/schema";
import { poolV2Violations } from "../fixtures/pool-v2-violations";
import { changed } from "../fixtures/violations";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const base = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };
const check = (over: Record<string, unknown>, drop: string[] = []) => checkInputs(poolV2Schema, changed(base, over, drop));

test("valid v2 pools pass", () => {
  expect(check({})).toEqual([]);
  expect(check({ listenerId: "l-1" }, ["loadbalancerId"])).toEqual([]);
  expect(
    check({
      protocol: "UDP",
      lbAlgorithm: "SOURCE_IP",
      name: "n",
      description: "d",
      tenantId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      adminStateUp: false,
      sessionPersistence: { type: "APP_COOKIE", cookieName: "my_cookie-1", persistenceTimeout: 1 },
      protectionStatus: "consoleProtection",
      protectionReason: "prod",
    }),
  ).toEqual([]);
  expect(check({ sessionPersistence: null })).toEqual([]);
  expect(check({ sessionPersistence: { type: "HTTP_COOKIE" } })).toEqual([]);
});

test.each(poolV2Violations)("%s is refused, naming the property", (_c, over, drop, property, reason) => {
  expect(check(over, drop)).toContainEqual({ property, reason: expect.stringMatching(reason) });
});

test("unknowns are not failures", () => {
  for (const k of ["protocol", "lbAlgorithm", "loadbalancerId", "tenantId", "adminStateUp", "sessionPersistence"])
    expect([k, check({ [k]: U })]).toEqual([k, []]);
  expect(check({ sessionPersistence: { type: U, cookieName: U } })).toEqual([]);
  expect(check({ listenerId: U }, ["loadbalancerId"])).toEqual([]);
});

type Rule = "update" | "replace";
const expected: Record<string, [Rule, unknown, unknown]> = {
  lbAlgorithm: ["update", "ROUND_ROBIN", "SOURCE_IP"],
  name: ["update", "a", "b"],
  description: ["update", "a", "b"],
  adminStateUp: ["update", true, false],
  sessionPersistence: ["update", { type: "SOURCE_IP" }, { type: "HTTP_COOKIE" }],
  protectionStatus: ["update", "nonProtection", "consoleProtection"],
  protectionReason: ["update", "a", "b"],
  adoptId: ["replace", "pool-a", "pool-b"],
  protocol: ["replace", "TCP", "UDP"],
  listenerId: ["replace", "l-a", "l-b"],
  loadbalancerId: ["replace", "lb-a", "lb-b"],
  tenantId: ["replace", "p-a", "p-b"],
  region: ["replace", "cn-north-4", "cn-east-3"],
  projectId: ["replace", "a".repeat(32), "b".repeat(32)],
};

test("every input property of PoolV2 has an expected rule here", () => {
  expect(inputNames(poolV2Schema).sort()).toEqual(Object.keys(expected).sort());
});

const cases: [string, unknown, unknown, string][] = [];
for (const [field, [rule, a, b]] of Object.entries(expected)) {
  for (const want of [undefined, a, b, U]) {
    cases.push([field, a, want, want === undefined || want === a ? "none" : rule]);
  }
  if (field === "sessionPersistence") cases.push([field, a, null, "update"]);
}

test.each(cases)("%s: %j → %j is %s", (field, old, want, exp) => {
  const { updates, replaces } = diffProperties(poolV2Schema, { [field]: old }, want === undefined ? {} : { [field]: want });
  expect(replaces.includes(field) ? "replace" : updates.includes(field) ? "update" : "none").toBe(exp);
});

test("delete-before-replace only when a listener is involved", async () => {
  const p = makeProvider(poolV2Kind, () => {
    throw new Error("diff needs no API");
  });
  const olds = { ...base, listeners: [{ id: "l-1" }], listenerId: "l-1" };
  expect(await p.diff!("id", olds, { ...olds, protocol: "TCP" })).toEqual({
    changes: true,
    replaces: ["protocol"],
    deleteBeforeReplace: true,
  });
  expect(await p.diff!("id", { ...base, listeners: [] }, { ...base, protocol: "TCP" })).toEqual({
    changes: true,
    replaces: ["protocol"],
    deleteBeforeReplace: false,
  });
  expect(await p.diff!("id", olds, { ...olds, name: "x" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
});
