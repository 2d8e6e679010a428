// The stack runner's planning step on its own: no provider server, no files.
import type { DiffResult, Registration, StateResource } from "../../harness";
import {
  deletionsAfterProgram,
  destroyOrder,
  nextResources,
  pendingDeletions,
  planResource,
  refreshOutcome,
  type RunOutcome,
} from "../../harness/stack-runner/plan";

const T = "pulumi-nodejs:dynamic/harness:Thing";
const urn = (name: string) => `urn:pulumi:stack::project::${T}::${name}`;

function reg(name: string, more: Partial<Registration> = {}): Registration {
  return {
    ...{ type: T, name, urn: urn(name), inputs: {}, secretKeys: [], custom: true, kind: "register", id: "", parent: "" },
    ...{ dependencies: [], propertyDependencies: {}, ignoreChanges: [], replaceOnChanges: [], protect: false, retainOnDelete: false },
    ...more,
  };
}
function entry(name: string, more: Partial<StateResource> = {}): StateResource {
  return { urn: urn(name), type: T, name, id: `${name}-1`, inputs: {}, outputs: {}, ...more };
}
const diff = (changes: DiffResult["changes"], replaces: string[] = [], deleteBeforeReplace = false): DiffResult => ({
  changes,
  replaces,
  deleteBeforeReplace,
});
const outcome = (o: Partial<RunOutcome> = {}): RunOutcome => ({ registered: new Map(), replacedOlds: new Set(), deleted: new Set(), ...o });

describe("planResource", () => {
  test("no previous entry: create", () => {
    expect(planResource(reg("a"), undefined, { size: 1 })).toMatchObject({ op: "create", step: { op: "create", name: "a", fields: [] } });
  });

  test("Diff says none: same; with init errors from a partial failure: an update marked as such", () => {
    const prev = entry("a", { inputs: { size: 1 } });
    expect(planResource(reg("a"), prev, { size: 1 }, diff("none")).op).toBe("same");
    const partial = planResource(reg("a"), { ...prev, initErrors: ["not ready"] }, { size: 1 }, diff("none"));
    expect(partial).toMatchObject({ op: "update", step: { detail: "init errors" } });
  });

  test("Diff answers unknown: the engine compares old and new inputs (ignoring __provider)", () => {
    const prev = entry("a", { inputs: { size: 1, __provider: "old" } });
    expect(planResource(reg("a"), prev, { size: 1, __provider: "new" }, diff("unknown")).op).toBe("update");
    expect(planResource(reg("a"), prev, { size: 1, __provider: "old" }, diff("unknown")).op).toBe("same");
    expect(planResource(reg("a"), prev, { size: 2, __provider: "old" }, diff("unknown")).step.fields).toEqual(["size"]);
  });

  test("replaceOnChanges turns an unknown-diff change into a replacement, and only then", () => {
    const prev = entry("a", { inputs: { size: 1, zone: "z" } });
    const r = reg("a", { replaceOnChanges: ["size"] });
    expect(planResource(r, prev, { size: 2, zone: "z" }, diff("unknown"))).toMatchObject({ op: "replace", step: { fields: ["size"] } });
    expect(planResource(r, prev, { size: 2, zone: "z" }, diff("some")).op).toBe("update");
  });

  test("a replacement: the resource option decides the order when set, else the provider's answer", () => {
    const prev = entry("a", { inputs: { zone: "z1" } });
    const plan = (r: Registration, dbr: boolean) => planResource(r, prev, { zone: "z2" }, diff("some", ["zone"], dbr));
    expect(plan(reg("a"), true)).toMatchObject({ deleteBeforeReplace: true, step: { detail: "delete-before-replace" } });
    expect(plan(reg("a"), false)).toMatchObject({ deleteBeforeReplace: false, step: { detail: "create-before-delete" } });
    expect(plan(reg("a", { deleteBeforeReplace: false }), true)).toMatchObject({ deleteBeforeReplace: false });
  });

  test("an update lists the changed inputs; with unchanged inputs, the inputs that differ from the outputs", () => {
    const prev = entry("a", { inputs: { size: 1, zone: "z" }, outputs: { size: 1, zone: "drifted", region: "r" } });
    expect(planResource(reg("a"), prev, { size: 2, zone: "z" }, diff("some")).step.fields).toEqual(["size"]);
    expect(planResource(reg("a"), prev, { size: 1, zone: "z" }, diff("some")).step.fields).toEqual(["zone"]);
  });
});

describe("deletions and the next state", () => {
  const a = entry("a");
  const b = entry("b", { dependencies: [urn("a")] });
  const oldA = entry("a", { id: "a-0", pendingDelete: true });

  test("pending deletes go first, last recorded first", () => {
    const old2 = entry("b", { id: "b-0", pendingDelete: true });
    expect(pendingDeletions({ resources: [a, oldA, old2] }).map((d) => [d.resource.id, d.why, d.step?.detail])).toEqual([
      ["b-0", "pending", "pending delete"],
      ["a-0", "pending", "pending delete"],
    ]);
  });

  test("after the program: unregistered resources and replaced olds, dependents first; a replaced old has no step of its own", () => {
    const registered = new Map<string, StateResource | null>([[urn("a"), entry("a", { id: "a-2" })]]);
    const dels = deletionsAfterProgram({ resources: [a, b] }, outcome({ registered, replacedOlds: new Set([a]) }));
    expect(dels.map((d) => [d.resource.name, d.why, d.step?.op])).toEqual([
      ["b", "removed", "delete"],
      ["a", "replaced", undefined],
    ]);
  });

  test("the next state: new entries in dependency order, replaced olds kept as pending deletes until deleted", () => {
    const newA = entry("a", { id: "a-2" });
    const newB = entry("b", { dependencies: [urn("a")] });
    const registered = new Map<string, StateResource | null>([
      [urn("b"), newB],
      [urn("a"), newA],
    ]);
    const next = nextResources({ resources: [a, b] }, outcome({ registered, replacedOlds: new Set([a]) }));
    expect(next.filter((r) => !r.pendingDelete).map((r) => r.id)).toEqual(["a-2", "b-1"]);
    expect(next.filter((r) => r.pendingDelete).map((r) => r.id)).toContain("a-1");
    const after = nextResources({ resources: [a, b] }, outcome({ registered, replacedOlds: new Set([a]), deleted: new Set([a]) }));
    expect(after.some((r) => r.pendingDelete)).toBe(false);
  });

  test("a failed step (registered without an entry) keeps the old entry", () => {
    const registered = new Map<string, StateResource | null>([[urn("a"), null]]);
    expect(nextResources({ resources: [a] }, outcome({ registered }))).toEqual([a]);
  });

  test("destroy: pending deletes first, then dependents before what they depend on", () => {
    expect(destroyOrder({ resources: [a, b] }).map((r) => r.name)).toEqual(["b", "a"]);
    expect(destroyOrder({ resources: [a, b, oldA] })[0]).toBe(oldA);
  });

  // Found in the refactor: topoOrder also returned pending deletes, so nextResources listed a replaced old
  // twice in the state file and destroyOrder deleted it twice (the second Delete of a gone id).
  test("a pending delete is listed once in the next state and deleted once by destroy", () => {
    const registered = new Map<string, StateResource | null>([[urn("a"), entry("a", { id: "a-2" })]]);
    const next = nextResources({ resources: [a] }, outcome({ registered, replacedOlds: new Set([a]) }));
    expect(next.map((r) => `${r.id}${r.pendingDelete ? " (pending delete)" : ""}`)).toEqual(["a-2", "a-1 (pending delete)"]);
    expect(destroyOrder({ resources: next }).map((r) => r.id)).toEqual(["a-1", "a-2"]);
  });
});

describe("refreshOutcome", () => {
  const r = entry("a", { inputs: { size: 1 }, outputs: { size: 1, region: "r" } });

  test("gone: a delete step and no entry", () => {
    expect(refreshOutcome(r, { id: "", properties: {} })).toEqual({ step: expect.objectContaining({ op: "delete", detail: "gone" }) });
  });

  test("drift: the changed output fields, and the inputs Read returned (else the old ones)", () => {
    const drifted = refreshOutcome(r, { id: "a-1", properties: { size: 42, region: "r" } });
    expect(drifted.step).toMatchObject({ op: "refresh", fields: ["size"] });
    expect(drifted.entry).toMatchObject({ outputs: { size: 42 }, inputs: { size: 1 } });
    expect(refreshOutcome(r, { id: "a-1", properties: { size: 1, region: "r" }, inputs: { size: 7 } })).toMatchObject({
      step: { op: "same" },
      entry: { inputs: { size: 7 } },
    });
  });
});
