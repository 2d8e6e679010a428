import * as fs from "fs";
import { registrations, ProviderError, UNKNOWN, startProviderServer, urnFor } from "../../harness";
import { useProviderServer } from "./env";
import { Thing, journalProvider, readJournal, storedOutputs } from "./test-provider";

const env = useProviderServer("harness-srv");

/** The real serialized inputs (with __provider) of one Thing, obtained under setMocks. */
async function thingInputs(args: Record<string, unknown>): Promise<{ urn: string; inputs: Record<string, unknown> }> {
  const provider = journalProvider(env.dir);
  const regs = await registrations(() => {
    new Thing(provider, String(args.name), args as never);
  });
  expect(regs).toHaveLength(1);
  expect(typeof regs[0]!.inputs.__provider).toBe("string");
  return { urn: regs[0]!.urn, inputs: regs[0]!.inputs };
}

test("urnFor builds the engine's URN shape", () => {
  expect(urnFor("pulumi-nodejs:dynamic/harness:Thing", "a", "proj", "dev")).toBe(
    "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/harness:Thing::a",
  );
  expect(urnFor("t:m:T", "n")).toBe("urn:pulumi:stack::project::t:m:T::n");
});

test("configure → check → create → read → update → delete over gRPC", async () => {
  await env.server.configure(
    { "huaweicloud:region": "eu-west-101", "huaweicloud:secretKey": "s3cr3t-value" },
    { secretKeys: ["huaweicloud:region", "huaweicloud:secretKey"] },
  );
  expect(env.server.configured).toBe(true);
  const { urn, inputs } = await thingInputs({ name: "a", size: 1 });
  expect(urn).toBe("urn:pulumi:stack::project::pulumi-nodejs:dynamic/harness:Thing::a");

  const checked = await env.server.check(urn, {}, inputs);
  expect(checked.failures).toEqual([]);
  expect(checked.inputs).toMatchObject({ name: "a", size: 1 });
  expect(checked.inputs.__provider).toBe(inputs.__provider);

  const created = await env.server.create(urn, checked.inputs);
  expect(created.id).toBe("a-1");
  // region came from Configure's args, sent as a secret: the server unwrapped it and the provider's configure() saw it.
  expect(created.properties).toMatchObject({ name: "a", size: 1, region: "eu-west-101", serial: 1 });
  expect(created.properties.__provider).toBe(inputs.__provider);

  const read = await env.server.read(urn, created.id, created.properties, checked.inputs);
  expect(read.id).toBe("a-1");
  expect(read.properties).toMatchObject({ size: 1, serial: 1 });
  expect(read.inputs).toBeUndefined();

  const news = { ...checked.inputs, size: 2 };
  const d = await env.server.diff(urn, created.id, created.properties, news);
  expect(d).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  const none = await env.server.diff(urn, created.id, created.properties, checked.inputs);
  expect(none.changes).toBe("none");

  const updated = await env.server.update(urn, created.id, created.properties, news);
  expect(updated.properties).toMatchObject({ size: 2, serial: 1, region: "eu-west-101" });
  expect(storedOutputs(env.dir, "a-1")!.size).toBe(2);

  await env.server.delete(urn, created.id, updated.properties);
  expect(storedOutputs(env.dir, "a-1")).toBeUndefined();
  const gone = await env.server.read(urn, created.id, updated.properties);
  expect(gone.id).toBe("");

  expect(readJournal(env.dir).map((e) => e.op)).toEqual([
    "configure",
    "check",
    "create",
    "read",
    "diff",
    "diff",
    "update",
    "delete",
    "read",
  ]);
  expect(readJournal(env.dir)[0]!.region).toBe("eu-west-101");
});

test("check failures are returned, not thrown", async () => {
  await env.server.configure({});
  const { urn, inputs } = await thingInputs({ name: "b", bad: true });
  const res = await env.server.check(urn, {}, inputs);
  expect(res.failures).toEqual([{ property: "bad", reason: "must not be true" }]);
});

test("diff reports replaces and deleteBeforeReplace; the unknown sentinel reaches the provider as a string", async () => {
  await env.server.configure({});
  const { urn, inputs } = await thingInputs({ name: "c", zone: "z1", dbr: true });
  const created = await env.server.create(urn, inputs);
  const d = await env.server.diff(urn, created.id, created.properties, { ...inputs, zone: UNKNOWN });
  expect(d).toEqual({ changes: "some", replaces: ["zone"], deleteBeforeReplace: true });
  const last = readJournal(env.dir).pop()!;
  expect(last.op).toBe("diff");
  expect(last.news!.zone).toBe(UNKNOWN);
});

test("a create that half-succeeds surfaces id, properties and reasons", async () => {
  await env.server.configure({ "huaweicloud:region": "r9" });
  const { urn, inputs } = await thingInputs({ name: "p", partial: true });
  const err = await env.server.create(urn, inputs).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  const pe = err as ProviderError;
  expect(pe.message).toContain("p-1 created but not ready");
  expect(pe.id).toBe("p-1");
  expect(pe.reasons).toEqual(["not ready"]);
  expect(pe.properties).toMatchObject({ name: "p", partial: true, serial: 1 });
  expect(pe.properties!.__provider).toBe(inputs.__provider);

  // Same for update.
  const uerr = (await env.server.update(urn, "p-1", pe.properties!, inputs).catch((e: unknown) => e)) as ProviderError;
  expect(uerr).toBeInstanceOf(ProviderError);
  expect(uerr.id).toBe("p-1");
  expect(uerr.reasons).toEqual(["still not ready"]);
});

test("a plain provider error has no id and carries the message", async () => {
  await env.server.configure({});
  const err = (await env.server
    .create("urn:pulumi:stack::project::pulumi-nodejs:dynamic:Resource::x", {
      __provider: "exports.handler = () => ({ create: async () => { throw new Error('nope from provider'); } });",
    })
    .catch((e: unknown) => e)) as ProviderError;
  expect(err).toBeInstanceOf(ProviderError);
  expect(err.id).toBeUndefined();
  expect(err.reasons).toEqual([]);
  expect(err.message).toBe("nope from provider");
});

test("output() captures what the server process prints; close() ends the process", async () => {
  const s = await startProviderServer();
  await s.configure({});
  await s
    .create("urn:pulumi:stack::project::pulumi-nodejs:dynamic:Resource::y", {
      __provider:
        "exports.handler = () => ({ create: async () => { console.log('printed-by-provider'); return { id: 'y', outs: {} }; } });",
    })
    .catch(() => undefined);
  await expect(s.waitForOutput("printed-by-provider")).resolves.toContain("printed-by-provider");
  expect(s.output().split("\n")[0]).toMatch(/^\d+$/);
  await s.close();
  await expect(s.check("urn:pulumi:stack::project::t::y", {}, {})).rejects.toThrow("closed");
  await s.close(); // idempotent
});

test("pid is the server process: a child of this process running the SDK's dynamic-provider script, gone after close()", async () => {
  const s = await startProviderServer();
  const pid = s.pid!;
  expect(Number.isInteger(pid)).toBe(true);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  expect(Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])).toBe(process.pid);
  expect(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")).toContain("dynamic-provider");
  await s.close();
  expect(fs.existsSync(`/proc/${pid}/cmdline`)).toBe(false);
});
