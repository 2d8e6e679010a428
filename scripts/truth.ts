// `npm run test:truth`: the truth suite at scale. Seeded scenarios per kind (set, change, remove, null,
// nested fields, unknowns, member churn) through the SDK's dynamic-provider server against the emulator;
// prints the figures per kind and the first breaches, and exits 1 if any invariant broke.
// Options: TRUTH_RUNS (scenarios per kind, default 5000), TRUTH_SEED (default 20261201),
// TRUTH_MINUTES (time bound per kind, default 10), TRUTH_KINDS (comma-separated).
import { runTruth } from "../harness/truth";

async function main(): Promise<void> {
  const perKind = Number(process.env.TRUTH_RUNS ?? 5000);
  const seed = Number(process.env.TRUTH_SEED ?? 20261201);
  const msPerKind = Number(process.env.TRUTH_MINUTES ?? 10) * 60_000;
  const kinds = process.env.TRUTH_KINDS?.split(",");
  console.log(`truth suite: up to ${perKind} scenarios per kind, seed ${seed}, at most ${msPerKind / 60_000} min per kind`);
  const figures = await runTruth({ perKind, seed, msPerKind, kinds, log: (line) => console.log(line) });
  let broken = 0;
  for (const f of figures) {
    broken += f.violationCount;
    for (const v of f.violations.slice(0, 3)) console.log(`\n${f.kind}: ${v.violations.join("; ")}\n  ${JSON.stringify(v.scenario)}`);
  }
  const total = figures.reduce((n, f) => n + f.scenarios, 0);
  console.log(`\n${total} scenarios, ${broken} breaking an invariant`);
  process.exitCode = broken > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
