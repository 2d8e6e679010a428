/**
 * `npm run bench`: the figures side by side, in one run and one table (plus a `BENCH_JSON {...}` line to
 * compare across commits). Nothing is asserted.
 *
 *   1-2. N ∈ {10, 200, 1000} members converged with MemberBatch through the provider server, against the
 *        Terraform-style per-member baseline over the same client; calls counted at the emulator, wall
 *        time with 20 ms added per request
 *   3.   Check+Diff and cold start against a trivial dynamic provider in the same SDK server
 *   4.   planning a 10,000-member change in process: time and heap
 *   5.   state bytes: `__provider`, a Pool's entry, a 1,000-member batch per member
 *   6.   500 pools and 100 batches of 200 members in one up through one provider process, under a
 *        20 requests/s account limit
 *   7.   the emulator alone: requests per second
 */
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { startEmulator, type Emulator } from "../emulator";
import { emulatorClient, emulatorConfig, SECRET_CONFIG_KEYS, startProviderServer, urnFor, type ProviderServer } from "../harness";
import { setUp, tearDown, typical, type BenchContext } from "./bench/context";
import { baselineConverge, declaredMembers, oursConverge } from "./bench/converge";
import { emulatorRps } from "./bench/emulator-rps";
import { checkDiffRoundTrip, coldStart, providerTexts } from "./bench/floor";
import { gitCommit, round } from "./bench/measure";
import { reportText, type Figures } from "./bench/report";
import { planningAtScale, throttledScale } from "./bench/scale";

const SIZES = [10, 200, 1000];
const LATENCY_MS = 20;

/** Sections 1, 2 and 5: each N on a pool of its own, on an emulator that adds LATENCY_MS to every request. */
async function converge(ctx: BenchContext): Promise<Figures["converge"]> {
  const emu: Emulator = await startEmulator({ port: 0, latencyMs: LATENCY_MS });
  const config = emulatorConfig(emu);
  const client = emulatorClient(emu);
  const srv = await startProviderServer();
  try {
    await srv.configure(config, { secretKeys: SECRET_CONFIG_KEYS });
    const lb = emu.fixtures.loadbalancers[0]!.id;
    const newPool = async () =>
      (
        await client.elb<{ pool: { id: string } }>({
          method: "POST",
          path: ["pools"],
          body: { pool: { protocol: "TCP", lb_algorithm: "ROUND_ROBIN", loadbalancer_id: lb } },
          creates: true,
        })
      ).body.pool.id;
    const out: Figures["converge"] = [];
    for (const n of SIZES) {
      const want = declaredMembers(n, ctx.fixtures.subnet!.id);
      const ours = await oursConverge(emu, srv, await newPool(), want);
      const baseline = await baselineConverge(emu, client, await newPool(), want);
      out.push({ n, ours: ours.steps, baseline, state: ours.state });
    }
    return out;
  } finally {
    await srv.close();
    await client.close();
    await emu.close();
  }
}

/** Section 3 and a Pool's state entry (section 5), on the bench's plain emulator. */
async function floor(ctx: BenchContext, srv: ProviderServer) {
  const inputs = () => typical(ctx.fixtures.lb.id, "bench-floor");
  const texts = await providerTexts(inputs);
  const checkDiffUs = await checkDiffRoundTrip(srv, texts, inputs());
  const urn = urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:Pool", "entry");
  const c = await srv.check(urn, {}, { ...inputs(), name: "bench-entry", __provider: texts.pool });
  const created = await srv.create(urn, c.inputs);
  const poolEntry = {
    inputsBytes: Buffer.byteLength(JSON.stringify(c.inputs)),
    outputsBytes: Buffer.byteLength(JSON.stringify(created.properties)),
    providerBytes: Buffer.byteLength(texts.pool),
  };
  const coldStartMs = await coldStart(texts, inputs(), ctx.config);
  return { checkDiffUs, coldStartMs, poolEntry };
}

async function main(): Promise<void> {
  const started = performance.now();
  const meta = { date: new Date().toISOString(), commit: gitCommit(), cpus: cpus().length, node: process.version };
  const ctx = await setUp();
  let server: ProviderServer | undefined;
  try {
    const planning = await planningAtScale(ctx.fixtures.subnet!.id); // first: nothing else competes for the cores
    server = await startProviderServer();
    await server.configure(ctx.config, { secretKeys: SECRET_CONFIG_KEYS });
    const { checkDiffUs, coldStartMs, poolEntry } = await floor(ctx, server);
    await server.close();
    server = undefined;
    const figures: Figures = {
      meta,
      converge: await converge(ctx),
      latencyMs: LATENCY_MS,
      checkDiffUs,
      coldStartMs,
      planning,
      poolEntry,
      throttled: await throttledScale(ctx),
      emulatorRps: await emulatorRps(),
    };
    const totalS = round((performance.now() - started) / 1000, 1);
    console.log(reportText(figures, totalS));
    console.log(`BENCH_JSON ${JSON.stringify({ ...figures, totalS })}`);
  } finally {
    await tearDown(ctx, server);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
