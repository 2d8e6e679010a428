/**
 * Seeded random faults: reproducible (same seed → same faults in the same order), at the asked share,
 * every kind answering as the real API does, and a fault "after" leaving the change committed.
 */
import type { ChaosKind } from "../../emulator";
import { tcpPool, useEmulator } from "./helpers";

const env = useEmulator({ sleep: async () => undefined });

/** The statuses of n listings (0 for a reset connection). */
async function listings(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await env.api.listPools().then(
        (r) => r.status,
        () => 0,
      ),
    );
  return out;
}

test("the same seed gives the same faults in the same order; another seed, others", async () => {
  const kinds: ChaosKind[] = ["throttled", "error500", "error503", "resetBefore"];
  env.emu.faults.randomize({ seed: 7, rate: 0.5, kinds });
  const first = await listings(40);
  env.emu.faults.randomize({ seed: 7, rate: 0.5, kinds });
  expect(await listings(40)).toEqual(first);
  env.emu.faults.randomize({ seed: 8, rate: 0.5, kinds });
  expect(await listings(40)).not.toEqual(first);
  const faulted = first.filter((s) => s !== 200).length;
  expect(faulted).toBeGreaterThan(8);
  expect(faulted).toBeLessThan(32);
  expect(new Set(first)).toEqual(new Set([200, 429, 500, 503, 0]));
});

test("counts what it injected by kind; rate 0 injects nothing; clear stops it", async () => {
  env.emu.faults.randomize({ seed: 1, rate: 0, kinds: ["error500"] });
  expect(await listings(10)).toEqual(Array(10).fill(200));
  env.emu.faults.randomize({ seed: 1, rate: 1, kinds: ["error500"] });
  expect(await listings(3)).toEqual([500, 500, 500]);
  expect(env.emu.faults.randomized()).toEqual({ error500: 3 });
  env.emu.faults.clear();
  expect(await listings(2)).toEqual([200, 200]);
});

test("throttling carries Retry-After; not-ACTIVE is a 409 on writes; quota a 403 ELB.8905 on creates", async () => {
  env.emu.faults.randomize({ seed: 3, rate: 1, kinds: ["throttled"], retryAfterSeconds: 4 });
  const throttled = await env.api.listPools();
  expect([throttled.status, throttled.headers["retry-after"]]).toEqual([429, "4"]);
  env.emu.faults.randomize({ seed: 3, rate: 1, kinds: ["notActive"] });
  expect((await env.api.listPools()).status).toBe(200);
  const busy = await env.api.createPool(tcpPool(env.emu));
  expect(busy.status).toBe(409);
  expect(busy.body).toMatchObject({ error_code: "ELB.8907", error_msg: expect.stringMatching(/not ACTIVE/) });
  env.emu.faults.randomize({ seed: 3, rate: 1, kinds: ["quota"] });
  expect((await env.api.createPool(tcpPool(env.emu))).body).toMatchObject({ error_code: "ELB.8905" });
  expect(env.emu.pools()).toHaveLength(0);
});

test("a reset or a 502 after handling leaves the change committed; a just-created pool can read 404", async () => {
  env.emu.faults.randomize({ seed: 5, rate: 1, kinds: ["resetAfter"] });
  await expect(env.api.createPool(tcpPool(env.emu))).rejects.toThrow();
  env.emu.faults.randomize({ seed: 5, rate: 1, kinds: ["error502After"] });
  expect((await env.api.createPool(tcpPool(env.emu))).status).toBe(502);
  expect(env.emu.pools()).toHaveLength(2);
  env.emu.faults.randomize({ seed: 5, rate: 1, kinds: ["readAfterCreate404"] });
  const id = env.emu.pools()[0]!.id;
  expect((await env.api.getPool(id)).status).toBe(404);
  expect((await env.api.listPools()).status).toBe(200);
});
