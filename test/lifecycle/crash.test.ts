/**
 * Crash safety: the provider process is killed (SIGKILL) in the middle of `up`, and `up` runs again
 * with a fresh one. `npm run soak -- --kills 50` runs fifty seeded kills over every kind; these are
 * the cases that tell safe from documented-unsafe, at fixed points.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { emulatorStack, type StackOptions } from "../../harness";
import { crashAt } from "../../scripts/soak/crash";
import type { SoakFixtures } from "../../scripts/soak/programs";

let emu: Emulator;
let base: StackOptions;
let f: SoakFixtures;

beforeAll(async () => {
  emu = await startEmulator();
  // the server is started per run by crashAt; this one is only the options' shape
  base = emulatorStack(emu, { server: undefined as never, statePath: "", project: "crash", stack: "test" });
  f = { lb: emu.fixtures.loadbalancers[0].id, subnet: emu.fixtures.subnets.find((s) => s.cidr === "192.168.0.0/24")!.id };
});
afterAll(() => emu.close());

test("MemberBatch of 1,000 members, killed after the API committed the third batch-add: converges, nothing duplicated", async () => {
  const o = await crashAt(emu, base, f, "pool-with-1000-members", { method: "POST", path: /batch-add$/, skip: 2, when: "after" });
  expect(o).toMatchObject({ killed: true, afterCommit: true, converged: true, duplicates: 0, memberMismatches: 0 });
  // the pool was recorded before the batch started; a re-sent batch-add answers `existed` for members already there
  expect(o.orphans).toBe(0);
});

test("twins killed before the first creating POST was sent (during the listing before it): converges, no orphan", async () => {
  const o = await crashAt(emu, base, f, "pool-twins", { method: "GET", path: /\/elb\/pools$/, skip: 0, when: "before" });
  expect(o).toMatchObject({ killed: true, converged: true, duplicates: 0, orphans: 0 });
});

test("twins killed after the API committed a creating POST: converges; the orphan carries the autoname of its resource", async () => {
  const o = await crashAt(emu, base, f, "pool-twins", { method: "POST", path: /\/elb\/pools$/, skip: 0, when: "after" });
  expect(o).toMatchObject({ killed: true, afterCommit: true, converged: true });
  // the documented unsafe case (README, "Reliability"): one orphan, found by the autoname its resource carries
  expect(o.orphans).toBe(1);
  expect(o.orphansByAutoname).toBe(1);
});
