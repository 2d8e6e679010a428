/**
 * `npm run soak`: randomized lifecycles (create, update in place, replacement, member churn, refresh,
 * destroy) of every kind through the stack runner and the SDK's provider server, against the
 * emulator with seeded random faults on a share of the API requests. After every step the emulator's
 * inventory is compared with the state. Prints a table: lifecycles, faults by kind, re-runs,
 * converged, duplicates, orphans, lost, aliased (two resources, one ID). Exit status 1 unless every
 * lifecycle converged with no duplicate, orphan, lost resource or aliasing.
 *
 * Then `--kills` seeded kills of the provider process during `up` (./soak/crash.ts), over every kind.
 *
 *   npm run soak -- [--lifecycles 300] [--kills 60] [--seed 1] [--rate 0.2] [--minutes 60]
 *
 * Bounded: at most `--lifecycles`, at most `--minutes` of wall time, at most MAX_RUNS runs per step.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../emulator";
import { seededRandom } from "../emulator/chaos";
import { destroy, emulatorStack, refresh, startProviderServer, up, type RunResult, type StackOptions } from "../harness";
import { audit, crashAt, poolInventory, randomKillPoint, type CrashOutcome } from "./soak/crash";
import { program, SHAPES, type Shape, type SoakFixtures, type Step } from "./soak/programs";

/** How many times one step is run before the lifecycle counts as not converged. */
const MAX_RUNS = 8;

interface Tally {
  lifecycles: number;
  converged: number;
  reruns: number;
  duplicates: number;
  orphans: number;
  lost: number;
  aliased: number;
  faults: Record<string, number>;
  byShape: Record<string, number>;
  failures: string[];
}

function note(t: Tally, line: string): void {
  t.failures.push(line);
  console.error(`! ${line}`);
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v)) throw new Error(`--${name} must be a number`);
  return v;
}

/** Compares the emulator's pools (and member counts) with the state; adds what it finds to the tally. */
function tallyAudit(emu: Emulator, opts: StackOptions, t: Tally, where: string): boolean {
  const { aliased, orphans, lost, duplicates, memberMismatches: members } = audit(emu, opts.statePath);
  Object.assign(t, {
    aliased: t.aliased + aliased,
    orphans: t.orphans + orphans + members,
    lost: t.lost + lost,
    duplicates: t.duplicates + duplicates,
  });
  const bad = aliased + orphans + lost + duplicates + members;
  if (bad > 0)
    t.failures.push(
      `${where}: aliased ${aliased}, orphans ${orphans}, member mismatches ${members}, lost ${lost}, duplicates ${duplicates}`,
    );
  return bad === 0;
}

/** Runs one step until it succeeds (at most MAX_RUNS times); false when it never did. */
async function converge(run: () => Promise<RunResult>, t: Tally, where: string): Promise<boolean> {
  let last: unknown;
  for (let attempt = 1; attempt <= MAX_RUNS; attempt++) {
    try {
      await run();
      return true;
    } catch (e) {
      last = e;
      t.reruns++;
    }
  }
  note(t, `${where}: not converged after ${MAX_RUNS} runs: ${(last as Error).message.split("\n")[0]}`);
  return false;
}

async function lifecycle(emu: Emulator, base: StackOptions, f: SoakFixtures, shape: Shape, seed: number, rate: number, t: Tally) {
  const dir = mkdtempSync(join(tmpdir(), "elb-soak-"));
  const opts = { ...base, statePath: join(dir, "state.json") };
  const random = seededRandom(seed);
  emu.faults.randomize({ seed, rate, retryAfterSeconds: 1, maxLatencyMs: 30 });
  const steps: Step[] = [0, 1, 2, ...(shape === "pool-with-members" ? [3 as Step] : [])];
  let ok = true;
  try {
    for (const step of steps) {
      ok = (await converge(() => up(program(shape, f, step), opts), t, `${shape}#${seed} step ${step}`)) && ok;
      ok = tallyAudit(emu, opts, t, `${shape}#${seed} after step ${step}`) && ok;
      if (random() < 0.5) {
        ok = (await converge(() => refresh(opts), t, `${shape}#${seed} refresh`)) && ok;
        ok = tallyAudit(emu, opts, t, `${shape}#${seed} after refresh`) && ok;
      }
    }
    ok = (await converge(() => destroy(opts), t, `${shape}#${seed} destroy`)) && ok;
    ok = tallyAudit(emu, opts, t, `${shape}#${seed} after destroy`) && ok;
  } finally {
    const faults = emu.faults.randomized();
    for (const [k, n] of Object.entries(faults)) t.faults[k] = (t.faults[k] ?? 0) + (n ?? 0);
    emu.faults.clear();
    for (const id of poolInventory(emu).keys()) {
      emu.outOfBand.deletePool(id);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (ok) t.converged++;
}

function print(t: Tally, seed: number, rate: number, seconds: number): void {
  const rows: [string, string | number][] = [
    ["lifecycles", t.lifecycles],
    [
      "  by shape",
      Object.entries(t.byShape)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    ],
    ["seed / fault rate", `${seed} / ${Math.round(rate * 100)}% of API requests`],
    ["faults injected", Object.values(t.faults).reduce((a, b) => a + b, 0)],
    ...Object.entries(t.faults)
      .sort()
      .map(([k, v]): [string, number] => [`  ${k}`, v]),
    ["re-runs of a step", t.reruns],
    ["converged", `${t.converged} of ${t.lifecycles}`],
    ["duplicates", t.duplicates],
    ["orphans", t.orphans],
    ["lost", t.lost],
    ["aliased (two resources, one ID)", t.aliased],
    ["wall time", `${seconds.toFixed(0)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n"));
  for (const f of t.failures.slice(0, 20)) console.log(`! ${f}`);
  if (t.failures.length > 20) console.log(`! ... and ${t.failures.length - 20} more`);
}

/** Seeded kills of the provider process during `up`, over every shape; prints their table. */
async function kills(emu: Emulator, base: StackOptions, f: SoakFixtures, count: number, seed: number, deadline: number): Promise<boolean> {
  const shapes: Shape[] = [...SHAPES, "pool-with-1000-members"];
  const outcomes: CrashOutcome[] = [];
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    const shape = shapes[i % shapes.length]!;
    outcomes.push(await crashAt(emu, base, f, shape, randomKillPoint(seed * 7_919 + i, shape === "pool-with-1000-members" ? 8 : 4)));
  }
  const sum = (k: keyof CrashOutcome, list = outcomes) => list.reduce((a, o) => a + Number(o[k]), 0);
  const rows = shapes.map((shape) => {
    const mine = outcomes.filter((o) => o.shape === shape);
    return `${shape.padEnd(24)} kills ${sum("killed", mine)}/${mine.length}, after commit ${sum("afterCommit", mine)}, converged ${sum("converged", mine)}, duplicates ${sum("duplicates", mine)}, orphans ${sum("orphans", mine)} (found by autoname ${sum("orphansByAutoname", mine)}), member mismatches ${sum("memberMismatches", mine)}`;
  });
  console.log(["", "crash: provider process killed during up, then up re-run", ...rows].join("\n"));
  // safe: converged, no member mismatch, and every orphan is one the README's recovery finds by its autoname
  return outcomes.every((o) => o.converged && o.memberMismatches === 0 && o.orphans === o.orphansByAutoname);
}

async function main(): Promise<void> {
  const count = arg("lifecycles", 300);
  const seed = arg("seed", 1);
  const rate = arg("rate", 0.2);
  const deadline = Date.now() + arg("minutes", 60) * 60_000;
  const started = Date.now();
  const emu = await startEmulator({ quotas: { poolsPerProject: 10_000 } });
  const server = await startProviderServer();
  let crashSafe = true;
  const t: Tally = {
    lifecycles: 0,
    converged: 0,
    reruns: 0,
    duplicates: 0,
    orphans: 0,
    lost: 0,
    aliased: 0,
    faults: {},
    byShape: {},
    failures: [],
  };
  try {
    const base = emulatorStack(emu, { server, statePath: "", project: "soak", stack: `seed${seed}` });
    const f: SoakFixtures = {
      lb: emu.fixtures.loadbalancers[0].id,
      subnet: emu.fixtures.subnets.find((s) => s.cidr === "192.168.0.0/24")!.id,
    };
    for (let i = 0; i < count && Date.now() < deadline; i++) {
      const shape = SHAPES[i % SHAPES.length]!;
      t.lifecycles++;
      t.byShape[shape] = (t.byShape[shape] ?? 0) + 1;
      await lifecycle(emu, base, f, shape, seed * 100_003 + i, rate, t);
      if ((i + 1) % 20 === 0)
        console.error(`soak: ${i + 1} lifecycles, ${t.converged} converged, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    await server.close();
    print(t, seed, rate, (Date.now() - started) / 1000);
    crashSafe = await kills(emu, base, f, arg("kills", 60), seed, deadline);
  } finally {
    await server.close();
    await emu.close();
  }
  const clean = t.converged === t.lifecycles && t.duplicates + t.orphans + t.lost + t.aliased === 0;
  process.exitCode = clean && t.lifecycles >= count && crashSafe ? 0 : 1;
}

void main();
