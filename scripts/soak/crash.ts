/**
 * Crash safety: the provider process is killed (SIGKILL) at a seeded point of an `up` (while the
 * emulator holds the k-th request, before or after handling it), then `up` runs again with a fresh
 * provider process. Counts whether it converged, and what the cloud holds that state does not:
 * duplicates, orphans, and among the orphans those that carry the autoname of a resource in state
 * (found by it, as the README's recovery says). Used by `npm run soak -- --kills N` and by the tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "../../emulator";
import { seededRandom } from "../../emulator/chaos";
import { destroy, readState, startProviderServer, up, type StackOptions } from "../../harness";
import { program, type Shape, type SoakFixtures } from "./programs";

export interface CrashOutcome {
  shape: Shape;
  /** whether the kill landed (the up had not finished before the k-th request) */
  killed: boolean;
  /** the killed request was committed by the API before the kill (a "when: after" hold) */
  afterCommit: boolean;
  converged: boolean;
  duplicates: number;
  orphans: number;
  /** orphans named like a resource in state: found by the autoname */
  orphansByAutoname: number;
  memberMismatches: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pools in the cloud (every API), by ID, with their names. */
export function poolInventory(emu: Emulator): Map<string, string> {
  const all = [...emu.pools(), ...emu.masterSlavePools(), ...emu.v2Pools()] as { id: string; name?: string }[];
  return new Map(all.map((p) => [p.id, p.name ?? ""]));
}

/** Where a kill lands: while the emulator holds the (skip+1)-th request matching method and path, before or after handling it. */
export interface KillPoint {
  method?: string;
  path?: RegExp;
  skip: number;
  when: "before" | "after";
}

const matching = (p: KillPoint) => (r: { method: string; path: string }) =>
  (p.method === undefined || r.method === p.method) && (p.path === undefined || p.path.test(r.path));

/** Runs `up` and kills its provider process while the emulator holds the request the kill point names. */
async function killDuring(emu: Emulator, opts: StackOptions, shape: Shape, f: SoakFixtures, at: KillPoint) {
  const server = await startProviderServer();
  const start = emu.requests.length;
  const { when } = at;
  emu.faults.inject({ kind: "delay", delayMs: 400, skip: at.skip, when, method: at.method, path: at.path });
  let done = false;
  const running = up(program(shape, f, 0), { ...opts, server }).then(
    () => (done = true),
    () => (done = true),
  );
  let killed = false;
  for (let waited = 0; !done && waited < 60_000; waited += 5) {
    if (emu.requests.slice(start).filter(matching(at)).length > at.skip) {
      if (when === "after") await sleep(100); // inside the hold: the request is handled, its answer not yet sent
      if (server.pid !== undefined) process.kill(server.pid, "SIGKILL");
      killed = true;
      break;
    }
    await sleep(5);
  }
  await running;
  await server.close();
  emu.faults.clear();
  return killed;
}

/** What the emulator holds against what the state says: the soak's and the crash runs' one audit. */
export interface Inventory {
  /** state entries sharing one pool ID */
  aliased: number;
  /** pools the state does not know */
  orphans: number;
  /** orphans named like a pool of the state (an autoname's twin) */
  orphansByAutoname: number;
  /** pools the state knows and the emulator does not hold */
  lost: number;
  /** named pools sharing a name */
  duplicates: number;
  /** MemberBatch entries whose member count differs from the pool's */
  memberMismatches: number;
}

export function audit(emu: Emulator, statePath: string): Inventory {
  const resources = readState(statePath).resources;
  const pools = resources.filter((r) => !r.type.endsWith(":MemberBatch"));
  const ids = pools.map((r) => r.id);
  const names = new Set(pools.map((r) => String(r.outputs.name ?? "")));
  const cloud = poolInventory(emu);
  const orphanIds = [...cloud.keys()].filter((id) => !ids.includes(id));
  const cloudNames = [...cloud.values()].filter((n) => n !== "");
  let memberMismatches = 0;
  for (const r of resources.filter((x) => x.type.endsWith(":MemberBatch"))) {
    const known = Array.isArray(r.outputs.members) ? r.outputs.members.length : 0;
    if (emu.members(String(r.outputs.poolId)).length !== known) memberMismatches++;
  }
  return {
    aliased: ids.length - new Set(ids).size,
    orphans: orphanIds.length,
    orphansByAutoname: orphanIds.filter((id) => names.has(cloud.get(id) ?? "")).length,
    lost: ids.filter((id) => !cloud.has(id)).length,
    duplicates: cloudNames.length - new Set(cloudNames).size,
    memberMismatches,
  };
}

/** A seeded kill point: any request among the first `maxRequest` of the run, before or after handling. */
export function randomKillPoint(seed: number, maxRequest: number): KillPoint {
  const random = seededRandom(seed);
  return { skip: Math.floor(random() * maxRequest), when: random() < 0.5 ? "before" : "after" };
}

/** One kill at `at` and the re-run with a fresh provider process; cleans the emulator afterwards. */
export async function crashAt(emu: Emulator, base: StackOptions, f: SoakFixtures, shape: Shape, at: KillPoint): Promise<CrashOutcome> {
  const { when } = at;
  const dir = mkdtempSync(join(tmpdir(), "elb-crash-"));
  const opts: StackOptions = { ...base, statePath: join(dir, "state.json") };
  try {
    const killed = await killDuring(emu, opts, shape, f, at);
    const server = await startProviderServer();
    let converged = false;
    try {
      for (let run = 0; run < 3 && !converged; run++)
        converged = await up(program(shape, f, 0), { ...opts, server }).then(
          () => true,
          () => false,
        );
      const { duplicates, orphans, orphansByAutoname, memberMismatches } = audit(emu, opts.statePath);
      await destroy({ ...opts, server }).catch(() => undefined);
      return {
        shape,
        killed,
        afterCommit: killed && when === "after",
        converged,
        duplicates,
        orphans,
        orphansByAutoname,
        memberMismatches,
      };
    } finally {
      await server.close();
    }
  } finally {
    for (const id of poolInventory(emu).keys()) emu.outOfBand.deletePool(id);
    rmSync(dir, { recursive: true, force: true });
  }
}
