/** Section 3: N pools through the SDK's dynamic-provider gRPC server against the emulator, phase by phase. */
import { urnFor, type ProviderServer } from "../../harness";
import { CONCURRENCY, N, typical, type BenchContext, type Props } from "./context";
import { phase, type PhaseFigures } from "./measure";

export const poolUrn = (name: string) => urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:Pool", name, "bench", "bench");

/**
 * 3a. warm-up: one pool through every RPC (loads the provider, discovers the project through IAM,
 * opens connections).
 */
export function warmUp(ctx: BenchContext, srv: ProviderServer): Promise<PhaseFigures> {
  const urn = poolUrn("warm");
  return phase(
    ctx.emu,
    1,
    1,
    async () => {
      const checked = await srv.check(urn, {}, ctx.withProvider(typical(ctx.fixtures.lb.id, "bench-warm")));
      const { id, properties } = await srv.create(urn, checked.inputs);
      await srv.diff(urn, id, properties, checked.inputs, checked.inputs);
      await srv.read(urn, id, properties, checked.inputs);
      const changed = await srv.check(urn, checked.inputs, { ...checked.inputs, description: "warm 2" });
      const upd = await srv.update(urn, id, properties, changed.inputs, checked.inputs);
      await srv.delete(urn, id, upd.properties, changed.inputs);
    },
    srv.pid,
  );
}

type Entry = { id: string; news: Props; outs: Props };
const name = (i: number) => `bench-${String(i).padStart(3, "0")}`;

/** The RPCs of each phase of 3b, for pool i; `pools` holds each pool's id, checked inputs and outputs. */
function phaseRpcs(ctx: BenchContext, srv: ProviderServer, pools: Entry[], noopDiffs: { changes: number }) {
  const urn = (i: number) => poolUrn(name(i));
  return {
    async create(i: number) {
      const checked = await srv.check(urn(i), {}, ctx.withProvider(typical(ctx.fixtures.lb.id, name(i))));
      if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      const { id, properties } = await srv.create(urn(i), checked.inputs);
      pools[i] = { id, news: checked.inputs, outs: properties };
    },
    async diff(i: number) {
      const p = pools[i];
      const d = await srv.diff(urn(i), p.id, p.outs, p.news, p.news);
      if (d.changes !== "none") noopDiffs.changes++;
    },
    async read(i: number) {
      const p = pools[i];
      await srv.read(urn(i), p.id, p.outs, p.news);
    },
    async update(i: number) {
      const p = pools[i];
      const checked = await srv.check(urn(i), p.news, { ...p.news, description: `updated ${i}` });
      const res = await srv.update(urn(i), p.id, p.outs, checked.inputs, p.news);
      pools[i] = { id: p.id, news: checked.inputs, outs: res.properties };
    },
    async delete(i: number) {
      const p = pools[i];
      await srv.delete(urn(i), p.id, p.outs, p.news);
    },
  };
}

/** 3b. N pools through the gRPC server: create, no-op diff, read, update, delete; after the warm-up's figures. */
export async function grpcPhases(
  ctx: BenchContext,
  srv: ProviderServer,
  warm: PhaseFigures,
): Promise<{ phases: Record<string, PhaseFigures>; diffChanges: number }> {
  const pools: Entry[] = new Array<Entry>(N);
  const noopDiffs = { changes: 0 };
  const phases: Record<string, PhaseFigures> = { warmup: warm };
  for (const [key, rpc] of Object.entries(phaseRpcs(ctx, srv, pools, noopDiffs))) {
    phases[key] = await phase(ctx.emu, N, CONCURRENCY, rpc, srv.pid);
  }
  return { phases, diffChanges: noopDiffs.changes };
}
