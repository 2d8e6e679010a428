/**
 * What a reviewer reads: the engine's `preview --diff` text for a dynamic resource (old checked inputs
 * against new checked inputs), as the stack runner renders it, for the shape the provider's check returns.
 */
import { markedLines, renderUpdate } from "../../harness/stack-runner";
import { makeProvider } from "../../provider/lifecycle/engine";
import { memberBatchKind } from "../../provider/resources/member-batch/provider";

const provider = makeProvider(memberBatchKind, () => {
  throw new Error("check must not call the API");
});

const member = (i: number) => ({ address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, protocolPort: 80, subnetCidrId: "subnet-1" });
const members = Array.from({ length: 1000 }, (_, i) => member(i));

async function checked(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await provider.check!({}, inputs);
  expect(res.failures).toEqual([]);
  return res.inputs as Record<string, unknown>;
}

test("one member inserted into 1,000 renders as exactly one + line and nothing else changed", async () => {
  const before = await checked({ poolId: "pool-1", members });
  const added = { address: "10.9.9.9", protocolPort: 8080, subnetCidrId: "subnet-1" };
  const after = await checked({ poolId: "pool-1", members: [...members.slice(0, 5), added, ...members.slice(5)] });
  const text = renderUpdate("huaweicloud:elb:MemberBatch", "web", before, after);
  expect(markedLines(text, "+")).toEqual(['        + 10.9.9.9:8080: {"address":"10.9.9.9","protocolPort":8080,"subnetCidrId":"subnet-1"}']);
  expect(markedLines(text, "-")).toEqual([]);
  expect(markedLines(text, "~")).toEqual(["    ~ members: {"]);
  // as arrays (what check returned before), the engine compares index by index: every later index changes
  const raw = renderUpdate("t", "web", { members }, { members: [...members.slice(0, 5), added, ...members.slice(5)] });
  expect(markedLines(raw, "~").length).toBeGreaterThan(900);
});

test("a weight changed to 0 on one member of 1,000 renders one changed path; reordering renders nothing", async () => {
  const before = await checked({ poolId: "pool-1", members });
  const drained = members.map((m, i) => (i === 500 ? { ...m, weight: 0 } : m));
  const text = renderUpdate("t", "web", before, await checked({ poolId: "pool-1", members: drained }));
  expect(markedLines(text, "+")).toEqual(["            + weight: 0"]);
  const reordered = await checked({ poolId: "pool-1", members: [...members].reverse() });
  expect(markedLines(renderUpdate("t", "web", before, reordered), "~")).toEqual([]);
});

test("engine keys are hidden and unchanged properties are context", () => {
  const text = renderUpdate("t", "web", { a: 1, b: "x", __provider: "p1" }, { a: 2, b: "x", __provider: "p2" });
  expect(text.split("\n").slice(1)).toEqual(["    ~ a: 1 => 2", '      b: "x"']);
});

test("a stack recorded before the map shape (arrays in state) migrates without a change: diff compares against the outputs", async () => {
  const outputs = { poolId: "pool-1", members: members.slice(0, 3).map((m, i) => ({ ...m, id: `m${i}`, weight: 1, name: "" })) };
  const news = await checked({ poolId: "pool-1", members: members.slice(0, 3).reverse() });
  // (with its place recorded: state without one gets a one-time update that records it, legacy-placement.test.ts)
  const placed = { region: "cn-north-4", projectId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" };
  await expect(provider.diff!("b", { ...outputs, ...placed, __inputKeys: ["members[]", "poolId"] }, news)).resolves.toMatchObject({
    changes: false,
  });
  const one = await checked({ poolId: "pool-1", members: members.slice(0, 4) });
  await expect(provider.diff!("b", outputs, one)).resolves.toMatchObject({ changes: true, replaces: [] });
});
