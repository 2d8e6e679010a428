/** How the bench measures: concurrent operations, the API calls a run makes, the commit measured. */
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import type { Emulator, RequestRecord } from "../../emulator";

export const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

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

/** Runs `run` and returns its result, its wall time and the requests that reached the emulator meanwhile. */
export async function measured<T>(emu: Emulator, run: () => Promise<T>): Promise<{ result: T; wallMs: number; reqs: RequestRecord[] }> {
  const from = emu.requests.length;
  const t0 = performance.now();
  const result = await run();
  const wallMs = round(performance.now() - t0, 1);
  return { result, wallMs, reqs: emu.requests.slice(from) };
}
