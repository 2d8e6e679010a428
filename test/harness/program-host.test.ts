/**
 * The program host: a project's program started through the SDK's program entry (`@pulumi/pulumi/cmd/run`) with
 * this harness serving the resource monitor and engine. A plain JavaScript project (typescript: false) with a
 * secret from config, a log line, and outputs; Pulumi.yaml's fields as the language host reads them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_IDS } from "../../emulator";
import {
  emulatorConfig,
  preview,
  projectConfig,
  readConfigDeclarations,
  readProjectFile,
  readState,
  SECRET_CONFIG_KEYS,
  SECRET_SIG_KEY,
  stackConfig,
  UNKNOWN,
  unsupportedOptions,
  up,
} from "../../harness";
import { engineProtos } from "../../harness/program-host/protos";
import { useEmulatorStacks } from "./env";

const project = { dir: join(__dirname, "..", "fixtures", "projects", "secret-and-log") };
const SECRET = "s3cret-description-7f1c";
const env = useEmulatorStacks("program-host");

test("Pulumi.yaml: the name, the main and the typescript option, as the language host reads them", () => {
  expect(readProjectFile(project.dir)).toEqual({ name: "fixture-secret-and-log", typescript: false });
  const other = mkdtempSync(join(env.dir, "p-"));
  writeFileSync(join(other, "Pulumi.yaml"), 'name: "quoted-name"\nmain: dist/\nruntime: nodejs\n');
  expect(readProjectFile(other)).toEqual({ name: "quoted-name", main: "dist/", typescript: true });
  writeFileSync(join(other, "Pulumi.yaml"), "name: py\nruntime: python\n");
  expect(() => readProjectFile(other)).toThrow(/runtime must be nodejs/);
  writeFileSync(join(other, "Pulumi.yaml"), "name: py\nruntime:\n  name: python\n");
  expect(() => readProjectFile(other)).toThrow(/runtime must be nodejs \(found python\)/);
  // typescript is read from the runtime's options only, not from a config key of that name
  writeFileSync(join(other, "Pulumi.yaml"), "name: ts\nruntime:\n  name: nodejs\nconfig:\n  typescript:\n    type: string\n");
  expect(readProjectFile(other)).toEqual({ name: "ts", typescript: true });
  expect(() => readProjectFile(env.dir)).toThrow(/has no Pulumi.yaml/);
  expect(projectConfig(project, { a: "x", n: 3, list: [{ b: 1 }], none: undefined })).toEqual({
    "fixture-secret-and-log:a": "x",
    "fixture-secret-and-log:n": "3",
    "fixture-secret-and-log:list": '[{"b":1}]',
  });
});

test("Pulumi.yaml's config block, as the CLI applies it: defaults for keys the stack leaves out, values checked against their type", () => {
  const dir = mkdtempSync(join(env.dir, "c-"));
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    [
      "name: cfg",
      "runtime: nodejs",
      "config:",
      "  file:",
      "    type: string",
      "    default: backends.json",
      "  drain:",
      "    type: array",
      "    items:",
      "      type: string",
      "    default: []",
      "  count:",
      "    type: integer",
      "  other:cross:",
      "    default: x",
      "",
    ].join("\n"),
  );
  expect(readConfigDeclarations(dir)).toEqual({
    file: { type: "string", default: "backends.json" },
    drain: { type: "array", default: "[]" },
    count: { type: "integer" },
    "other:cross": { default: "x" },
  });
  expect(stackConfig(dir, "cfg", { "cfg:count": "3", "cfg:file": "mine.json" })).toEqual({
    "cfg:count": "3",
    "cfg:file": "mine.json",
    "cfg:drain": "[]",
    "other:cross": "x",
  });
  expect(() => stackConfig(dir, "cfg", { "cfg:count": "three" })).toThrow(/cfg:count must be of type 'integer'/);
  expect(() => stackConfig(dir, "cfg", { "cfg:drain": "a" })).toThrow(/cfg:drain must be of type 'array'/);
});

test("a TypeScript project is type-checked by ts-node as `pulumi up` does: a type error fails the preview, naming it", async () => {
  const broken = { dir: join(__dirname, "..", "fixtures", "projects", "type-error") };
  await expect(preview(broken, env.stack({ stack: "dev" }))).rejects.toThrow(/TS2322|not assignable to type 'number'/);
  expect(env.emu.requests.filter((r) => r.method !== "GET")).toEqual([]);
});

test("a secret config value stays secret: in the provider's state, in the stack outputs, never in plaintext on disk; pulumi.log reaches the engine", async () => {
  const lines: string[] = [];
  const opts = env.stack({
    stack: "dev",
    config: { ...emulatorConfig(env.emu), ...projectConfig(project, { loadbalancerId: FIXTURE_IDS.lbMain, description: SECRET }) },
    secretConfigKeys: [...SECRET_CONFIG_KEYS, "fixture-secret-and-log:description"],
    log: (l) => lines.push(l),
  });
  const p = await preview(project, opts);
  expect(p.steps.map((s) => `${s.op} ${s.name}`)).toEqual(["create sec"]);
  expect(p.outputs.poolId).toBe(UNKNOWN);
  expect(lines).toContain("[program info] registering the pool");

  const u = await up(project, opts);
  const pool = env.emu.pools().find((x) => x.name === "sec")!;
  expect(pool.description).toBe(SECRET);
  expect(u.outputs).toEqual({ poolId: pool.id, description: SECRET });
  const [entry] = readState(opts.statePath).resources;
  expect(entry!.secrets).toEqual(["description"]);
  const onDisk = readFileSync(opts.statePath, "utf8");
  expect(onDisk).not.toContain(SECRET);
  expect(onDisk).toContain(SECRET_SIG_KEY);
});

test("options the stack runner does not carry out are refused by name, not ignored", () => {
  const { respb } = engineProtos();
  const req = () => new respb.RegisterResourceRequest().setType("t").setName("n");
  expect(unsupportedOptions(req())).toEqual([]);
  expect(unsupportedOptions(req().setAliasurnsList(["urn:pulumi:s::p::t::old"]))).toEqual(["aliases"]);
  expect(unsupportedOptions(req().setAdditionalsecretoutputsList(["description"]))).toEqual(["additionalSecretOutputs"]);
  expect(unsupportedOptions(req().setDeletedwith("urn:pulumi:s::p::t::x"))).toEqual(["deletedWith"]);
  const timeouts = new respb.RegisterResourceRequest.CustomTimeouts().setCreate("5m");
  expect(unsupportedOptions(req().setCustomtimeouts(timeouts))).toEqual(["customTimeouts"]);
  expect(unsupportedOptions(req().setCustomtimeouts(new respb.RegisterResourceRequest.CustomTimeouts()))).toEqual([]);
});
