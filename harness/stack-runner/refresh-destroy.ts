// refresh (Read every resource, keep what the provider answers) and destroy (Delete everything, dependents first).
import { attachSteps, ensureConfigured, logOf } from "./deploy";
import { runDeletions } from "./executor";
import { destroyOrder, refreshOutcome, stepOf } from "./plan";
import { readState, readStoredOutputs, writeState } from "./state-file";
import type { PlanStep, RunResult, StackOptions, StackState, StateResource } from "./types";

/** Configures the server and reads the state: how refresh and destroy begin. */
async function begin(opts: StackOptions): Promise<{ state: StackState; steps: PlanStep[]; log: (line: string) => void }> {
  await ensureConfigured(opts);
  return { state: readState(opts.statePath), steps: [], log: logOf(opts) };
}

export async function refresh(opts: StackOptions): Promise<RunResult> {
  const { state, steps, log } = await begin(opts);
  const next: StateResource[] = [];
  let failure: unknown;
  for (const r of state.resources) {
    if (failure !== undefined) {
      next.push(r);
      continue;
    }
    try {
      log(`read ${r.urn} id=${r.id}`);
      const { step, entry } = refreshOutcome(r, await opts.server.read(r.urn, r.id, r.outputs, r.inputs));
      steps.push(step);
      if (entry) next.push(entry);
    } catch (e) {
      failure = e;
      next.push(r);
    }
  }
  writeState(opts.statePath, { ...state, resources: next }, readStoredOutputs(opts.statePath));
  if (failure !== undefined) throw attachSteps(failure, steps);
  return { steps, outputs: state.outputs ?? {} };
}

export async function destroy(opts: StackOptions): Promise<RunResult> {
  const { state, steps, log } = await begin(opts);
  const deletions = destroyOrder(state).map((r) => ({ resource: r, step: stepOf("delete", r), why: "removed" as const }));
  const deleted = new Set<StateResource>();
  const failure = await runDeletions(opts.server, log, deletions, { steps, deleted, dryRun: false });
  writeState(
    opts.statePath,
    { resources: state.resources.filter((r) => !deleted.has(r)) },
    failure === undefined ? {} : readStoredOutputs(opts.statePath),
  );
  if (failure !== undefined) throw attachSteps(failure, steps);
  return { steps, outputs: {} };
}
