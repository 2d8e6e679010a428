/**
 * The engine's plan for a kind without update: the API cannot change anything in place, so every
 * change is a replacement, whatever the schema's change rules say. The engine derives it (no
 * method that throws stands in for it).
 */
import { makeProvider, type Context, type ResourceKind, type Values } from "../../provider/lifecycle/engine";
import type { ResourceSchema } from "../../provider/lifecycle/schema";

const schema = {
  type: "object",
  title: "Thing",
  properties: {
    x: { type: "string", "x-change": "update" },
    y: { type: "string", "x-change": "replace" },
  },
  required: [],
} as const satisfies ResourceSchema;

const noContext = (): Context => {
  throw new Error("diff must not call the API");
};

function kindWith(update: ResourceKind["update"], refined: Values[] = []): ResourceKind {
  return {
    schema,
    create: async () => ({ id: "t1", outs: {} }),
    read: async () => undefined,
    ...(update ? { update } : {}),
    delete: async () => undefined,
    refineDiff(_olds, _news, outcome) {
      refined.push({ ...outcome });
      return { deleteBeforeReplace: true };
    },
  };
}

const olds = { x: "a", y: "b" };

test("without update: a change to an x-change update property is planned as a replacement", async () => {
  const p = makeProvider(kindWith(undefined), noContext);
  await expect(p.diff!("t1", olds, { x: "changed", y: "b" })).resolves.toEqual({
    changes: true,
    replaces: ["x"],
    deleteBeforeReplace: true,
  });
  await expect(p.diff!("t1", olds, { x: "a", y: "b" })).resolves.toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("without update: the refinement already sees the change as a replacement", async () => {
  const seen: Values[] = [];
  await makeProvider(kindWith(undefined, seen), noContext).diff!("t1", olds, { x: "changed", y: "other" });
  expect(seen).toEqual([{ updates: [], replaces: ["y", "x"] }]);
});

test("with update: the same change is an update in place (the schema's rule holds)", async () => {
  const p = makeProvider(
    kindWith(async () => ({})),
    noContext,
  );
  await expect(p.diff!("t1", olds, { x: "changed", y: "b" })).resolves.toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
});

test("without update: update with nothing to change in place records the state and calls no API", async () => {
  const p = makeProvider(kindWith(undefined), noContext);
  await expect(p.update!("t1", { ...olds, __inputKeys: ["x", "y"] }, { x: "a", y: "b" })).resolves.toEqual({
    outs: { x: "a", y: "b", __inputKeys: ["x", "y"] },
  });
});
