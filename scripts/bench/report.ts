/** The bench's report: one table of the issue's seven measurements (ours, the baseline or floor, ratio, target). */
import { STEPS, total, type StateFigures, type Steps } from "./converge";
import type { Versus } from "./floor";
import type { PlanningFigures, ThrottledFigures } from "./scale";

export interface Figures {
  meta: { date: string; commit: string; cpus: number; node: string };
  converge: { n: number; ours: Steps; baseline: Steps; state: StateFigures }[];
  latencyMs: number;
  checkDiffUs: Versus;
  coldStartMs: Versus;
  planning: PlanningFigures;
  poolEntry: { inputsBytes: number; outputsBytes: number; providerBytes: number };
  throttled: ThrottledFigures;
  emulatorRps: number;
}

type Row = [string, string | number, string | number, string, string, boolean | undefined];

function table(rows: Row[]): string {
  const header = ["measurement", "ours", "baseline / floor", "ratio", "target", "met"];
  const cells = [header, ...rows.map(([a, b, c, d, e, f]) => [a, String(b), String(c), d, e, f === undefined ? "" : f ? "yes" : "NO"])];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map(
      (r) =>
        "  " +
        r
          .map((c, i) => (i === 0 || i >= 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
          .join("  ")
          .trimEnd(),
    )
    .join("\n");
}

const x = (v: number) => `${v >= 10 ? Math.round(v) : v.toFixed(2)}×`;

function convergeRows(f: Figures): Row[] {
  const rows: Row[] = [];
  for (const { n, ours, baseline } of f.converge) {
    const [o, b] = [total(ours, "calls"), total(baseline, "calls")];
    rows.push([
      `1. API calls, N=${n} (create, reweight 10%, remove 30%, refresh, destroy)`,
      o,
      b,
      `${x(b / o)} fewer`,
      n === 1000 ? "≥ 100× fewer" : "",
      n === 1000 ? b / o >= 100 : undefined,
    ]);
  }
  const noop = f.converge.map((c) => c.ours["no-op up"].writes).reduce((a, b) => a + b, 0);
  rows.push(["1. no-op up: write calls (every N)", noop, "-", "", "0", noop === 0]);
  for (const { n, ours, baseline } of f.converge) {
    const [o, b] = [total(ours, "wallMs"), total(baseline, "wallMs")];
    rows.push([
      `2. wall ms, N=${n}, ${f.latencyMs} ms per request`,
      Math.round(o),
      Math.round(b),
      `${x(b / o)} less`,
      n === 1000 ? "≥ 20× less" : "",
      n === 1000 ? b / o >= 20 : undefined,
    ]);
  }
  return rows;
}

/** A figure against its floor (the same work with a trivial provider), with the ratio it must stay under. */
function vsFloor(label: string, m: { ours: number; floor: number }, bound: number): Row {
  return [label, m.ours, m.floor, x(m.ours / m.floor), `≤ ${bound}×`, m.ours / m.floor <= bound];
}

function rows(f: Figures): Row[] {
  const { checkDiffUs: cd, coldStartMs: cs, planning: p, throttled: t } = f;
  const big = f.converge.find((c) => c.n === 1000) ?? f.converge[f.converge.length - 1]!;
  const perMember = (big.state.inputsBytes + big.state.outputsBytes) / big.n;
  const ratio = t.boundS > 0 ? t.wallS / t.boundS : NaN;
  return [
    ...convergeRows(f),
    vsFloor("3. Check+Diff of an unchanged Pool, µs (median of 1000)", cd, 1.2),
    vsFloor("3. cold start: spawn → first Check answered, ms (median)", cs, 1.1),
    [`4. plan a ${p.members}-member MemberBatch change (check+diff), ms`, p.ms, "-", "", "< 50 ms", p.ms < 50],
    [`4. … heap taken, MB`, p.heapMb, "-", "", "", undefined],
    ["5. __provider, bytes", big.state.providerBytes, "-", "", "≤ 4096", big.state.providerBytes <= 4096],
    ["5. Pool state entry (inputs + outputs), bytes", f.poolEntry.inputsBytes + f.poolEntry.outputsBytes, "-", "", "", undefined],
    [
      `5. MemberBatch N=${big.n}: state per member, bytes (inputs ${Math.round(big.state.inputsBytes / big.n)} + outputs ${Math.round(big.state.outputsBytes / big.n)})`,
      Math.round(perMember),
      "-",
      "",
      "≤ 200",
      perMember <= 200,
    ],
    [
      `6. ${t.pools} pools + ${t.batches}×${t.membersEach} members at ${t.rps} req/s, ${t.parallel} in parallel: wall s vs bound`,
      t.wallS,
      t.boundS,
      x(ratio),
      "≤ 1.2×",
      ratio <= 1.2,
    ],
    [
      "6. … retries (429 answers) / failures",
      `${t.throttled} / ${t.failures}`,
      `${t.requests} requests`,
      "",
      "0 failures",
      t.failures === 0,
    ],
    ["7. emulator alone, signed GETs per second on loopback", f.emulatorRps, "-", "", "≥ 2000", f.emulatorRps >= 2000],
  ];
}

function stepTable(f: Figures): string {
  const lines = [`  per step, N=${f.converge.map((c) => c.n).join("/")}: calls ours | baseline`];
  for (const s of STEPS)
    lines.push(`    ${s.padEnd(14)} ${f.converge.map((c) => `${c.ours[s].calls} | ${c.baseline[s].calls}`).join("    ")}`);
  return lines.join("\n");
}

export function reportText(f: Figures, totalS: number): string {
  const { date, commit, cpus, node } = f.meta;
  return [
    `pulumi-huaweicloud-elb bench   node ${node}   ${cpus} cores   ${process.platform}/${process.arch}   commit ${commit}   ${date}`,
    "",
    table(rows(f)),
    "",
    stepTable(f),
    `  bench took ${totalS} s`,
  ].join("\n");
}
