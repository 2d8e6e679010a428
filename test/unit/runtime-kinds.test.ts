/** The runtime's table of kinds, by the name the serialized stub carries (lifecycle/stub.ts). */
import { provider } from "../../provider/lifecycle/runtime";

test("a kind name the package does not provide is refused, even one every object has", () => {
  expect(() => provider("pools")).toThrow(/unknown resource kind "pools"; this package version provides: pool, memberBatch/);
  expect(() => provider("toString")).toThrow(/unknown resource kind "toString"/);
});

test("each kind a resource class names is provided, once", () => {
  for (const kind of ["pool", "memberBatch", "masterSlavePool", "poolV2"]) {
    expect(provider(kind).diff).toBeInstanceOf(Function);
    expect(provider(kind)).toBe(provider(kind));
  }
});
