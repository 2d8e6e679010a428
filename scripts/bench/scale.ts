/**
 * Sections 4 and 6: planning a 10,000-member MemberBatch change in process (check + diff, as the engine asks
 * for a plan), and one `up` of 500 pools and 100 member batches through one provider process under an
 * account rate limit, operations in parallel as the engine runs them.
 */
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { cpus } from "node:os";
import { startEmulator, type Emulator } from "../../emulator";
import { emulatorConfig, providerTexts as harnessProviderTexts, SECRET_CONFIG_KEYS, startProviderServer, urnFor } from "../../harness";
import { MemberBatch } from "../../provider";
import { makeProvider } from "../../provider/lifecycle/engine";
import { memberBatchKind } from "../../provider/resources/member-batch/provider";
import type { BenchContext } from "./context";
import { changes, declaredMembers } from "./converge";
import { round, runPool } from "./measure";
import { providerTexts } from "./floor";

type Props = Record<string, unknown>;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export interface PlanningFigures {
  members: number;
  ms: number;
  heapMb: number;
}

/** Check + diff of a 10,000-member batch whose every tenth weight changes (median of 5), and the heap it takes. */
export async function planningAtScale(subnet: string, members = 10_000): Promise<PlanningFigures> {
  const prov = makeProvider(memberBatchKind, () => {
    throw new Error("planning makes no API call");
  });
  const want = Array.from({ length: members }, (_, i) => ({
    address: `10.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}`,
    protocolPort: 80,
    subnetCidrId: subnet,
  }));
  const olds: Props = {
    poolId: "pool",
    exclusive: false,
    members: want.map((m, i) => ({ ...m, weight: 1, id: `m-${i}`, operatingStatus: "NO_MONITOR" })),
  };
  const news: Props = { poolId: "pool", members: changes(want).reweighted };
  const times: number[] = [];
  let heap = 0;
  for (let r = 0; r < 6; r++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const c = await prov.check!(olds, news);
    const d = await prov.diff!("pool/members", olds, c.inputs);
    const ms = performance.now() - t0;
    heap = Math.max(heap, process.memoryUsage().heapUsed - before);
    if (c.failures?.length || !d.changes) throw new Error("the 10,000-member change should check clean and diff as an update");
    if (r > 0) times.push(ms); // the first run compiles the validator
  }
  times.sort((a, b) => a - b);
  return { members, ms: round(times[2]!, 1), heapMb: round(heap / 2 ** 20, 1) };
}

export interface ThrottledFigures {
  pools: number;
  batches: number;
  membersEach: number;
  rps: number;
  parallel: number;
  wallS: number;
  boundS: number;
  requests: number;
  throttled: number;
  failures: number;
}

const POOLS = 500;
const BATCHES = 100;
const MEMBERS_EACH = 200;
const RPS = 20;

/** The up: every resource checked one at a time, operations run `parallel` at once, a batch after its pool. */
async function throttledUp(emu: Emulator, ctx: BenchContext, parallel: number): Promise<{ failures: number }> {
  const srv = await startProviderServer();
  try {
    await srv.configure(emulatorConfig(emu), { secretKeys: SECRET_CONFIG_KEYS });
    const lb = emu.fixtures.loadbalancers[0]!.id;
    const subnet = ctx.fixtures.subnet!.id;
    const texts = await providerTexts(() => ({ protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb }));
    const batchText = (await harnessProviderTexts(() => new MemberBatch("probe", { poolId: "p", members: [] }))).MemberBatch!;
    let failures = 0;
    let checking = Promise.resolve();
    /** The engine runs Check one at a time. */
    const check = (urn: string, news: Props) => {
      const run = checking.then(() => srv.check(urn, {}, news));
      checking = run.then(() => undefined);
      return run;
    };
    const members = declaredMembers(MEMBERS_EACH, subnet);
    await runPool(POOLS, parallel, async (i) => {
      try {
        const urn = urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:Pool", `scale-${i}`);
        const c = await check(urn, {
          name: `scale-${i}`,
          protocol: "TCP",
          lbAlgorithm: "ROUND_ROBIN",
          loadbalancerId: lb,
          __provider: texts.pool,
        });
        const pool = await srv.create(urn, c.inputs);
        if (i >= BATCHES) return;
        const burn = urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:MemberBatch", `scale-${i}`);
        const b = await check(burn, { poolId: pool.id, members, __provider: batchText });
        await srv.create(burn, b.inputs);
      } catch (e) {
        failures++;
        if (failures === 1) console.error(`throttled run: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    return { failures };
  } finally {
    await srv.close();
  }
}

/** Section 6 on an emulator of its own with the account limit; its bound is what the limit allows. */
export async function throttledScale(ctx: BenchContext): Promise<ThrottledFigures> {
  const emu = await startEmulator({ port: 0, rateLimit: { requestsPerSecond: RPS }, quotas: { poolsPerProject: POOLS + 10 } });
  const parallel = 4 * cpus().length; // DESIGN: the engine's default, 4 × CPUs
  try {
    const t0 = performance.now();
    const { failures } = await throttledUp(emu, ctx, parallel);
    const wallS = (performance.now() - t0) / 1000;
    const throttled = emu.requests.filter((r) => r.status === 429).length;
    const requests = emu.requests.length - throttled;
    return {
      pools: POOLS,
      batches: BATCHES,
      membersEach: MEMBERS_EACH,
      rps: RPS,
      parallel,
      wallS: round(wallS, 1),
      boundS: round(Math.max(0, requests - RPS) / RPS, 1), // a burst of one second's worth, then the limit
      requests,
      throttled,
      failures,
    };
  } finally {
    await emu.close();
  }
}
