/**
 * Autonames through the stack runner (the SDK's provider server over gRPC, the real classes) against
 * the emulator: twins with identical inputs and no `name` get distinct names, so an ambiguous create
 * adopts its own pool and never its twin's; the name is the same in preview and up, kept across
 * updates and refresh; an explicit name is used as given; a resource recorded before autonames keeps
 * having none; a removed explicit name goes back to the autoname.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { MasterSlavePool, Pool, PoolV2 } from "../../provider";
import { preview, readState, refresh, up, type StackOptions } from "../../harness";
import { useEmulatorStacks } from "../harness/env";

const env = useEmulatorStacks("autonames");
let opts: StackOptions;
let lb: string;

beforeAll(() => {
  lb = env.emu.fixtures.loadbalancers[0].id;
});
beforeEach(() => {
  opts = env.stack();
  env.emu.faults.clear();
  for (const p of env.emu.pools()) env.emu.outOfBand.deletePool(p.id);
});

const args = () => ({ protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb }) as const;
const twins =
  (extra: Record<string, unknown> = {}) =>
  () => {
    const a = new Pool("blue", { ...args(), ...extra });
    const b = new Pool("green", { ...args(), ...extra });
    return { a: a.id, b: b.id, aName: a.name, bName: b.name };
  };

test("twins with no name: distinct autonames; a 503 on the second POST never aliases the first", async () => {
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 503, skip: 1 });
  const res = await up(twins(), opts);
  expect(res.outputs.a).not.toBe(res.outputs.b);
  expect(res.outputs.aName).toMatch(/^blue-[0-9a-f]{7}$/);
  expect(res.outputs.bName).toMatch(/^green-[0-9a-f]{7}$/);
  expect(
    env.emu
      .pools()
      .map((p) => p.name)
      .sort(),
  ).toEqual([res.outputs.aName, res.outputs.bName].sort());
});

test("a reset after the API made the pool: the lookup adopts exactly its own pool, its twin stays apart", async () => {
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, kind: "reset", when: "after", skip: 1 });
  const res = await up(twins(), opts);
  expect(res.outputs.a).not.toBe(res.outputs.b);
  expect(env.emu.pools()).toHaveLength(2);
});

test("preview shows the name up gives; updates and refresh keep it; no diff after", async () => {
  const p = await preview(twins(), opts);
  expect(p.steps.map((s) => s.op)).toEqual(["create", "create"]);
  const first = await up(twins(), opts);
  expect(p.outputs.aName).toBe(first.outputs.aName);
  const st = readState(opts.statePath);
  expect(st.resources.map((r) => r.inputs.name)).toEqual([first.outputs.aName, first.outputs.bName]);
  const second = await up(twins({ description: "now described" }), opts);
  expect(second.outputs.aName).toBe(first.outputs.aName);
  expect(env.emu.pool(first.outputs.a as string)?.description).toBe("now described");
  await refresh(opts);
  const third = await up(twins({ description: "now described" }), opts);
  expect(third.steps.filter((s) => s.op !== "same")).toEqual([]);
});

test("an explicit name is used as given; removing it goes back to the autoname (in place)", async () => {
  const named = await up(twins({ name: "chosen" }), opts);
  expect(env.emu.pool(named.outputs.a as string)?.name).toBe("chosen");
  const removed = await up(twins(), opts);
  expect(removed.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.fields.join(",")}`)).toEqual(["update name", "update name"]);
  expect(removed.outputs.a).toBe(named.outputs.a);
  expect(env.emu.pool(named.outputs.a as string)?.name).toMatch(/^blue-[0-9a-f]{7}$/);
});

test("a resource recorded before autonames existed keeps having no name (no rename on upgrade)", async () => {
  await up(twins(), opts);
  // rewrite the state as an older version wrote it: no name in the inputs, no autoname marker
  const raw = JSON.parse(readFileSync(opts.statePath, "utf8")) as {
    resources: { inputs: Record<string, unknown>; outputs: Record<string, unknown> }[];
  };
  for (const r of raw.resources) {
    delete r.inputs.name;
    delete r.inputs.__autonamed;
    // nor did the program set it: the recorded input keys do not hold it
    const keys = r.outputs.__inputKeys;
    if (Array.isArray(keys)) r.outputs.__inputKeys = keys.filter((k) => k !== "name");
  }
  writeFileSync(opts.statePath, JSON.stringify(raw));
  const again = await up(twins(), opts);
  expect(again.steps.filter((s) => s.op !== "same")).toEqual([]);
  expect(readState(opts.statePath).resources.map((r) => r.inputs.name)).toEqual([undefined, undefined]);
});

test("MasterSlavePool and PoolV2 opt in with the same one keyword", async () => {
  const res = await up(() => {
    const m = new MasterSlavePool("ms", {
      protocol: "TCP",
      lbAlgorithm: "ROUND_ROBIN",
      type: "ip",
      loadbalancerId: lb,
      members: [
        { protocolPort: 89, address: "120.10.10.16", role: "master" },
        { protocolPort: 89, address: "110.4.10.16", role: "slave" },
      ],
      healthmonitor: { maxRetries: 3, type: "HTTP", timeout: 30, delay: 1 },
    });
    const v = new PoolV2("legacy", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb });
    return { m: m.name, v: v.name };
  }, opts);
  expect(res.outputs.m).toMatch(/^ms-[0-9a-f]{7}$/);
  expect(res.outputs.v).toMatch(/^legacy-[0-9a-f]{7}$/);
});
