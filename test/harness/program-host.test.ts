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
  readProjectFile,
  readState,
  SECRET_CONFIG_KEYS,
  SECRET_SIG_KEY,
  UNKNOWN,
  up,
} from "../../harness";
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
  expect(() => readProjectFile(env.dir)).toThrow(/has no Pulumi.yaml/);
  expect(projectConfig(project, { a: "x", n: 3, list: [{ b: 1 }], none: undefined })).toEqual({
    "fixture-secret-and-log:a": "x",
    "fixture-secret-and-log:n": "3",
    "fixture-secret-and-log:list": '[{"b":1}]',
  });
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
