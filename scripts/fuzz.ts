/**
 * `npm run fuzz`: the property-based fuzzing at scale, seeded. check of every resource with
 * `--runs` generated inputs (default 10,000 each); the emulator with `--requests` random and
 * malformed requests (default 5,000, with and without authentication). Prints a table; exit status 1
 * when a property fails (fast-check prints the counterexample and the seed that replays it) or when
 * an input took check over 50 ms.
 *
 *   npm run fuzz -- [--runs 10000] [--requests 5000] [--seed 20261201]
 */
import { startEmulator } from "../emulator";
import { FUZZED_KINDS, fuzzCheck } from "./fuzz/check-properties";
import { fuzzEmulator } from "./fuzz/emulator-properties";

/** No input may take check longer than this (the bound). */
const CHECK_BUDGET_MS = 50;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number`);
  return v;
}

async function main(): Promise<void> {
  const runs = arg("runs", 10_000);
  const requests = arg("requests", 5_000);
  const seed = arg("seed", 20261201);
  const rows: string[] = [`seed ${seed}`];
  let slow = false;
  for (const [name, kind] of Object.entries(FUZZED_KINDS)) {
    const f = await fuzzCheck(name, kind, runs, seed);
    slow ||= f.slowestMs > CHECK_BUDGET_MS;
    rows.push(
      `check ${name.padEnd(16)} ${f.runs} inputs, ${f.rejected} rejected, 0 throws, 0 requests, slowest ${f.slowestMs.toFixed(1)} ms`,
    );
  }
  for (const auth of [true, false]) {
    const emu = await startEmulator({ auth });
    try {
      const r = await fuzzEmulator(emu, requests, seed);
      rows.push(`emulator (auth ${String(auth).padEnd(5)}) ${r.runs} requests, ${r.errors} errors in the API's format, 0 answered 5xx`);
    } finally {
      await emu.close();
    }
  }
  console.log(rows.join("\n"));
  if (slow) {
    console.log(`an input took check over ${CHECK_BUDGET_MS} ms`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
