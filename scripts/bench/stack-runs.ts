/** Sections 4 and 5: the quickstart through the stack runner, and a MemberBatch of a thousand members over gRPC. */
import { join } from "node:path";
import { quickstart, type QuickstartSettings } from "../../examples/quickstart/program";
import { MemberBatch } from "../../provider";
import { destroy, emulatorStack, preview, registrations, up, urnFor, type ProviderServer, type RunResult } from "../../harness";
import { typical, type BenchContext, type Props } from "./context";
import { poolUrn } from "./grpc";
import { endpoints, measured } from "./measure";

/** members in the MemberBatch section (the figure: a thousand) */
export const MEMBERS = 1000;

export type QuickstartFigures = Record<string, { wallMs: number; apiCalls: number; writes: number; plan: string }>;

/** How many steps of each op a run took ("3 create, 1 delete"), or "no changes". */
function planSummary(res: RunResult): string {
  const ops: Record<string, number> = {};
  for (const s of res.steps) ops[s.op] = (ops[s.op] ?? 0) + 1;
  return (
    Object.entries(ops)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ") || "no changes"
  );
}

/** 4. the quickstart through the stack runner: preview, up, preview again, destroy. Undefined without a TCP listener. */
export async function quickstartRuns(ctx: BenchContext, srv: ProviderServer): Promise<QuickstartFigures | undefined> {
  const { emu, fixtures } = ctx;
  if (!fixtures.listener) return undefined;
  const opts = emulatorStack(emu, { server: srv, statePath: join(ctx.dir, "state.json"), project: "quickstart", stack: "bench" });
  const settings: QuickstartSettings = {
    loadbalancerId: fixtures.lb.id,
    listenerId: fixtures.listener.id,
    subnetCidrId: fixtures.subnet!.id,
  };
  const qs: QuickstartFigures = {};
  const step = async (key: string, run: () => Promise<RunResult>) => {
    const { result, wallMs, reqs } = await measured(emu, run);
    qs[key] = { wallMs, apiCalls: reqs.length, writes: reqs.filter((r) => r.method !== "GET").length, plan: planSummary(result) };
  };
  await step("preview", () => preview(() => quickstart(settings), opts));
  await step("up", () => up(() => quickstart(settings), opts));
  await step("preview (no changes)", () => preview(() => quickstart(settings), opts));
  await step("destroy", () => destroy(opts));
  return qs;
}

export type MemberFigures = Record<string, { wallMs: number; apiCalls: number; endpoints: Record<string, number> }>;

/** 5. MemberBatch: a thousand members through the gRPC server, on a pool of their own. */
export async function memberBatchRuns(ctx: BenchContext, srv: ProviderServer): Promise<MemberFigures> {
  const { emu } = ctx;
  const members: MemberFigures = {};
  const subnet = ctx.fixtures.subnet!.id;
  const batchRegs = await registrations(() => new MemberBatch("probe", { poolId: "p", members: [] }));
  const batchText = batchRegs[0].inputs.__provider as string;
  const burn = urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:MemberBatch", "bench-members");
  const poolChecked = await srv.check(
    poolUrn("bench-members-pool"),
    {},
    ctx.withProvider(typical(ctx.fixtures.lb.id, "bench-members-pool")),
  );
  const pool = await srv.create(poolUrn("bench-members-pool"), poolChecked.inputs);
  const want = Array.from({ length: MEMBERS }, (_, i) => ({
    address: `192.168.0.${(i % 200) + 10}`,
    protocolPort: 8000 + Math.floor(i / 200),
    subnetCidrId: subnet,
  }));
  const measure = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const { result, wallMs, reqs } = await measured(emu, run);
    members[label] = { wallMs, apiCalls: reqs.length, endpoints: endpoints(emu, reqs) };
    return result;
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
  await srv.delete(poolUrn("bench-members-pool"), pool.id, pool.properties);
  return members;
}
