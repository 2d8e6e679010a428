// A small, engine-faithful "stack runner": runs a Pulumi program in-process under setMocks and applies each
// registered dynamic resource through the SDK's dynamic-provider gRPC server, keeping a JSON state file.
// What setMocks does is documented in mocks.ts; the engine semantics followed, in plan.ts.
import { runProgram, type MockResult, type Registration } from "../mocks";
import { runProject } from "../program-host";
import { Deployment } from "./executor";
import { deletionsAfterProgram, nextResources, pendingDeletions } from "./plan";
import { readState, readStoredOutputs, writeState } from "./state-file";
import type { PlanStep, Program, RunResult, StackOptions } from "./types";

export async function ensureConfigured(opts: StackOptions): Promise<void> {
  if (opts.config || !opts.server.configured) {
    await opts.server.configure(opts.config ?? {}, { secretKeys: opts.secretConfigKeys ?? [] });
  }
}

export function attachSteps(e: unknown, steps: PlanStep[]): unknown {
  if (e instanceof Error) Object.assign(e, { steps });
  return e;
}

/** The log function of a run (none: silent). */
export const logOf = (opts: StackOptions): ((line: string) => void) => opts.log ?? (() => undefined);

/** Runs the program in-process under mocks (a function) or through the SDK's program entry (a project folder). */
function runEither(program: Program, opts: StackOptions, dryRun: boolean, onResource: (reg: Registration) => Promise<MockResult>) {
  if (typeof program === "function") return runProgram(program, { preview: dryRun, project: opts.project, stack: opts.stack, onResource });
  return runProject(program, {
    preview: dryRun,
    ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.secretConfigKeys ? { secretConfigKeys: opts.secretConfigKeys } : {}),
    ...(opts.transpileOnly ? { transpileOnly: true } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    onResource,
  });
}

async function deploy(program: Program, opts: StackOptions, dryRun: boolean): Promise<RunResult> {
  await ensureConfigured(opts);
  const old = readState(opts.statePath);
  const storedOutputs = readStoredOutputs(opts.statePath);
  const run = new Deployment(opts.server, logOf(opts), dryRun, old, new Set(opts.replace ?? []));
  await run.deleteAll(pendingDeletions(old));

  const result = await runEither(program, opts, dryRun, run.onResource.bind(run));
  await run.settled();
  if (result.error !== undefined) run.failure ??= result.error;

  // Deletions of what the program no longer registers and of replaced olds: skipped when the run failed.
  if (run.failure === undefined) await run.deleteAll(deletionsAfterProgram(old, run));

  if (!dryRun) {
    writeState(opts.statePath, { resources: nextResources(old, run) }, run.failure === undefined ? result.secretOutputs : storedOutputs);
  }
  if (run.failure !== undefined) throw attachSteps(run.failure, run.steps);
  return { steps: run.steps, outputs: result.outputs };
}

/** Check + Diff only: no Create/Update/Delete RPCs, no state change. */
export function preview(program: Program, opts: StackOptions): Promise<RunResult> {
  return deploy(program, opts, true);
}

export function up(program: Program, opts: StackOptions): Promise<RunResult> {
  return deploy(program, opts, false);
}
