import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  registrations,
  ProviderError,
  UNKNOWN,
  CheckFailedError,
  destroy,
  formatPlan,
  preview,
  readState,
  refresh,
  up,
  type PlanStep,
  type StackOptions,
} from "../../harness";
import { useProviderServer } from "./env";
import { Thing, clearJournal, journalProvider, readJournal, readStore, writeStore, type ThingArgs } from "./test-provider";

const T = "pulumi-nodejs:dynamic/harness:Thing";
const env = useProviderServer("harness-stack");
let opts: StackOptions;

beforeEach(() => {
  opts = { server: env.server, statePath: path.join(env.dir, "state", "stack.json"), config: { "huaweicloud:region": "ap-1" } };
});

/** Program: a, and b whose `dep` is a's id. */
function twoThings(a: Partial<ThingArgs> = {}, b: Partial<ThingArgs> = {}, bOpts?: pulumi.CustomResourceOptions) {
  const provider = journalProvider(env.dir);
  return () => {
    const ta = new Thing(provider, "a", { name: "a", size: 1, zone: "z1", ...a });
    const tb = new Thing(provider, "b", { name: "b", dep: ta.id, ...b }, bOpts);
    return { aId: ta.id, bDep: tb.dep, aSerial: ta.serial };
  };
}

const ops = () => readJournal(env.dir).map((e) => `${e.op}${e.name ? " " + e.name : ""}`);
const mutating = () => ops().filter((o) => /^(create|update|delete)/.test(o));
const summary = (steps: PlanStep[]) => steps.map((s) => `${s.op} ${s.name}${s.fields.length ? " " + s.fields.join(",") : ""}`);

test("preview of a new stack: sentinel reaches Check, no Create, no state", async () => {
  const res = await preview(twoThings(), opts);
  expect(summary(res.steps)).toEqual(["create a", "create b"]);
  const checkB = readJournal(env.dir).find((e) => e.op === "check" && e.name === "b")!;
  expect(checkB.news!.dep).toBe(UNKNOWN);
  expect(mutating()).toEqual([]);
  expect(fs.existsSync(opts.statePath)).toBe(false);
  expect(fs.readFileSync(path.join(env.dir, "journal.log"), "utf8")).not.toContain("__pulumiUnknown");
  expect(res.outputs.aId).toBe(UNKNOWN);
  expect(res.outputs.bDep).toBe(UNKNOWN);
  expect(formatPlan(res.steps)).toBe(`+ create ${T} a\n+ create ${T} b`);
});

test("up creates in order and records ids, inputs, outputs and dependencies; a second up is a no-op", async () => {
  const res = await up(twoThings(), opts);
  expect(summary(res.steps)).toEqual(["create a", "create b"]);
  expect(res.outputs).toEqual({ aId: "a-1", bDep: "a-1", aSerial: 1 });
  const st = readState(opts.statePath);
  expect(st.resources.map((r) => [r.name, r.id])).toEqual([
    ["a", "a-1"],
    ["b", "b-2"],
  ]);
  expect(st.resources[0]!.outputs).toMatchObject({ name: "a", region: "ap-1", serial: 1 });
  expect(st.resources[0]!.inputs).not.toHaveProperty("region");
  expect(typeof st.resources[0]!.inputs.__provider).toBe("string");
  expect(st.resources[1]!.dependencies).toEqual([st.resources[0]!.urn]);
  expect(st.outputs).toEqual(res.outputs);

  clearJournal(env.dir);
  const again = await up(twoThings(), opts);
  expect(summary(again.steps)).toEqual(["same a", "same b"]);
  expect(formatPlan(again.steps)).toBe("");
  expect(mutating()).toEqual([]);
  // Check got the previous inputs as olds; Diff got the previous outputs.
  const diffA = readJournal(env.dir).find((e) => e.op === "diff" && e.name === "a")!;
  expect(diffA.olds).toMatchObject({ region: "ap-1", serial: 1 });
  const checkA = readJournal(env.dir).find((e) => e.op === "check" && e.name === "a")!;
  expect(checkA.olds).not.toHaveProperty("serial");
  expect(again.outputs).toEqual(res.outputs);
});

test("preview of a replacement: dependents get the sentinel in Check and Diff, and nothing is applied", async () => {
  await up(twoThings(), opts);
  const before = fs.readFileSync(opts.statePath, "utf8");
  clearJournal(env.dir);
  const res = await preview(twoThings({ zone: "z2" }), opts);
  expect(summary(res.steps)).toEqual(["replace a zone", "update b dep"]);
  const j = readJournal(env.dir);
  expect(j.find((e) => e.op === "check" && e.name === "b")!.news!.dep).toBe(UNKNOWN);
  expect(j.find((e) => e.op === "diff" && e.name === "b")!.news!.dep).toBe(UNKNOWN);
  expect(mutating()).toEqual([]);
  expect(fs.readFileSync(opts.statePath, "utf8")).toBe(before);
  expect(res.outputs.aId).toBe(UNKNOWN);
  expect(formatPlan(res.steps)).toBe(`+- replace ${T} a [zone]\n~ update ${T} b [dep]`);
});

test("up: in-place update vs create-before-delete replacement", async () => {
  await up(twoThings(), opts);
  clearJournal(env.dir);
  const upd = await up(twoThings({ size: 5 }), opts);
  expect(summary(upd.steps)).toEqual(["update a size", "same b"]);
  expect(mutating()).toEqual(["update a"]);
  expect(readState(opts.statePath).resources[0]!.outputs).toMatchObject({ size: 5, serial: 1 });

  clearJournal(env.dir);
  const rep = await up(twoThings({ size: 5, zone: "z9" }), opts);
  expect(summary(rep.steps)).toEqual(["replace a zone", "update b dep"]);
  expect(rep.steps[0]!.detail).toBe("create-before-delete");
  // New a is created, b is pointed at it, and only then is the old a deleted.
  expect(mutating()).toEqual(["create a", "update b", "delete a"]);
  expect(readJournal(env.dir).find((e) => e.op === "delete")!.id).toBe("a-1");
  const st = readState(opts.statePath);
  expect(st.resources.map((r) => r.id)).toEqual(["a-3", "b-2"]);
  expect(st.resources[1]!.outputs.dep).toBe("a-3");
  expect(Object.keys(readStore(env.dir)).sort()).toEqual(["__counter", "a-3", "b-2"]);
});

test("up: deleteBeforeReplace from the provider, and from the resource option", async () => {
  await up(twoThings({ dbr: true }), opts);
  clearJournal(env.dir);
  const rep = await up(twoThings({ dbr: true, zone: "z2" }), opts);
  expect(rep.steps[0]).toMatchObject({ op: "replace", name: "a", detail: "delete-before-replace" });
  expect(mutating()).toEqual(["delete a", "create a", "update b"]);

  // The resource option overrides the provider's answer (provider says false here).
  clearJournal(env.dir);
  const provider = journalProvider(env.dir);
  const prog = (zone: string) => () => {
    new Thing(provider, "c", { name: "c", zone }, { deleteBeforeReplace: true });
  };
  await up(prog("z1"), opts);
  clearJournal(env.dir);
  await up(prog("z2"), opts);
  expect(mutating()).toEqual(["delete c", "create c"]);
});

test("removing a resource from the program deletes it after the program; destroy empties the state", async () => {
  await up(twoThings(), opts);
  clearJournal(env.dir);
  const provider = journalProvider(env.dir);
  const onlyA = () => {
    new Thing(provider, "a", { name: "a", size: 1, zone: "z1" });
  };
  const pv = await preview(onlyA, opts);
  expect(summary(pv.steps)).toEqual(["same a", "delete b"]);
  expect(mutating()).toEqual([]);
  const res = await up(onlyA, opts);
  expect(formatPlan(res.steps)).toBe(`- delete ${T} b`);
  expect(mutating()).toEqual(["delete b"]);
  expect(readState(opts.statePath).resources.map((r) => r.name)).toEqual(["a"]);

  await up(twoThings(), opts);
  clearJournal(env.dir);
  const d = await destroy(opts);
  expect(summary(d.steps)).toEqual(["delete b", "delete a"]);
  expect(mutating()).toEqual(["delete b", "delete a"]);
  expect(readState(opts.statePath)).toEqual({ resources: [], outputs: {} });
  expect(Object.keys(readStore(env.dir))).toEqual(["__counter"]);
});

test("refresh reports drifted fields and drops a resource that is gone", async () => {
  await up(twoThings(), opts);
  const store = readStore(env.dir);
  (store["a-1"] as Record<string, unknown>).size = 42; // drift
  delete store["b-2"]; // deleted out of band
  writeStore(env.dir, store);
  const res = await refresh(opts);
  expect(summary(res.steps)).toEqual(["refresh a size", "delete b"]);
  expect(res.steps[1]!.detail).toBe("gone");
  expect(formatPlan(res.steps)).toBe(`~ refresh ${T} a [size]\n- delete ${T} b`);
  const st = readState(opts.statePath);
  expect(st.resources.map((r) => r.name)).toEqual(["a"]);
  expect(st.resources[0]!.outputs.size).toBe(42);
  expect(st.resources[0]!.inputs.size).toBe(1); // read returned no inputs: old inputs kept

  // The next up re-creates b and puts a back to its declared size.
  clearJournal(env.dir);
  const again = await up(twoThings(), opts);
  expect(summary(again.steps)).toEqual(["update a size", "create b"]);
});

test("check failures abort the run before anything is created", async () => {
  const provider = journalProvider(env.dir);
  const err = await up(() => {
    new Thing(provider, "ok", { name: "ok" });
    new Thing(provider, "x", { name: "x", bad: true });
  }, opts).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CheckFailedError);
  expect((err as Error).message).toContain("bad: must not be true");
  expect((err as Error).message).toContain("::x");
  // "ok" registered first and was created; "x" never was.
  expect(mutating()).toEqual(["create ok"]);
  expect(readState(opts.statePath).resources.map((r) => r.name)).toEqual(["ok"]);
});

test("a partial create is kept in state with its id, the run fails, and the next up updates it", async () => {
  const provider = journalProvider(env.dir);
  const prog = (partial: boolean) => () => {
    new Thing(provider, "p", { name: "p", partial });
  };
  const err = await up(prog(true), opts).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).id).toBe("p-1");
  let st = readState(opts.statePath);
  expect(st.resources).toHaveLength(1);
  expect(st.resources[0]).toMatchObject({ id: "p-1", initErrors: ["not ready"] });
  expect(st.resources[0]!.outputs).toMatchObject({ partial: true, serial: 1 });

  // Same inputs: the diff is empty, but init errors force an update.
  clearJournal(env.dir);
  await expect(up(prog(true), opts)).rejects.toThrow("p-1 updated but not ready");
  expect(mutating()).toEqual(["update p"]);
  expect(readState(opts.statePath).resources[0]!.initErrors).toEqual(["still not ready"]);

  clearJournal(env.dir);
  const ok = await up(prog(false), opts);
  expect(summary(ok.steps)).toEqual(["update p partial"]);
  expect(mutating()).toEqual(["update p"]);
  st = readState(opts.statePath);
  expect(st.resources[0]!.id).toBe("p-1");
  expect(st.resources[0]!.initErrors).toBeUndefined();
});

test("null inputs, secrets and stack outputs", async () => {
  const provider = journalProvider(env.dir);
  const prog = () => {
    const t = new Thing(provider, "s", { name: "s", nothing: null, zone: pulumi.secret("hidden-zone") as never });
    return { zone: t.zone, nested: { id: t.id, list: [t.serial] } };
  };
  const res = await up(prog, opts);
  expect(res.outputs).toEqual({ zone: "hidden-zone", nested: { id: "s-1", list: [1] } });
  const create = readJournal(env.dir).find((e) => e.op === "create")!;
  expect(create.news).toHaveProperty("nothing", null);
  expect(create.news!.zone).toBe("hidden-zone"); // unwrapped for the provider, as the engine does
  expect(fs.readFileSync(opts.statePath, "utf8")).not.toContain("hidden-zone");
  const st = readState(opts.statePath);
  expect(st.resources[0]!.secrets).toEqual(["zone"]);
  expect(st.resources[0]!.outputs.zone).toBe("hidden-zone");
  expect(st.outputs).toEqual(res.outputs); // stack outputs: encoded in the file, decoded by readState
  // Secret-marked state still round-trips: a second up is a no-op.
  clearJournal(env.dir);
  expect(summary((await up(prog, opts)).steps)).toEqual(["same s"]);
});

test("several programs in a row, and registrations() from a plain program", async () => {
  const provider = journalProvider(env.dir);
  const regs = await registrations(
    () => {
      const a = new Thing(provider, "a", { name: "a" });
      new Thing(provider, "b", { name: "b", dep: { nested: [a.id] } });
    },
    { preview: true, project: "p1", stack: "s1" },
  );
  expect(regs.map((r) => r.urn)).toEqual([`urn:pulumi:s1::p1::${T}::a`, `urn:pulumi:s1::p1::${T}::b`]);
  expect(regs[1]!.inputs.dep).toEqual({ nested: [UNKNOWN] });
  const first = await up(twoThings(), opts);
  const second = await up(twoThings({ size: 2 }), { ...opts, project: "project", stack: "stack" });
  expect(summary(first.steps)).toEqual(["create a", "create b"]);
  expect(summary(second.steps)).toEqual(["update a size", "same b"]);
});

test("resources registered from apply callbacks are waited for; a throwing program fails the run and keeps what was done", async () => {
  const provider = journalProvider(env.dir);
  const prog = () => {
    const a = new Thing(provider, "a", { name: "a" });
    a.id.apply((id) => new Thing(provider, "late", { name: "late", dep: id }));
  };
  // Preview: a's id is unknown, so the apply never runs and "late" is not registered (as with the real engine).
  expect(summary((await preview(prog, opts)).steps)).toEqual(["create a"]);
  const res = await up(prog, opts);
  expect(summary(res.steps)).toEqual(["create a", "create late"]);
  expect(readState(opts.statePath).resources.find((r) => r.name === "late")!.outputs.dep).toBe("a-1");

  clearJournal(env.dir);
  const err = await up(() => {
    new Thing(provider, "a", { name: "a" });
    new Thing(provider, "c", { name: "c" });
    throw new Error("program bug");
  }, opts).catch((e: unknown) => e);
  expect((err as Error).message).toBe("program bug");
  // c was created; "late" is not deleted because the program failed.
  expect(mutating()).toEqual(["create c"]);
  expect(
    readState(opts.statePath)
      .resources.map((r) => r.name)
      .sort(),
  ).toEqual(["a", "c", "late"]);
});
