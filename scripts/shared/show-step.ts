/** One step of a demo: runs it, prints its plan (as `pulumi preview` lists it) and what reached the emulator. */
import type { Emulator, RequestRecord } from "../../emulator";
import { formatPlan, type RunResult } from "../../harness";

export async function showStep(
  emu: Emulator,
  title: string,
  run: () => Promise<RunResult>,
  describeCalls: (calls: RequestRecord[]) => string,
): Promise<RunResult> {
  const from = emu.requests.length;
  const result = await run();
  const plan = formatPlan(result.steps) || "  (no changes)";
  console.log(`\n== ${title}\n${plan.replace(/^/gm, "  ")}`);
  console.log(`  [${describeCalls(emu.requests.slice(from))}]`);
  return result;
}
