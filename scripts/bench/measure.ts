/** How the bench measures: micro-benchmarks, phases of concurrent operations, API calls, process memory. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Emulator, RequestRecord } from "../../emulator";

/** Warm-up: at least this many calls and this long (JIT tiers settle late on 2 cores). */
export const WARMUP_ITERS = 5000;
export const WARMUP_MS = 400;
export const BATCHES = 7;
export const BATCH_ITERS = 2000;

export const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Rate {
  usPerOp: number;
  opsPerSec: number;
}

/**
 * Median µs/op over BATCHES batches of BATCH_ITERS, after the warm-up. `iterate(n)` makes n calls of the
 * code measured (a loop of its own, so that the loop around a synchronous call stays synchronous).
 */
async function batches(iterate: (n: number) => unknown): Promise<Rate> {
  for (let i = 0, t0 = performance.now(); i < WARMUP_ITERS || performance.now() - t0 < WARMUP_MS; i++) await iterate(1);
  const per: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const t0 = performance.now();
    await iterate(BATCH_ITERS);
    per.push(((performance.now() - t0) * 1000) / BATCH_ITERS);
  }
  const us = pct(
    [...per].sort((a, b) => a - b),
    50,
  );
  return { usPerOp: round(us, 2), opsPerSec: Math.round(1e6 / us) };
}

/** A synchronous function's speed. */
export function microbench(fn: () => unknown): Promise<Rate> {
  return batches((n) => {
    for (let i = 0; i < n; i++) fn();
  });
}

/** An async function's speed, one call at a time. */
export function microbenchAsync(fn: () => Promise<unknown>): Promise<Rate> {
  return batches(async (n) => {
    for (let i = 0; i < n; i++) await fn();
  });
}

/** Runs `fn(i)` for i < n with at most `limit` in flight; returns per-op latencies (ms) and wall time. */
export async function runPool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<{ wallMs: number; lat: number[] }> {
  const lat: number[] = new Array<number>(n);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const s = performance.now();
      await fn(i);
      lat[i] = performance.now() - s;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return { wallMs: performance.now() - t0, lat };
}

/** The memory of process `pid` (/proc/<pid>/status), undefined when unknown. */
export function memOf(pid: number | undefined): { vmRssKb: number; vmHwmKb: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(s)?.[1] ?? NaN);
    return { vmRssKb: kb("VmRSS"), vmHwmKb: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

/** The short commit hash, `+dirty` when tracked files changed; "n/a" outside a git checkout. */
export function gitCommit(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return "n/a";
  }
}

/** API calls in `reqs`, by method and path with the project and IDs generalised. */
export function endpoints(emu: Emulator, reqs: RequestRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reqs) {
    const p = r.path
      .split(emu.projectId)
      .join("{project}")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "{id}");
    const key = `${r.method} ${p}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** Runs `run` and returns its result, its wall time and the requests that reached the emulator meanwhile. */
export async function measured<T>(emu: Emulator, run: () => Promise<T>): Promise<{ result: T; wallMs: number; reqs: RequestRecord[] }> {
  const from = emu.requests.length;
  const t0 = performance.now();
  const result = await run();
  const wallMs = round(performance.now() - t0, 1);
  return { result, wallMs, reqs: emu.requests.slice(from) };
}

export interface PhaseFigures {
  ops: number;
  wallMs: number;
  opsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  apiCalls: number;
  callsPerOp: number;
  /** answers other than 2xx (retried 409/429/5xx, or 404s), 0 when all went straight through */
  non2xx: number;
  endpoints: Record<string, number>;
  rssKbAfter?: number;
}

/** Runs one phase (`fn(i)` for i < n, `limit` at a time) and counts what reached the emulator during it. */
export async function phase(
  emu: Emulator,
  n: number,
  limit: number,
  fn: (i: number) => Promise<void>,
  pid?: number,
): Promise<PhaseFigures> {
  const from = emu.requests.length;
  const { wallMs, lat } = await runPool(n, limit, fn);
  const reqs = emu.requests.slice(from);
  const sorted = [...lat].sort((a, b) => a - b);
  const f: PhaseFigures = {
    ops: n,
    wallMs: round(wallMs, 1),
    opsPerSec: Math.round((n * 1000) / wallMs),
    p50Ms: round(pct(sorted, 50)),
    p95Ms: round(pct(sorted, 95)),
    apiCalls: reqs.length,
    callsPerOp: round(reqs.length / n, 3),
    non2xx: reqs.filter((r) => r.status < 200 || r.status >= 300).length,
    endpoints: endpoints(emu, reqs),
  };
  const m = memOf(pid);
  if (m) f.rssKbAfter = m.vmRssKb;
  return f;
}
