/** Sections 1 and 3c: check and diff in process, and the in-process provider's create/delete as a baseline. */
import { performance } from "node:perf_hooks";
import { checkInputs } from "../../provider/lifecycle/check";
import { diffProperties } from "../../provider/lifecycle/diff";
import { poolSchema } from "../../provider/resources/pool/schema";
import { CONCURRENCY, N, PLACEHOLDER_LB, typical, type BenchContext, type Props } from "./context";
import { microbench, microbenchAsync, phase, round, type PhaseFigures } from "./measure";

export interface ColdCheck {
  coldCheckMs: number;
  secondCheckUs: number;
  coldFailures: number;
}

/** 1a. cold check: the first call compiles the schema with ajv. Must run before anything else checks. */
export function coldCheck(): ColdCheck {
  const c0 = performance.now();
  const coldFailures = checkInputs(poolSchema, typical(PLACEHOLDER_LB));
  const coldCheckMs = round(performance.now() - c0, 2);
  const c1 = performance.now();
  checkInputs(poolSchema, typical(PLACEHOLDER_LB));
  const secondCheckUs = round((performance.now() - c1) * 1000, 1);
  return { coldCheckMs, secondCheckUs, coldFailures: coldFailures.length };
}

export type Rates = Record<"check" | "diff" | "checkDiff" | "provCheckDiff", { usPerOp: number; opsPerSec: number }>;

/**
 * 1b. hot check + diff in process, before the provider server starts (it would compete for the 2 cores),
 * with a real pool's outputs as olds: a no-op diff, as for most resources in a plan.
 */
export async function hotCheckDiff(ctx: BenchContext): Promise<{ rates: Rates; noop: { updates: string[]; replaces: string[] } }> {
  const { prov } = ctx;
  const realNews = ctx.withProvider(typical(ctx.fixtures.lb.id, "bench-real"));
  const created = await prov.create!(realNews); // also does the client's IAM project discovery
  const realOuts: Props = { ...(created.outs as Props), __provider: ctx.providerText };
  await prov.delete!(created.id, created.outs);
  const noop = diffProperties(poolSchema, realOuts, realNews);
  const check = await microbench(() => checkInputs(poolSchema, realNews));
  const diff = await microbench(() => diffProperties(poolSchema, realOuts, realNews));
  const checkDiff = await microbench(() => {
    checkInputs(poolSchema, realNews);
    diffProperties(poolSchema, realOuts, realNews);
  });
  const provCheckDiff = await microbenchAsync(async () => {
    await prov.check!({}, realNews);
    await prov.diff!("x", realOuts, realNews);
  });
  return { rates: { check, diff, checkDiff, provCheckDiff }, noop };
}

/** 3c. the same create/delete in process (makeProvider + ElbClient): the cost without gRPC. */
export async function inProcessBaseline(ctx: BenchContext): Promise<Record<string, PhaseFigures>> {
  const { emu, prov } = ctx;
  const inproc: Record<string, PhaseFigures> = {};
  const ipIds: { id: string; outs: Props }[] = new Array<{ id: string; outs: Props }>(N);
  inproc.create = await phase(emu, N, CONCURRENCY, async (i) => {
    const inputs = ctx.withProvider(typical(ctx.fixtures.lb.id, `inproc-${i}`));
    await prov.check!({}, inputs);
    const r = await prov.create!(inputs);
    ipIds[i] = { id: r.id, outs: r.outs as Props };
  });
  inproc.delete = await phase(emu, N, CONCURRENCY, async (i) => {
    await prov.delete!(ipIds[i].id, ipIds[i].outs);
  });
  return inproc;
}
