// The planning step of the stack runner: from the old state, the registrations and the provider's Check/Diff
// answers to the steps the engine takes. Pure: no RPCs, no files; the executor runs what this decides.
//
// Engine semantics followed (pkg/resource/deploy/step_generator.go, sdk/go/common/resource/plugin/provider_plugin.go):
// Check(olds = old inputs) → failures abort; Diff(olds = old outputs, oldInputs); DIFF_UNKNOWN → compare old
// inputs with new inputs; init errors from a partial failure force an update; a replacement re-runs Check with
// olds = {}; deleteBeforeReplace = resource option if set, else the provider's answer; create-before-delete
// deletes the old instance after the program. Previews call no Create/Update/Delete: dynamic providers do not
// support provider previews, so the engine answers Create/Update previews with the checked inputs (no id for
// creates/replaces) — computed outputs of resources being created, replaced *or updated* are unknown in preview.
import type { DiffResult } from "../provider-client";
import type { Registration } from "../mocks";
import type { PlanStep, StackState, StateResource } from "./types";
import { changedKeys, changedKeysOfBoth, deepEqual } from "./values";

type Named = { urn: string; type: string; name: string };

export function stepOf(op: PlanStep["op"], r: Named, fields: string[] = [], detail?: string): PlanStep {
  const s: PlanStep = { op, urn: r.urn, type: r.type, name: r.name, fields };
  if (detail !== undefined) s.detail = detail;
  return s;
}

/** What happens to one registered resource. A replacement also says which way round it goes. */
export type ResourcePlan =
  | { op: "create" | "same"; step: PlanStep }
  | { op: "update"; step: PlanStep }
  | { op: "replace"; step: PlanStep; deleteBeforeReplace: boolean };

/**
 * The step for a registration, given its previous state entry (none: a create), its checked inputs and the
 * provider's Diff answer (asked only when there is a previous entry).
 */
export function planResource(
  reg: Registration,
  prev: StateResource | undefined,
  inputs: Record<string, unknown>,
  diff?: DiffResult,
): ResourcePlan {
  if (!prev || !diff) return { op: "create", step: stepOf("create", reg) };
  let changes = diff.changes;
  let inputChanges: string[] = [];
  if (changes === "unknown") {
    // Engine: no answer from the provider → diff old inputs against new inputs.
    inputChanges = changedKeysOfBoth(prev.inputs, inputs);
    changes = deepEqual(prev.inputs, inputs) ? "none" : "some";
  }
  const replaces = [...diff.replaces];
  if (changes === "some") {
    // replaceOnChanges applies to the keys the engine knows changed (only available for DIFF_UNKNOWN here).
    for (const k of inputChanges) {
      if (reg.replaceOnChanges.some((p) => p === "*" || p === k) && !replaces.includes(k)) replaces.push(k);
    }
  }
  const hasInitErrors = !!prev.initErrors?.length;
  if (changes === "none" && !hasInitErrors) return { op: "same", step: stepOf("same", reg) };
  if (changes === "some" && replaces.length) {
    const dbr = reg.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    return {
      op: "replace",
      step: stepOf("replace", reg, replaces, dbr ? "delete-before-replace" : "create-before-delete"),
      deleteBeforeReplace: dbr,
    };
  }
  // In-place update (or an update forced by init errors from a partial failure).
  // The engine shows an update of a dynamic resource as old inputs against new inputs (the Node
  // server returns no detailed diff), so the plan lists the same keys.
  // When the inputs are unchanged (drift only in outputs), name the inputs that differ from outputs.
  // (changedKeys leaves out the keys starting with "__": the engine's and the provider's own, hidden by the display)
  let fields = changedKeysOfBoth(inputs, prev.inputs);
  if (fields.length === 0) fields = changedKeys(inputs, prev.outputs, Object.keys(inputs));
  return { op: "update", step: stepOf("update", reg, fields, hasInitErrors && changes === "none" ? "init errors" : undefined) };
}

/** A delete to run: the step to show (none for the old half of a replacement) and why, for the log. */
export interface Deletion {
  resource: StateResource;
  step?: PlanStep;
  why: "pending" | "replaced" | "removed";
}

/** Pending deletes from an earlier failed run go first, as the engine does (last recorded first). */
export function pendingDeletions(old: StackState): Deletion[] {
  return old.resources
    .filter((r) => r.pendingDelete)
    .reverse()
    .map((r) => ({ resource: r, step: stepOf("delete", r, [], "pending delete"), why: "pending" }));
}

/** What the program's run did to the old state: which URNs it registered, which olds it replaced or deleted. */
export interface RunOutcome {
  /** urn → new state entry (null: no entry, e.g. a component, a preview, or a step that failed) */
  registered: Map<string, StateResource | null>;
  /** create-before-delete olds, deleted after the program */
  replacedOlds: Set<StateResource>;
  /** olds removed from state during the run */
  deleted: Set<StateResource>;
}

/**
 * Deletions after the program: resources no longer registered, and old instances of create-before-delete
 * replacements, in reverse order of the old state (dependents first).
 */
export function deletionsAfterProgram(old: StackState, run: RunOutcome): Deletion[] {
  const out: Deletion[] = [];
  for (const r of [...old.resources].reverse()) {
    if (r.pendingDelete || run.deleted.has(r)) continue;
    const replaced = run.replacedOlds.has(r);
    if (!replaced && run.registered.has(r.urn)) continue;
    out.push(replaced ? { resource: r, why: "replaced" } : { resource: r, step: stepOf("delete", r), why: "removed" });
  }
  return out;
}

/** Stable topological order: each resource after its dependencies (and parent), otherwise keeping `list` order. */
export function topoOrder(list: StateResource[]): StateResource[] {
  const byUrn = new Map<string, StateResource>();
  for (const r of list) if (!r.pendingDelete) byUrn.set(r.urn, r);
  const done = new Set<StateResource>();
  const out: StateResource[] = [];
  const visit = (r: StateResource, stack: Set<StateResource>) => {
    if (done.has(r) || stack.has(r)) return;
    stack.add(r);
    for (const d of [...(r.dependencies ?? []), ...(r.parent ? [r.parent] : [])]) {
      const dep = byUrn.get(d);
      if (dep && dep !== r) visit(dep, stack);
    }
    stack.delete(r);
    done.add(r);
    out.push(r);
  };
  // Pending deletes (old instances of replaced resources) are not part of the live graph.
  for (const r of list) if (!r.pendingDelete) visit(r, new Set());
  return out;
}

/** The resources of the new state after an up: live ones in dependency order, then pending deletes. */
export function nextResources(old: StackState, run: RunOutcome): StateResource[] {
  const next: StateResource[] = [];
  for (const entry of run.registered.values()) if (entry) next.push(entry);
  for (const r of old.resources) {
    if (run.deleted.has(r)) continue;
    if (run.replacedOlds.has(r)) next.push({ ...r, pendingDelete: true });
    else if (r.pendingDelete || !run.registered.get(r.urn)) next.push(r); // untouched, or its step failed
  }
  const live = topoOrder(next);
  return [...live, ...next.filter((r) => r.pendingDelete)];
}

/** Destroy order: pending deletes (old replaced instances) first of all, then the reverse of the dependency order. */
export function destroyOrder(state: StackState): StateResource[] {
  return [...state.resources.filter((r) => r.pendingDelete).reverse(), ...topoOrder(state.resources).reverse()];
}

/** A refresh's step for one resource from its Read answer, and its new state entry (none: gone). */
export function refreshOutcome(
  r: StateResource,
  res: { id: string; properties: Record<string, unknown>; inputs?: Record<string, unknown> },
): { step: PlanStep; entry?: StateResource } {
  if (!res.id) return { step: stepOf("delete", r, [], "gone") };
  const fields = changedKeysOfBoth(r.outputs, res.properties);
  const entry: StateResource = { ...r, id: res.id, outputs: res.properties, inputs: res.inputs ?? r.inputs };
  return { step: stepOf(fields.length ? "refresh" : "same", r, fields), entry };
}
