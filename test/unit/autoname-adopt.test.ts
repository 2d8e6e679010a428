// An adoption takes an existing resource as it is: a name the program leaves out must not become an
// autoname, or adopting would rename the resource someone else named.
import { withAutoname } from "../../provider/lifecycle/autoname";
import { poolSchema } from "../../provider/resources/pool/schema";
import type { ResourceSchema } from "../../provider/lifecycle/schema";

const schema = poolSchema as ResourceSchema;
const news = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1", __resourceName: "web" };

test("a new pool without a name gets its autoname", () => {
  expect(withAutoname(schema, {}, news).name).toMatch(/^web-[0-9a-f]{7}$/);
});

test("an adopted pool without a name keeps the name it has (no autoname, so no rename)", () => {
  const out = withAutoname(schema, {}, { ...news, adoptId: "pool-1" });
  expect(out.name).toBeUndefined();
  expect(Object.keys(out)).not.toContain("__autonamed");
});

test("an adopted pool with a name is renamed to it as declared", () => {
  expect(withAutoname(schema, {}, { ...news, adoptId: "pool-1", name: "given" }).name).toBe("given");
});

test("a HealthMonitor without a name gets an autoname too (the pools' rule, one schema line)", async () => {
  const { healthMonitorSchema } = await import("../../provider/resources/health-monitor/schema");
  const checks = { poolId: "pool-1", type: "TCP", delay: 5, timeout: 3, maxRetries: 3, __resourceName: "web-check" };
  expect(withAutoname(healthMonitorSchema as ResourceSchema, {}, checks).name).toMatch(/^web-check-[0-9a-f]{7}$/);
});
