/**
 * MasterSlavePool and PoolV2 creates when the answer is lost (ambiguous): never re-sent blindly.
 * The pool the POST made is found and adopted; when nothing was made the POST is sent once more.
 * v2 pools show no creation time, so their lookup compares with a list taken before the POST.
 */
import { FIXTURE_IDS } from "../../emulator";
import type { ElbClient } from "../../provider/http/client";
import { makeProvider } from "../../provider/lifecycle/engine";
import { masterSlavePoolKind } from "../../provider/resources/master-slave/provider";
import { poolV2Kind } from "../../provider/resources/pool-v2/provider";
import { validMasterSlave } from "../fixtures/master-slave-violations";
import { useEmulator } from "../emulator/helpers";
import { emulatorClient } from "./client";

const env = useEmulator();
let client: ElbClient;

beforeEach(() => {
  const clock = { now: () => Date.now(), sleep: async () => undefined };
  client = emulatorClient(env.emu, clock);
});
afterEach(() => client.close());

const kinds = {
  "master-slave": {
    provider: () => makeProvider(masterSlavePoolKind, () => ({ client })),
    path: /\/elb\/master-slave-pools$/,
    inputs: (name: string) => ({ ...validMasterSlave(FIXTURE_IDS.listenerSeedTcp), name }),
    pools: () => env.emu.masterSlavePools(),
  },
  v2: {
    provider: () => makeProvider(poolV2Kind, () => ({ client })),
    path: /^\/v2\/[^/]+\/elb\/pools$/,
    inputs: (name: string) => ({ name, protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbShared }),
    pools: () => env.emu.v2Pools(),
  },
};

describe.each(Object.entries(kinds))("%s", (_kind, k) => {
  const posts = () => env.emu.requests.filter((r) => r.method === "POST" && k.path.test(r.path)).length;

  test.each<["reset" | "error"]>([["error"], ["reset"]])("%s after the pool was made: adopted, not re-sent", async (kind) => {
    env.emu.faults.inject({ method: "POST", path: k.path, kind, status: 500, when: "after" });
    const { id, outs } = await k.provider().create!(k.inputs("ambiguous"));
    expect(posts()).toBe(1);
    expect(k.pools().map((p) => p.id)).toEqual([id]);
    expect(outs).toMatchObject({ name: "ambiguous" });
  });

  test("500 before anything was made: the lookup proves it, and the create is sent once more", async () => {
    env.emu.faults.inject({ method: "POST", path: k.path, status: 500 });
    const { id } = await k.provider().create!(k.inputs("retry"));
    expect(posts()).toBe(2);
    expect(k.pools().map((p) => p.id)).toEqual([id]);
  });

  test("persistent 500s: two sends at most, then a clear error", async () => {
    env.emu.faults.inject({ method: "POST", path: k.path, status: 500, times: 5 });
    await expect(k.provider().create!(k.inputs("down"))).rejects.toThrow(/500/);
    expect(posts()).toBe(2);
    expect(k.pools()).toEqual([]);
  });
});

test("v2: a look-alike that existed before the POST is not adopted", async () => {
  const v2 = kinds.v2;
  const provider = v2.provider();
  const { id: existing } = await provider.create!(v2.inputs("twin"));
  env.emu.faults.inject({ method: "POST", path: v2.path, status: 500 });
  const { id } = await provider.create!(v2.inputs("twin"));
  expect(id).not.toBe(existing);
  expect(
    env.emu
      .v2Pools()
      .map((p) => p.id)
      .sort(),
  ).toEqual([existing, id].sort());
});
