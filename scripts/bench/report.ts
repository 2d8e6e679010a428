/** The bench's report: a table per section, then one `BENCH_JSON {...}` line to compare across commits. */
import { CONCURRENCY, N } from "./context";
import type { ColdCheck, Rates } from "./in-process";
import { BATCH_ITERS, BATCHES, WARMUP_ITERS, WARMUP_MS, type PhaseFigures } from "./measure";
import { MEMBERS, type MemberFigures, type QuickstartFigures } from "./stack-runs";

type Memory = { vmRssKb: number; vmHwmKb: number } | undefined;

/** Everything the bench found out, section by section. */
export interface Figures {
  meta: { date: string; commit: string; cpus: number };
  cold: ColdCheck;
  hot: { rates: Rates; noop: { updates: string[]; replaces: string[] } };
  providerBytes: number;
  lbName: string;
  grpc: { phases: Record<string, PhaseFigures>; diffChanges: number };
  pid: number | undefined;
  memory: { start: Memory; afterGrpc: Memory; end: Memory };
  inproc: Record<string, PhaseFigures>;
  clientStats: { attempts: number; requests: number };
  quickstart: QuickstartFigures | undefined;
  members: MemberFigures;
  leftOver: number;
}

function table(header: string[], rows: (string | number)[][], indent = "  "): string {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  // first column left-aligned, numbers right-aligned, last column (free text) left-aligned
  const line = (r: string[]) =>
    indent +
    r
      .map((c, i) => (i === 0 || (i === r.length - 1 && isNaN(Number(c))) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return cells.map(line).join("\n");
}

const mb = (kb: number | undefined) => (kb === undefined || Number.isNaN(kb) ? "n/a" : (kb / 1024).toFixed(1));

const fmtEndpoints = (e: Record<string, number>) =>
  Object.entries(e)
    .map(([k, v]) => `${k} ×${v}`)
    .join(", ") || "-";

function inProcessSection(f: Figures): string[] {
  const r = f.hot.rates;
  return [
    `1. check + diff in process (typical Pool input; median of ${BATCHES}×${BATCH_ITERS} after ≥${WARMUP_ITERS} calls / ${WARMUP_MS} ms warm-up)`,
    table(
      ["op", "ops/s", "µs/op"],
      [
        ["checkInputs", r.check.opsPerSec, r.check.usPerOp],
        ["diffProperties (no-op)", r.diff.opsPerSec, r.diff.usPerOp],
        ["check + diff", r.checkDiff.opsPerSec, r.checkDiff.usPerOp],
        ["provider.check + .diff (makeProvider, async)", r.provCheckDiff.opsPerSec, r.provCheckDiff.usPerOp],
      ],
    ),
    `  cold first check (ajv compile): ${f.cold.coldCheckMs} ms (second call ${f.cold.secondCheckUs} µs; ${f.cold.coldFailures} failures)`,
    `  diff of the input against a created pool's outputs: updates [${f.hot.noop.updates.join(", ")}], replaces [${f.hot.noop.replaces.join(", ")}]`,
    "",
    `2. serialized __provider: ${f.providerBytes} bytes`,
    "",
  ];
}

const PHASE_COLUMNS = ["phase", "ops", "wall ms", "ops/s", "p50 ms", "p95 ms", "API", "API/op", "non2xx"];
const GRPC_LABELS: Record<string, string> = {
  warmup: "warm-up (all RPCs, 1 pool)",
  create: "create (Check+Create)",
  diff: "diff (no-op)",
  read: "read",
  update: "update (Check+Update descr.)",
  delete: "delete",
};

function phaseRows(figs: Record<string, PhaseFigures>, labels: Record<string, string>, rss: boolean): (string | number)[][] {
  return Object.entries(figs).map(([k, f]) => [
    labels[k] ?? k,
    ...[f.ops, f.wallMs, f.opsPerSec, f.p50Ms, f.p95Ms, f.apiCalls, f.callsPerOp, f.non2xx],
    ...(rss ? [mb(f.rssKbAfter)] : []),
    fmtEndpoints(f.endpoints),
  ]);
}

function grpcSection(f: Figures): string[] {
  const { start, afterGrpc, end } = f.memory;
  return [
    `3. gRPC provider server → emulator: N=${N} pools on ${f.lbName}, concurrency ${CONCURRENCY}`,
    table([...PHASE_COLUMNS, "RSS MB", "API calls by endpoint"], phaseRows(f.grpc.phases, GRPC_LABELS, true)),
    `  no-op diffs reporting a change: ${f.grpc.diffChanges}`,
    f.pid !== undefined
      ? `  provider process (pid ${f.pid}, /proc/<pid>/status): VmRSS start ${mb(start?.vmRssKb)} MB, after the ${N}-pool phases ${mb(afterGrpc?.vmRssKb)} MB, end ${mb(end?.vmRssKb)} MB; VmHWM ${mb(end?.vmHwmKb)} MB`
      : "  provider process memory: n/a (the provider server reported no pid)",
    `  baseline in process (makeProvider + ElbClient, no gRPC), same pools; client stats ${JSON.stringify(f.clientStats)}`,
    table([...PHASE_COLUMNS, "API calls by endpoint"], phaseRows(f.inproc, { create: "create (check+create)", delete: "delete" }, false)),
    "",
  ];
}

function stackSections(f: Figures, totalS: number): string[] {
  const qs = f.quickstart;
  return [
    ...(qs
      ? [
          "4. quickstart (2 pools and a member batch of 3) through the stack runner",
          table(
            ["phase", "wall ms", "API", "writes", "plan"],
            Object.entries(qs).map(([k, v]) => [k, v.wallMs, v.apiCalls, v.writes, v.plan]),
          ),
        ]
      : ["4. quickstart: n/a (the emulator has no TCP listener on its first load balancer)"]),
    "",
    `5. MemberBatch with ${MEMBERS} members, gRPC provider server → emulator`,
    table(
      ["step", "wall ms", "API", "API calls by endpoint"],
      Object.entries(f.members).map(([k, v]) => [k, v.wallMs, v.apiCalls, fmtEndpoints(v.endpoints)]),
    ),
    `  pools left on the emulator: ${f.leftOver}; bench took ${totalS} s`,
  ];
}

/** The report as text: a header line and the sections' tables. */
export function reportText(f: Figures, totalS: number): string {
  const { date, commit, cpus } = f.meta;
  const header = `pulumi-huaweicloud-elb bench   node ${process.version}   ${date}   commit ${commit}   ${process.platform}/${process.arch}, ${cpus} cpus`;
  return [header, "", ...inProcessSection(f), ...grpcSection(f), ...stackSections(f, totalS)].join("\n");
}

/** The figures as one JSON object (the `BENCH_JSON` line). */
export function reportJson(f: Figures, totalS: number): Record<string, unknown> {
  const { start, afterGrpc, end } = f.memory;
  const { check, diff, checkDiff, provCheckDiff } = f.hot.rates;
  return {
    node: process.version,
    ...f.meta,
    inProcess: {
      coldCheckMs: f.cold.coldCheckMs,
      secondCheckUs: f.cold.secondCheckUs,
      check,
      diff,
      checkDiff,
      providerCheckDiff: provCheckDiff,
    },
    providerBytes: f.providerBytes,
    grpc: {
      n: N,
      concurrency: CONCURRENCY,
      phases: f.grpc.phases,
      noopDiffChanges: f.grpc.diffChanges,
      memory:
        f.pid === undefined
          ? "n/a"
          : { pid: f.pid, startRssKb: start?.vmRssKb, afterPhasesRssKb: afterGrpc?.vmRssKb, endRssKb: end?.vmRssKb, vmHwmKb: end?.vmHwmKb },
    },
    inProcessProvider: { phases: f.inproc, clientStats: f.clientStats },
    quickstart: f.quickstart ?? "n/a",
    memberBatch: f.members,
    leftOverPools: f.leftOver,
    totalS,
  };
}
