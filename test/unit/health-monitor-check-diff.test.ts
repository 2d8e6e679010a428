/**
 * HealthMonitor: check rules and the diff as a transition matrix (expected rules written here from
 * the issue, not read from the schema), and the delete-before-replace a pool's single monitor needs.
 */
import { checkInputs } from "../../provider/lifecycle/check";
import { diffProperties } from "../../provider/lifecycle/diff";
import { makeProvider } from "../../provider/lifecycle/engine";
import { inputNames } from "../../provider/lifecycle/schema";
import { healthMonitorKind } from "../../provider/resources/health-monitor/provider";
import { healthMonitorSchema } from "../../provider/resources/health-monitor/schema";
import { masterSlavePoolSchema } from "../../provider/resources/master-slave/schema";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const base = { poolId: "pool-1", type: "HTTP", delay: 5, timeout: 3, maxRetries: 3 };
const check = (over: Record<string, unknown>) => checkInputs(healthMonitorSchema, { ...base, ...over });

test("valid checks pass, including what the API only recommends (timeout ≥ delay) or ignores (HTTP fields on TCP)", () => {
  expect(check({})).toEqual([]);
  expect(check({ timeout: 50, delay: 1 })).toEqual([]);
  expect(check({ type: "TCP", urlPath: "/healthz", domainName: "www.example.com", httpMethod: "HEAD", expectedCodes: "200-204" })).toEqual(
    [],
  );
  expect(check({ monitorPort: null, domainName: null, maxRetriesDown: 10, adminStateUp: false, name: "hc" })).toEqual([]);
});

test.each<[Record<string, unknown>, string]>([
  [{ type: "UDP" }, "type"],
  [{ delay: 0 }, "delay"],
  [{ timeout: 51 }, "timeout"],
  [{ maxRetries: 0 }, "maxRetries"],
  [{ maxRetriesDown: 11 }, "maxRetriesDown"],
  [{ monitorPort: 65536 }, "monitorPort"],
  [{ urlPath: "healthz" }, "urlPath"],
  [{ domainName: "a_b" }, "domainName"],
  [{ domainName: "" }, "domainName"],
  [{ httpMethod: "PUT" }, "httpMethod"],
  [{ name: "x".repeat(256) }, "name"],
  [{ delay: 2.5 }, "delay"],
  [{ pools: [] }, "pools"],
])("%j is refused, naming %s", (over, property) => {
  expect(check(over).map((f) => f.property)).toContain(property);
});

test("required: poolId, type, delay, timeout, maxRetries", () => {
  const failures = checkInputs(healthMonitorSchema, {});
  expect(failures.map((f) => f.property).sort()).toEqual(["delay", "maxRetries", "poolId", "timeout", "type"]);
});

test("unknowns are not failures", () => {
  for (const k of inputNames(healthMonitorSchema)) expect([k, check({ [k]: U })]).toEqual([k, []]);
});

describe("transition matrix: poolId replaces, every other input updates in place, omitted is no opinion", () => {
  const olds = { ...base, maxRetriesDown: 3, monitorPort: null, domainName: "a.b", urlPath: "/", expectedCodes: "200" };
  const changes: [string, unknown][] = [
    ["type", "TCP"],
    ["delay", 6],
    ["timeout", 4],
    ["maxRetries", 4],
    ["maxRetriesDown", 4],
    ["monitorPort", 81],
    ["domainName", null],
    ["urlPath", "/x"],
    ["expectedCodes", "201"],
    ["httpMethod", "HEAD"],
    ["name", "n"],
    ["adminStateUp", false],
  ];
  test.each(changes)("%s → update", (name, value) => {
    expect(diffProperties(healthMonitorSchema, olds, { ...base, [name]: value })).toEqual({ updates: [name], replaces: [] });
  });
  test("poolId → replace; an unknown poolId (its pool being replaced) → replace; an unknown delay → update", () => {
    expect(diffProperties(healthMonitorSchema, olds, { ...base, poolId: "pool-2" })).toEqual({ updates: [], replaces: ["poolId"] });
    expect(diffProperties(healthMonitorSchema, olds, { ...base, poolId: U })).toEqual({ updates: [], replaces: ["poolId"] });
    expect(diffProperties(healthMonitorSchema, olds, { ...base, delay: U })).toEqual({ updates: ["delay"], replaces: [] });
  });
  test("the same values, or inputs left out: no change", () => {
    expect(diffProperties(healthMonitorSchema, olds, base)).toEqual({ updates: [], replaces: [] });
    expect(diffProperties(healthMonitorSchema, olds, { ...base, monitorPort: null, domainName: "a.b" })).toEqual({
      updates: [],
      replaces: [],
    });
  });
});

test("a replacement that keeps the pool deletes the old monitor first (a pool holds one); a new pool does not need it", () => {
  const refine = healthMonitorKind.refineDiff!;
  expect(refine({ poolId: "a" }, { poolId: "a" }, { updates: [], replaces: ["type"] }).deleteBeforeReplace).toBe(true);
  expect(refine({ poolId: "a" }, { poolId: "b" }, { updates: [], replaces: ["poolId"] }).deleteBeforeReplace).toBe(false);
  expect(refine({ poolId: "a" }, { poolId: U }, { updates: [], replaces: ["poolId"] }).deleteBeforeReplace).toBe(false);
  expect(refine({ poolId: "a" }, { poolId: "a" }, { updates: ["delay"], replaces: [] }).deleteBeforeReplace).toBe(false);
});

test("diff through the engine: poolId change answers a replacement naming it, create-before-delete", async () => {
  const p = makeProvider(healthMonitorKind, () => {
    throw new Error("diff makes no API call");
  });
  expect(await p.diff!("hm-1", { ...base }, { ...base, poolId: "pool-2" })).toEqual({
    changes: true,
    replaces: ["poolId"],
    deleteBeforeReplace: false,
  });
});

test("declared once: the master-slave pool's inline health check has the same check fields", () => {
  const inline = masterSlavePoolSchema.properties.healthmonitor.properties;
  for (const name of [
    "type",
    "delay",
    "timeout",
    "maxRetries",
    "maxRetriesDown",
    "monitorPort",
    "urlPath",
    "expectedCodes",
    "httpMethod",
  ] as const)
    expect([name, inline[name]]).toEqual([name, (({ "x-change": _c, ...rest }) => rest)(healthMonitorSchema.properties[name])]);
  // the monitor's own name differs only in being autonamed when omitted (the inline check's name is the pool's business)
  const { "x-autoname": autonamed, "x-change": _c, description: _d, ...name } = healthMonitorSchema.properties.name;
  const { description: _i, ...inlineName } = inline.name;
  expect({ autonamed, name }).toEqual({ autonamed: true, name: inlineName });
});
