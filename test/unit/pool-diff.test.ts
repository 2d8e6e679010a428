/**
 * The diff as a generated transition matrix: field × old value × new value → none / update /
 * replace. The expected rule of each field is written here from the issue (not read from the
 * schema), so changing a field's rule in the schema fails this test.
 */
import { diffProperties } from "../../provider/lifecycle/diff";
import { makeProvider } from "../../provider/lifecycle/engine";
import { inputNames } from "../../provider/lifecycle/schema";
import { poolKind } from "../../provider/resources/pool/provider";
import { poolSchema } from "../../provider/resources/pool/schema";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
type Rule = "update" | "replace" | "whileEmpty";

const expected: Record<string, [Rule, unknown, unknown]> = {
  lbAlgorithm: ["update", "ROUND_ROBIN", "LEAST_CONNECTIONS"],
  name: ["update", "a", "b"],
  description: ["update", "a", "b"],
  sessionPersistence: ["update", { type: "SOURCE_IP" }, { type: "HTTP_COOKIE" }],
  slowStart: ["update", { enable: true, duration: 30 }, { enable: true, duration: 60 }],
  memberDeletionProtectionEnable: ["update", false, true],
  protectionStatus: ["update", "nonProtection", "consoleProtection"],
  protectionReason: ["update", "a", "b"],
  connectionDrain: ["update", { enable: true, timeout: 10 }, { enable: false, timeout: 10 }],
  poolHealth: ["update", { minimumHealthyMemberCount: 0 }, { minimumHealthyMemberCount: 1 }],
  quicCidHashStrategy: ["update", { len: 1, offset: 0 }, { len: 2, offset: 0 }],
  azAffinity: ["update", { enable: false }, { enable: true }],
  adminStateUp: ["update", true, false],
  adoptId: ["replace", "pool-a", "pool-b"],
  protocol: ["replace", "TCP", "UDP"],
  loadbalancerId: ["replace", "lb-a", "lb-b"],
  listenerId: ["replace", "l-a", "l-b"],
  ipVersion: ["replace", "v4", "dualstack"],
  anyPortEnable: ["replace", false, true],
  publicBorderGroup: ["replace", "center", "edge"],
  enterpriseProjectId: ["replace", "0", "ep-1"],
  vpcId: ["whileEmpty", "vpc-a", "vpc-b"],
  type: ["whileEmpty", "instance", "ip"],
  region: ["replace", "cn-north-4", "cn-east-3"],
  projectId: ["replace", "a".repeat(32), "b".repeat(32)],
};

test("every input property of Pool has an expected rule here", () => {
  expect(inputNames(poolSchema).sort()).toEqual(Object.keys(expected).sort());
});

function outcome(field: string, old: unknown, want: unknown): "none" | "update" | "replace" {
  // an instance pool needs a VPC: give the pool one, so the matrix sees the change rule alone
  const context = field === "type" && want === "instance" ? { vpcId: "vpc-a" } : {};
  const { updates, replaces } = diffProperties(
    poolSchema,
    old === undefined ? context : { ...context, [field]: old },
    want === undefined ? context : { ...context, [field]: want },
  );
  if (replaces.includes(field)) return "replace";
  if (updates.includes(field)) return "update";
  return "none";
}

const cases: [string, string, unknown, unknown, string][] = [];
for (const [field, [rule, a, b]] of Object.entries(expected)) {
  const empty = typeof a === "string" ? "" : undefined;
  const olds: unknown[] = [a, empty];
  const news: unknown[] = [undefined, a, b, U];
  if (empty === "") news.push("");
  for (const old of olds) {
    for (const want of news) {
      let exp: string;
      if (want === undefined)
        exp = "none"; // omitted: no opinion
      else if (want !== U && JSON.stringify(want) === JSON.stringify(old)) exp = "none";
      else if (rule === "whileEmpty") exp = old === "" || old === undefined ? "update" : "replace";
      else exp = rule;
      cases.push([field, JSON.stringify(old) ?? "(absent)", old, want, exp]);
    }
  }
}

test.each(cases)("%s: %s → %j is %s", (field, _label, old, want, exp) => {
  expect(outcome(field, old, want)).toBe(exp);
});

describe("values the API fills in", () => {
  test("a nested object is compared on the keys the program sets", () => {
    const old = { type: "SOURCE_IP", cookieName: null, persistenceTimeout: 1 };
    expect(outcome("sessionPersistence", old, { type: "SOURCE_IP" })).toBe("none");
    expect(outcome("sessionPersistence", old, { type: "SOURCE_IP", persistenceTimeout: 2 })).toBe("update");
    expect(outcome("sessionPersistence", { type: "SOURCE_IP", persistenceTimeout: 1 }, { type: "SOURCE_IP", persistenceTimeout: U })).toBe(
      "update",
    );
  });
  test("null turns stickiness off, and null against null is no change", () => {
    expect(outcome("sessionPersistence", { type: "SOURCE_IP" }, null)).toBe("update");
    expect(outcome("sessionPersistence", null, null)).toBe("none");
    expect(outcome("sessionPersistence", null, { type: "SOURCE_IP" })).toBe("update");
  });
  test("type and vpcId omitted leave the API's empty value alone; explicit back to empty replaces", () => {
    expect(outcome("type", "", undefined)).toBe("none");
    expect(outcome("type", "ip", "")).toBe("replace");
    expect(outcome("vpcId", "", "vpc-1")).toBe("update");
    expect(outcome("vpcId", "vpc-1", "vpc-2")).toBe("replace");
  });
});

describe("the provider's diff", () => {
  const provider = makeProvider(poolKind, () => {
    throw new Error("diff must not call the API");
  });
  const olds = {
    protocol: "TCP",
    lbAlgorithm: "ROUND_ROBIN",
    name: "a",
    listeners: [],
    listenerId: "",
    loadbalancerId: "lb-1",
    __provider: "x",
  };

  test("no change", async () => {
    await expect(
      provider.diff!("p", olds, { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1", __provider: "y" }),
    ).resolves.toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
  test("adoptId compares with the pool's own ID: the same ID or left out is no change, another ID replaces", async () => {
    const news = { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };
    const none = { changes: false, replaces: [], deleteBeforeReplace: false };
    // created by Pulumi, adoptId added later naming the same pool; or adopted, then adoptId removed
    await expect(provider.diff!("p", olds, { ...news, adoptId: "p" })).resolves.toEqual(none);
    await expect(provider.diff!("p", { ...olds, adoptId: "p" }, news)).resolves.toEqual(none);
    await expect(provider.diff!("p", { ...olds, adoptId: "p" }, { ...news, adoptId: "q" })).resolves.toEqual({
      changes: true,
      replaces: ["adoptId"],
      deleteBeforeReplace: false,
    });
  });
  test("update in place", async () => {
    await expect(provider.diff!("p", olds, { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", name: "b" })).resolves.toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  test('type "" → ip replaces when the pool holds a vpcId the program leaves alone (the API would refuse the update)', async () => {
    const withVpc = { ...olds, type: "", vpcId: "vpc-1" };
    await expect(provider.diff!("p", withVpc, { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", type: "ip" })).resolves.toEqual({
      changes: true,
      replaces: ["type"],
      deleteBeforeReplace: false,
    });
    await expect(provider.diff!("p", { ...olds, type: "" }, { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", type: "ip" })).resolves.toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  test("replace without a listener creates the new pool first", async () => {
    await expect(provider.diff!("p", olds, { protocol: "UDP", lbAlgorithm: "ROUND_ROBIN" })).resolves.toEqual({
      changes: true,
      replaces: ["protocol"],
      deleteBeforeReplace: false,
    });
  });
  test("replace with a listener bound deletes the old pool first", async () => {
    const bound = { ...olds, listenerId: "l-1", listeners: [{ id: "l-1" }] };
    await expect(provider.diff!("p", bound, { protocol: "UDP", lbAlgorithm: "ROUND_ROBIN", listenerId: "l-1" })).resolves.toEqual({
      changes: true,
      replaces: ["protocol"],
      deleteBeforeReplace: true,
    });
    await expect(provider.diff!("p", olds, { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", listenerId: U })).resolves.toEqual({
      changes: true,
      replaces: ["listenerId"],
      deleteBeforeReplace: true,
    });
  });
});

describe("type and vpcId are decided from both sides (x-held rules)", () => {
  const base = { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };
  test("an ip pool the program gives a vpcId (dropping type) is replaced: the API refuses that update", () => {
    const olds = { ...base, type: "ip", vpcId: "", __inputKeys: ["lbAlgorithm", "loadbalancerId", "protocol", "type"] };
    expect(diffProperties(poolSchema, olds, { ...base, vpcId: "vpc-a" })).toEqual({ updates: [], replaces: ["vpcId"] });
  });
  test("a typeless pool with no VPC takes a vpcId in place", () => {
    const olds = { ...base, type: "", vpcId: "" };
    expect(diffProperties(poolSchema, olds, { ...base, vpcId: "vpc-a" })).toEqual({ updates: ["vpcId"], replaces: [] });
  });
  test("type ip on a pool holding a vpcId is replaced; on a pool without one it is an update", () => {
    expect(diffProperties(poolSchema, { ...base, type: "", vpcId: "vpc-1" }, { ...base, type: "ip" }).replaces).toEqual(["type"]);
    expect(diffProperties(poolSchema, { ...base, type: "", vpcId: "" }, { ...base, type: "ip" }).updates).toEqual(["type"]);
  });
});

describe("removing a property the program set (x-removal, read from __inputKeys)", () => {
  const base = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };
  const keys = (...k: string[]) => ({ __inputKeys: ["lbAlgorithm", "loadbalancerId", "protocol", ...k] });
  test("removed sessionPersistence, description, name and a flag reset; the API-computed type is kept", () => {
    const olds = {
      ...base,
      name: "n",
      description: "d",
      memberDeletionProtectionEnable: true,
      sessionPersistence: { type: "SOURCE_IP", persistenceTimeout: 5 },
      type: "instance",
      vpcId: "vpc-1",
      ...keys("name", "description", "memberDeletionProtectionEnable", "sessionPersistence.type", "type", "vpcId"),
    };
    const { updates, replaces } = diffProperties(poolSchema, olds, base);
    expect(updates.sort()).toEqual(["description", "memberDeletionProtectionEnable", "name", "sessionPersistence"]);
    expect(replaces).toEqual([]);
  });
  test("a property never set is no opinion, and a removal already at the reset value is no change", () => {
    expect(diffProperties(poolSchema, { ...base, description: "d", ...keys() }, base).updates).toEqual([]);
    expect(diffProperties(poolSchema, { ...base, description: "", ...keys("description") }, base).updates).toEqual([]);
  });
  test("nested fields: slowStart.duration resets to 30; persistenceTimeout goes back to the API default", () => {
    const olds = { ...base, slowStart: { enable: true, duration: 60 }, ...keys("slowStart.enable", "slowStart.duration") };
    expect(diffProperties(poolSchema, olds, { ...base, slowStart: { enable: true } }).updates).toEqual(["slowStart"]);
    const sp = { ...base, sessionPersistence: { type: "SOURCE_IP", persistenceTimeout: 5 } };
    const spOlds = { ...sp, ...keys("sessionPersistence.type", "sessionPersistence.persistenceTimeout") };
    expect(diffProperties(poolSchema, spOlds, { ...base, sessionPersistence: { type: "SOURCE_IP" } }).updates).toEqual([
      "sessionPersistence",
    ]);
  });
  test("a replace-only property removed is a replacement", () => {
    const olds = { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1", anyPortEnable: true, ...keys("anyPortEnable") };
    expect(diffProperties(poolSchema, olds, { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" }).replaces).toEqual([
      "anyPortEnable",
    ]);
  });
});
