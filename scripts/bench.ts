/**
 * `npm run bench`: figures for speed, size and memory, printed as a table plus one `BENCH_JSON {...}`
 * line to compare across commits. Nothing is asserted.
 *
 *   1. check + diff of a typical Pool input, in process (and the cold first check: ajv compile)
 *   2. the serialized `__provider` size (Pool constructed under setMocks)
 *   3. N pools through the SDK's dynamic-provider gRPC server against the emulator: create, no-op
 *      diff, read, update, delete; per phase wall time, p50/p95, API calls the emulator counted,
 *      and the provider process's RSS (/proc/<pid>/status); plus the same create/delete in process
 *      (makeProvider + ElbClient, no gRPC) as a baseline
 *   4. the quickstart through the stack runner: preview, up, preview again, destroy
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator, type Emulator, type RequestRecord } from "../emulator";
import { quickstart, type QuickstartSettings } from "../examples/quickstart/program";
import { MemberBatch, Pool } from "../provider";
import { resolveSettings } from "../provider/config";
import { ElbClient } from "../provider/http/client";
import { checkInputs } from "../provider/lifecycle/check";
import { diffProperties } from "../provider/lifecycle/diff";
import { makeProvider } from "../provider/lifecycle/engine";
import { poolKind } from "../provider/resources/pool/provider";
import { poolSchema } from "../provider/resources/pool/schema";
import {
  emulatorConfig,
  SECRET_CONFIG_KEYS,
  registrations,
  startProviderServer,
  urnFor,
  type ProviderServer,
  destroy,
  preview,
  up,
  type RunResult,
  type StackOptions,
} from "../harness";

const N = 200;
const CONCURRENCY = 8;
/** members in the MemberBatch section (the figure: a thousand) */
const MEMBERS = 1000;
/** Warm-up: at least this many calls and this long (JIT tiers settle late on 2 cores). */
const WARMUP_ITERS = 5000;
const WARMUP_MS = 400;
const BATCHES = 7;
const BATCH_ITERS = 2000;

type Props = Record<string, unknown>;

// ------------------------------------------------------------------------------------------------
// helpers

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function median(xs: number[]): number {
  return pct(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

/** Median µs/op over BATCHES batches of BATCH_ITERS, after the warm-up. */
function microbench(fn: () => unknown): { usPerOp: number; opsPerSec: number } {
  for (let i = 0, t0 = performance.now(); i < WARMUP_ITERS || performance.now() - t0 < WARMUP_MS; i++) fn();
  const per: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const t0 = performance.now();
    for (let i = 0; i < BATCH_ITERS; i++) fn();
    per.push(((performance.now() - t0) * 1000) / BATCH_ITERS);
  }
  const us = median(per);
  return { usPerOp: round(us, 2), opsPerSec: Math.round(1e6 / us) };
}

async function microbenchAsync(fn: () => Promise<unknown>): Promise<{ usPerOp: number; opsPerSec: number }> {
  for (let i = 0, t0 = performance.now(); i < WARMUP_ITERS || performance.now() - t0 < WARMUP_MS; i++) await fn();
  const per: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const t0 = performance.now();
    for (let i = 0; i < BATCH_ITERS; i++) await fn();
    per.push(((performance.now() - t0) * 1000) / BATCH_ITERS);
  }
  const us = median(per);
  return { usPerOp: round(us, 2), opsPerSec: Math.round(1e6 / us) };
}

/** Runs `fn(i)` for i < n with at most `limit` in flight; returns per-op latencies (ms) and wall time. */
async function runPool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<{ wallMs: number; lat: number[] }> {
  const lat: number[] = new Array(n);
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

function table(header: string[], rows: (string | number)[][], indent = "  "): string {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  // first column left-aligned, numbers right-aligned, last column (free text) left-aligned
  return cells
    .map(
      (r) =>
        indent +
        r
          .map((c, i) => (i === 0 || (i === r.length - 1 && isNaN(Number(c))) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
          .join("  ")
          .trimEnd(),
    )
    .join("\n");
}

/** Finds the child process running the SDK's dynamic-provider server (the harness does not expose it). */
function findProviderPid(): number | undefined {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes("dynamic-provider")) found.push(Number(entry));
    } catch {
      // process gone or not readable
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

function memOf(pid: number | undefined): { vmRssKb: number; vmHwmKb: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(s)?.[1] ?? NaN);
    return { vmRssKb: kb("VmRSS"), vmHwmKb: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

const mb = (kb: number | undefined) => (kb === undefined || Number.isNaN(kb) ? "n/a" : (kb / 1024).toFixed(1));

function gitCommit(): string {
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
function endpoints(emu: Emulator, reqs: RequestRecord[]): Record<string, number> {
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

interface PhaseFigures {
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

/** Runs one phase and counts what reached the emulator during it. */
async function phase(emu: Emulator, n: number, limit: number, fn: (i: number) => Promise<void>, pid?: number): Promise<PhaseFigures> {
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

const fmtEndpoints = (e: Record<string, number>) =>
  Object.entries(e)
    .map(([k, v]) => `${k} ×${v}`)
    .join(", ") || "-";

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date().toISOString();
  const commit = gitCommit();
  const cpuCount = cpus().length;

  // A typical Pool input: the quickstart's web pool. The load balancer id is the emulator's first one.
  const typical = (loadbalancerId: string, name = "web"): Props => ({
    name,
    description: "HTTP backends",
    protocol: "HTTP",
    lbAlgorithm: "ROUND_ROBIN",
    loadbalancerId,
    sessionPersistence: { type: "HTTP_COOKIE", persistenceTimeout: 30 },
    slowStart: { enable: true, duration: 60 },
  });

  // 1a. cold check: the first call compiles the schema with ajv. Must run before anything else checks.
  const placeholderLb = "00000000-0000-4000-8000-000000000000";
  const c0 = performance.now();
  const coldFailures = checkInputs(poolSchema, typical(placeholderLb));
  const coldCheckMs = round(performance.now() - c0, 2);
  const c1 = performance.now();
  checkInputs(poolSchema, typical(placeholderLb));
  const secondCheckUs = round((performance.now() - c1) * 1000, 1);

  // 2. the serialized __provider, as the SDK registers it.
  const regs = await registrations(() => new Pool("probe", typical(placeholderLb) as ConstructorParameters<typeof Pool>[1]));
  const providerText = regs[0].inputs.__provider as string;
  const providerBytes = Buffer.byteLength(providerText, "utf8");

  const emu = await startEmulator({ port: 0 });
  const config = emulatorConfig(emu);
  const secretKeys = SECRET_CONFIG_KEYS;
  const lb = emu.fixtures.loadbalancers[0];
  const withProvider = (p: Props): Props => ({ ...p, __provider: providerText });
  // The in-process provider (what the provider process runs, without gRPC), for 1b and the 3c baseline.
  const settings = resolveSettings({ get: (k) => (config as Record<string, string>)[k] }, {});
  const inProcClient = new ElbClient(settings);
  const ctx = { client: inProcClient };
  const prov = makeProvider(poolKind, () => ctx);
  let server: ProviderServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), "elb-bench-"));

  try {
    // 1b. hot check + diff in process, before the provider server starts (it would compete for the 2
    // cores), with a real pool's outputs as olds: a no-op diff, as for most resources in a plan.
    const realNews = withProvider(typical(lb.id, "bench-real"));
    const created = await prov.create!(realNews); // also does the client's IAM project discovery
    const realOuts: Props = { ...created.outs, __provider: providerText };
    await prov.delete!(created.id, created.outs);
    const noop = diffProperties(poolSchema, realOuts, realNews);
    const check = microbench(() => checkInputs(poolSchema, realNews));
    const diff = microbench(() => diffProperties(poolSchema, realOuts, realNews));
    const checkDiff = microbench(() => {
      checkInputs(poolSchema, realNews);
      diffProperties(poolSchema, realOuts, realNews);
    });
    const provCheckDiff = await microbenchAsync(async () => {
      await prov.check!({}, realNews);
      await prov.diff!("x", realOuts, realNews);
    });

    server = await startProviderServer();
    const pid = findProviderPid();
    const memStart = memOf(pid);
    await server.configure(config, { secretKeys });
    const srv = server;
    const urn = (name: string) => urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:Pool", name, "bench", "bench");

    // 3a. warm-up: one pool through every RPC (loads the provider, discovers the project through IAM,
    // opens connections).
    const warm = await phase(
      emu,
      1,
      1,
      async () => {
        const checked = await srv.check(urn("warm"), {}, withProvider(typical(lb.id, "bench-warm")));
        const { id, properties } = await srv.create(urn("warm"), checked.inputs);
        await srv.diff(urn("warm"), id, properties, checked.inputs, checked.inputs);
        await srv.read(urn("warm"), id, properties, checked.inputs);
        const changed = await srv.check(urn("warm"), checked.inputs, { ...checked.inputs, description: "warm 2" });
        const upd = await srv.update(urn("warm"), id, properties, changed.inputs, checked.inputs);
        await srv.delete(urn("warm"), id, upd.properties, changed.inputs);
      },
      pid,
    );

    // 3b. N pools through the gRPC server.
    type Entry = { id: string; news: Props; outs: Props };
    const pools: Entry[] = new Array(N);
    const name = (i: number) => `bench-${String(i).padStart(3, "0")}`;
    const grpc: Record<string, PhaseFigures> = { warmup: warm };
    grpc.create = await phase(
      emu,
      N,
      CONCURRENCY,
      async (i) => {
        const checked = await srv.check(urn(name(i)), {}, withProvider(typical(lb.id, name(i))));
        if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        const { id, properties } = await srv.create(urn(name(i)), checked.inputs);
        pools[i] = { id, news: checked.inputs, outs: properties };
      },
      pid,
    );
    let diffChanges = 0;
    grpc.diff = await phase(
      emu,
      N,
      CONCURRENCY,
      async (i) => {
        const p = pools[i];
        const d = await srv.diff(urn(name(i)), p.id, p.outs, p.news, p.news);
        if (d.changes !== "none") diffChanges++;
      },
      pid,
    );
    grpc.read = await phase(
      emu,
      N,
      CONCURRENCY,
      async (i) => {
        const p = pools[i];
        await srv.read(urn(name(i)), p.id, p.outs, p.news);
      },
      pid,
    );
    grpc.update = await phase(
      emu,
      N,
      CONCURRENCY,
      async (i) => {
        const p = pools[i];
        const checked = await srv.check(urn(name(i)), p.news, { ...p.news, description: `updated ${i}` });
        const res = await srv.update(urn(name(i)), p.id, p.outs, checked.inputs, p.news);
        pools[i] = { id: p.id, news: checked.inputs, outs: res.properties };
      },
      pid,
    );
    grpc.delete = await phase(
      emu,
      N,
      CONCURRENCY,
      async (i) => {
        const p = pools[i];
        await srv.delete(urn(name(i)), p.id, p.outs, p.news);
      },
      pid,
    );
    const memAfterGrpc = memOf(pid);

    // 3c. the same create/delete in process (makeProvider + ElbClient): the cost without gRPC.
    const inproc: Record<string, PhaseFigures> = {};
    const ipIds: { id: string; outs: Props }[] = new Array(N);
    inproc.create = await phase(emu, N, CONCURRENCY, async (i) => {
      const inputs = withProvider(typical(lb.id, `inproc-${i}`));
      await prov.check!({}, inputs);
      const r = await prov.create!(inputs);
      ipIds[i] = { id: r.id, outs: r.outs };
    });
    inproc.delete = await phase(emu, N, CONCURRENCY, async (i) => {
      await prov.delete!(ipIds[i].id, ipIds[i].outs);
    });

    // 4. the quickstart through the stack runner.
    const listener = emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb.id);
    const qs: Record<string, { wallMs: number; apiCalls: number; writes: number; plan: string }> = {};
    if (listener) {
      const opts: StackOptions = {
        server: srv,
        statePath: join(dir, "state.json"),
        project: "quickstart",
        stack: "bench",
        config,
        secretConfigKeys: secretKeys,
      };
      const settingsQs: QuickstartSettings = {
        loadbalancerId: lb.id,
        listenerId: listener.id,
        subnetCidrId: emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id,
      };
      const step = async (key: string, run: () => Promise<RunResult>) => {
        const from = emu.requests.length;
        const t0 = performance.now();
        const res = await run();
        const wallMs = round(performance.now() - t0, 1);
        const reqs = emu.requests.slice(from);
        const ops: Record<string, number> = {};
        for (const s of res.steps) ops[s.op] = (ops[s.op] ?? 0) + 1;
        qs[key] = {
          wallMs,
          apiCalls: reqs.length,
          writes: reqs.filter((r) => r.method !== "GET").length,
          plan:
            Object.entries(ops)
              .map(([k, v]) => `${v} ${k}`)
              .join(", ") || "no changes",
        };
      };
      await step("preview", () => preview(() => quickstart(settingsQs), opts));
      await step("up", () => up(() => quickstart(settingsQs), opts));
      await step("preview (no changes)", () => preview(() => quickstart(settingsQs), opts));
      await step("destroy", () => destroy(opts));
    }
    // 5. MemberBatch: a thousand members through the gRPC server.
    const members: Record<string, { wallMs: number; apiCalls: number; endpoints: Record<string, number> }> = {};
    {
      const subnet = emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id;
      const batchRegs = await registrations(() => new MemberBatch("probe", { poolId: "p", members: [] }));
      const batchText = batchRegs[0].inputs.__provider as string;
      const burn = urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:MemberBatch", "bench-members");
      const poolChecked = await srv.check(urn("bench-members-pool"), {}, withProvider(typical(lb.id, "bench-members-pool")));
      const pool = await srv.create(urn("bench-members-pool"), poolChecked.inputs);
      const want = Array.from({ length: MEMBERS }, (_, i) => ({
        address: `192.168.0.${(i % 200) + 10}`,
        protocolPort: 8000 + Math.floor(i / 200),
        subnetCidrId: subnet,
      }));
      const measure = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
        const from = emu.requests.length;
        const t0 = performance.now();
        const res = await run();
        members[label] = {
          wallMs: round(performance.now() - t0, 1),
          apiCalls: emu.requests.length - from,
          endpoints: endpoints(emu, emu.requests.slice(from)),
        };
        return res;
      };
      const checked = (list: Props[]) => srv.check(burn, {}, { poolId: pool.id, members: list, __provider: batchText });
      const c1 = await checked(want);
      const created = await measure(`create (${MEMBERS} members)`, () => srv.create(burn, c1.inputs));
      await measure("diff (no-op)", () => srv.diff(burn, created.id, created.properties, c1.inputs));
      const reweighted = want.map((x, i) => (i % 100 === 0 ? { ...x, weight: 50 } : x));
      const c2 = await checked(reweighted);
      const u2 = await measure("update (10 weights)", () => srv.update(burn, created.id, created.properties, c2.inputs));
      const c3 = await checked(reweighted.slice(300));
      const u3 = await measure("update (remove 300)", () => srv.update(burn, created.id, u2.properties, c3.inputs));
      const r = await measure("read (refresh)", () => srv.read(burn, created.id, u3.properties));
      await measure(`delete (${MEMBERS - 300} members)`, () => srv.delete(burn, created.id, r.properties));
      await srv.delete(urn("bench-members-pool"), pool.id, pool.properties);
    }

    const memEnd = memOf(pid);
    const leftOver = emu.pools().length;

    // ------------------------------------------------------------------------------------------------
    // report
    const out: string[] = [];
    out.push(
      `pulumi-huaweicloud-elb bench   node ${process.version}   ${date}   commit ${commit}   ${process.platform}/${process.arch}, ${cpuCount} cpus`,
    );
    out.push("");
    out.push(
      `1. check + diff in process (typical Pool input; median of ${BATCHES}×${BATCH_ITERS} after ≥${WARMUP_ITERS} calls / ${WARMUP_MS} ms warm-up)`,
    );
    out.push(
      table(
        ["op", "ops/s", "µs/op"],
        [
          ["checkInputs", check.opsPerSec, check.usPerOp],
          ["diffProperties (no-op)", diff.opsPerSec, diff.usPerOp],
          ["check + diff", checkDiff.opsPerSec, checkDiff.usPerOp],
          ["provider.check + .diff (makeProvider, async)", provCheckDiff.opsPerSec, provCheckDiff.usPerOp],
        ],
      ),
    );
    out.push(`  cold first check (ajv compile): ${coldCheckMs} ms (second call ${secondCheckUs} µs; ${coldFailures.length} failures)`);
    out.push(
      `  diff of the input against a created pool's outputs: updates [${noop.updates.join(", ")}], replaces [${noop.replaces.join(", ")}]`,
    );
    out.push("");
    out.push(`2. serialized __provider: ${providerBytes} bytes`);
    out.push("");
    out.push(`3. gRPC provider server → emulator: N=${N} pools on ${lb.name}, concurrency ${CONCURRENCY}`);
    const rows = (figs: Record<string, PhaseFigures>, labels: Record<string, string>, rss: boolean) =>
      Object.entries(figs).map(([k, f]) => [
        labels[k] ?? k,
        f.ops,
        f.wallMs,
        f.opsPerSec,
        f.p50Ms,
        f.p95Ms,
        f.apiCalls,
        f.callsPerOp,
        f.non2xx,
        ...(rss ? [mb(f.rssKbAfter)] : []),
        fmtEndpoints(f.endpoints),
      ]);
    const labels = {
      warmup: "warm-up (all RPCs, 1 pool)",
      create: "create (Check+Create)",
      diff: "diff (no-op)",
      read: "read",
      update: "update (Check+Update descr.)",
      delete: "delete",
    };
    out.push(
      table(
        ["phase", "ops", "wall ms", "ops/s", "p50 ms", "p95 ms", "API", "API/op", "non2xx", "RSS MB", "API calls by endpoint"],
        rows(grpc, labels, true),
      ),
    );
    out.push(`  no-op diffs reporting a change: ${diffChanges}`);
    if (pid !== undefined) {
      out.push(
        `  provider process (pid ${pid}, /proc/<pid>/status): VmRSS start ${mb(memStart?.vmRssKb)} MB, after the ${N}-pool phases ${mb(memAfterGrpc?.vmRssKb)} MB, end ${mb(memEnd?.vmRssKb)} MB; VmHWM ${mb(memEnd?.vmHwmKb)} MB`,
      );
    } else {
      out.push("  provider process memory: n/a (its pid was not found among this process's children)");
    }
    out.push(`  baseline in process (makeProvider + ElbClient, no gRPC), same pools; client stats ${JSON.stringify(inProcClient.stats)}`);
    out.push(
      table(
        ["phase", "ops", "wall ms", "ops/s", "p50 ms", "p95 ms", "API", "API/op", "non2xx", "API calls by endpoint"],
        rows(inproc, { create: "create (check+create)", delete: "delete" }, false),
      ),
    );
    out.push("");
    if (listener) {
      out.push("4. quickstart (2 pools and a member batch of 3) through the stack runner");
      out.push(
        table(
          ["phase", "wall ms", "API", "writes", "plan"],
          Object.entries(qs).map(([k, v]) => [k, v.wallMs, v.apiCalls, v.writes, v.plan]),
        ),
      );
    } else {
      out.push("4. quickstart: n/a (the emulator has no TCP listener on its first load balancer)");
    }
    out.push("");
    out.push(`5. MemberBatch with ${MEMBERS} members, gRPC provider server → emulator`);
    out.push(
      table(
        ["step", "wall ms", "API", "API calls by endpoint"],
        Object.entries(members).map(([k, v]) => [k, v.wallMs, v.apiCalls, fmtEndpoints(v.endpoints)]),
      ),
    );
    out.push(`  pools left on the emulator: ${leftOver}; bench took ${round((performance.now() - started) / 1000, 1)} s`);
    console.log(out.join("\n"));

    const json = {
      node: process.version,
      date,
      commit,
      cpus: cpuCount,
      inProcess: { coldCheckMs, secondCheckUs, check, diff, checkDiff, providerCheckDiff: provCheckDiff },
      providerBytes,
      grpc: {
        n: N,
        concurrency: CONCURRENCY,
        phases: grpc,
        noopDiffChanges: diffChanges,
        memory:
          pid === undefined
            ? "n/a"
            : {
                pid,
                startRssKb: memStart?.vmRssKb,
                afterPhasesRssKb: memAfterGrpc?.vmRssKb,
                endRssKb: memEnd?.vmRssKb,
                vmHwmKb: memEnd?.vmHwmKb,
              },
      },
      inProcessProvider: { phases: inproc, clientStats: inProcClient.stats },
      quickstart: listener ? qs : "n/a",
      memberBatch: members,
      leftOverPools: leftOver,
      totalS: round((performance.now() - started) / 1000, 1),
    };
    console.log(`BENCH_JSON ${JSON.stringify(json)}`);
  } finally {
    await inProcClient.close();
    await server?.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
