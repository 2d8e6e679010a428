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
 *   5. a MemberBatch of a thousand members through the gRPC server
 */
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { SECRET_CONFIG_KEYS, startProviderServer, type ProviderServer } from "../harness";
import { serializedPoolProvider, setUp, tearDown } from "./bench/context";
import { grpcPhases, warmUp } from "./bench/grpc";
import { coldCheck, hotCheckDiff, inProcessBaseline } from "./bench/in-process";
import { gitCommit, memOf, round } from "./bench/measure";
import { reportJson, reportText, type Figures } from "./bench/report";
import { memberBatchRuns, quickstartRuns } from "./bench/stack-runs";

async function main(): Promise<void> {
  const started = performance.now();
  const meta = { date: new Date().toISOString(), commit: gitCommit(), cpus: cpus().length };
  const cold = coldCheck(); // 1a: first of all, before anything else checks
  const providerText = await serializedPoolProvider(); // 2
  const ctx = await setUp(providerText);
  let server: ProviderServer | undefined;
  try {
    const hot = await hotCheckDiff(ctx); // 1b: before the provider server competes for the cores
    server = await startProviderServer();
    const pid = server.pid;
    const memStart = memOf(pid);
    await server.configure(ctx.config, { secretKeys: SECRET_CONFIG_KEYS });
    const grpc = await grpcPhases(ctx, server, await warmUp(ctx, server)); // 3a, 3b
    const memAfterGrpc = memOf(pid);
    const inproc = await inProcessBaseline(ctx); // 3c
    const quickstart = await quickstartRuns(ctx, server); // 4
    const members = await memberBatchRuns(ctx, server); // 5
    const figures: Figures = {
      meta,
      cold,
      hot,
      providerBytes: Buffer.byteLength(providerText, "utf8"),
      lbName: ctx.fixtures.lb.name,
      grpc,
      pid,
      memory: { start: memStart, afterGrpc: memAfterGrpc, end: memOf(pid) },
      inproc,
      clientStats: ctx.inProcClient.stats,
      quickstart,
      members,
      leftOver: ctx.emu.pools().length,
    };
    const totalS = () => round((performance.now() - started) / 1000, 1);
    console.log(reportText(figures, totalS()));
    console.log(`BENCH_JSON ${JSON.stringify(reportJson(figures, totalS()))}`);
  } finally {
    await tearDown(ctx, server);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
