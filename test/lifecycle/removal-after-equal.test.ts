/**
 * What the program set is recorded exactly, also when setting or removing a property changes no value: a property
 * first set at the value the cloud already holds, then removed, goes back to its reset value. (Before, the
 * first step was a "same" step that kept the old record, and the removal did nothing.)
 */
import { FIXTURE_IDS } from "../../emulator";
import { Pool, type PoolArgs } from "../../provider";
import { preview, readState, refresh, up } from "../../harness";
import { planLines as plan, useEmulatorStacks } from "../harness/env";

const env = useEmulatorStacks("removal-after-equal");
const base: PoolArgs = { name: "web", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbMain };

test("a description set at the cloud's value is recorded (an update that sends nothing), so removing it later resets it", async () => {
  const opts = env.stack();
  await up(() => ({ id: new Pool("web", base).id }), opts);
  const [pool] = env.emu.pools();
  env.emu.outOfBand.updatePool(pool!.id, { description: "set in the console" });
  await refresh(opts);

  // the program takes the console's value over: nothing to send, but from now on the program sets it
  const adopt = () => ({ id: new Pool("web", { ...base, description: "set in the console" }).id });
  expect(plan((await preview(adopt, opts)).steps)).toEqual(["update web [description]"]);
  const before = env.writes().length;
  await up(adopt, opts);
  expect(env.writes().length).toBe(before);
  expect(readState(opts.statePath).resources[0]!.outputs.__inputKeys).toContain("description");
  expect(plan((await preview(adopt, opts)).steps)).toEqual([]);

  // removing it now resets it, as for any property the program set
  expect(plan((await preview(() => ({ id: new Pool("web", base).id }), opts)).steps)).toEqual(["update web [description]"]);
  await up(() => ({ id: new Pool("web", base).id }), opts);
  expect(env.emu.pool(pool!.id)!.description).toBe("");
  expect(plan((await preview(() => ({ id: new Pool("web", base).id }), opts)).steps)).toEqual([]);
});
