/**
 * Sections 1, 2 and 5: N members converged with `MemberBatch` through the provider server (what the engine
 * sends: Check, Diff, then Create/Update/Read/Delete), against the per-member baseline (baseline.ts), with the
 * API calls counted at the emulator, the wall time of each, and the state the batch leaves.
 */
import { MemberBatch } from "../../provider";
import { providerTexts, urnFor, type ProviderServer } from "../../harness";
import type { Emulator } from "../../emulator";
import type { ElbClient } from "../../provider/http/client";
import { perMemberBaseline, type BaselineMember } from "./baseline";
import { measured } from "./measure";

type Props = Record<string, unknown>;

export const STEPS = ["create", "no-op up", "reweight 10%", "remove 30%", "refresh", "destroy"] as const;
export type Step = (typeof STEPS)[number];
export interface StepFigures {
  calls: number;
  writes: number;
  wallMs: number;
}
export type Steps = Record<Step, StepFigures>;

export interface StateFigures {
  inputsBytes: number;
  outputsBytes: number;
  providerBytes: number;
}

/** N members as a program declares them: distinct (address, port), all in one subnet. */
export function declaredMembers(n: number, subnetCidrId: string): BaselineMember[] {
  return Array.from({ length: n }, (_, i) => ({
    address: `192.168.0.${(i % 200) + 10}`,
    protocolPort: 8000 + Math.floor(i / 200),
    subnetCidrId,
  }));
}

/** The three changes of the convergence: every tenth member's weight, then the first 30% removed. */
export function changes(want: BaselineMember[]) {
  const reweighted = want.map((m, i) => (i % 10 === 0 ? { ...m, weight: 50 } : m));
  return { reweighted, removed: reweighted.slice(Math.round(want.length * 0.3)) };
}

const writes = (reqs: { method: string }[]) => reqs.filter((r) => r.method !== "GET").length;

/** Runs one step and records its calls, writes and wall time. */
async function step<T>(emu: Emulator, out: Partial<Steps>, name: Step, run: () => Promise<T>): Promise<T> {
  const { result, wallMs, reqs } = await measured(emu, run);
  out[name] = { calls: reqs.length, writes: writes(reqs), wallMs };
  return result;
}

/** The MemberBatch convergence through the provider server; also returns the state entry after create. */
export async function oursConverge(
  emu: Emulator,
  srv: ProviderServer,
  poolId: string,
  want: BaselineMember[],
): Promise<{ steps: Steps; state: StateFigures }> {
  const batchText = (await providerTexts(() => new MemberBatch("probe", { poolId: "p", members: [] }))).MemberBatch!;
  const urn = urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:MemberBatch", `bench-${want.length}`);
  const news = (members: BaselineMember[]): Props => ({ poolId, members, __provider: batchText });
  const out: Partial<Steps> = {};
  const { reweighted, removed } = changes(want);
  const created = await step(emu, out, "create", async () => {
    const c = await srv.check(urn, {}, news(want));
    return { inputs: c.inputs, ...(await srv.create(urn, c.inputs)) };
  });
  const state = {
    inputsBytes: Buffer.byteLength(JSON.stringify(created.inputs)),
    outputsBytes: Buffer.byteLength(JSON.stringify(created.properties)),
    providerBytes: Buffer.byteLength(batchText),
  };
  const { id } = created;
  /** An up of `members`: Check against the last inputs, Diff, and Update when Diff says so. */
  const up = async (last: { inputs: Props; properties: Props }, members: BaselineMember[]) => {
    const c = await srv.check(urn, last.inputs, news(members));
    const d = await srv.diff(urn, id, last.properties, c.inputs, last.inputs);
    if (d.changes === "none") return last;
    return { inputs: c.inputs, properties: (await srv.update(urn, id, last.properties, c.inputs, last.inputs)).properties };
  };
  await step(emu, out, "no-op up", () => up(created, want));
  const u1 = await step(emu, out, "reweight 10%", () => up(created, reweighted));
  const u2 = await step(emu, out, "remove 30%", () => up(u1, removed));
  const r = await step(emu, out, "refresh", () => srv.read(urn, id, u2.properties, u2.inputs));
  await step(emu, out, "destroy", () => srv.delete(urn, id, r.properties, u2.inputs));
  return { steps: out as Steps, state };
}

/** The same convergence, one member at a time as the Terraform provider does it (baseline.ts). */
export async function baselineConverge(emu: Emulator, client: ElbClient, poolId: string, want: BaselineMember[]): Promise<Steps> {
  const out: Partial<Steps> = {};
  const b = perMemberBaseline(client, poolId);
  const { reweighted, removed } = changes(want);
  const ids = await step(emu, out, "create", () => b.create(want));
  out["no-op up"] = { calls: 0, writes: 0, wallMs: 0 }; // (a plan's refresh is counted in neither)
  const changed = reweighted.flatMap((m, i) => (m.weight === undefined ? [] : [{ id: ids[i]!, weight: m.weight }]));
  await step(emu, out, "reweight 10%", () => b.update(changed));
  const gone = ids.slice(0, want.length - removed.length);
  await step(emu, out, "remove 30%", () => b.remove(gone));
  const kept = ids.slice(gone.length);
  await step(emu, out, "refresh", () => b.refresh(kept));
  await step(emu, out, "destroy", () => b.remove(kept));
  return out as Steps;
}

export const total = (s: Steps, key: keyof StepFigures) => STEPS.reduce((sum, k) => sum + s[k][key], 0);
