// Runs a Pulumi project's program the way `pulumi up` runs it: the SDK's own program entry
// (`@pulumi/pulumi/cmd/run`, found from the project's folder as the Node.js language host finds it) in a child
// process, with the flags and environment the language host gives it, TypeScript registered by the SDK itself
// (ts-node, the project's own or the SDK's vendored copy), and the resource monitor and engine served here over gRPC.
//
// What the language host passes (pulumi-language-nodejs, v3.259): `--monitor`, `--engine`, `--organization`,
// `--project`, `--root-directory`, `--stack`, `--pwd`, `--dry-run` (preview only), `--parallel`, then the program
// (`.`: package.json's main, or Pulumi.yaml's `main`); the stack's config as JSON in PULUMI_CONFIG with the secret keys
// in PULUMI_CONFIG_SECRET_KEYS; PULUMI_NODEJS_TYPESCRIPT from the runtime option `typescript` (default true), and
// PULUMI_NODEJS_TRANSPILE_ONLY when asked (otherwise ts-node type-checks the program, as `pulumi up` does).
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { MockResult, Registration } from "../mocks";
import { stackOutputs } from "../mocks";
import { startMonitor, type LogEntry } from "./monitor";

type Props = Record<string, unknown>;

/** A Pulumi project on disk: a folder with a Pulumi.yaml (runtime nodejs). */
export interface ProjectProgram {
  dir: string;
}

export interface RunProjectOptions {
  preview: boolean;
  stack?: string;
  /** The stack's config (`project:key` and `huaweicloud:key` names), as PULUMI_CONFIG. */
  config?: Record<string, string>;
  secretConfigKeys?: string[];
  /** PULUMI_NODEJS_TRANSPILE_ONLY: skip ts-node's type check (a real `pulumi up` option; faster). */
  transpileOnly?: boolean;
  onResource(reg: Registration): Promise<MockResult>;
  log?(line: string): void;
  /** Kills a program that runs longer (default 180 s). */
  timeoutMs?: number;
}

export interface ProjectRunResult {
  outputs: Props;
  secretOutputs: Props;
  /** Every Engine.Log entry, in order. */
  logs: LogEntry[];
  error?: unknown;
}

export interface ProjectFile {
  name: string;
  main?: string;
  typescript: boolean;
}

/** The indented block under a top-level key of Pulumi.yaml (`key:` alone on its line), or "" if none. */
function block(text: string, key: string): string {
  return new RegExp(`^${key}:[ \\t]*\\n((?:[ \\t]+.*(?:\\n|$)|[ \\t]*(?:\\n|$))*)`, "m").exec(text)?.[1] ?? "";
}

/**
 * The fields of Pulumi.yaml the language host reads (a small, line-based reader for the layout `pulumi new` writes:
 * no YAML dependency): the name, `main`, the runtime (`runtime: nodejs` or a block with `name` and `options`).
 */
export function readProjectFile(dir: string): ProjectFile {
  return projectFrom(projectText(dir));
}

/** Pulumi.yaml's path and text. */
function projectText(dir: string): { file: string; text: string } {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`${dir} is not a Pulumi project: it has no Pulumi.yaml`);
  return { file, text: fs.readFileSync(file, "utf8") };
}

function projectFrom({ file, text }: { file: string; text: string }): ProjectFile {
  const unquote = (v: string | undefined) => v?.trim().replace(/^["']|["']$/g, "");
  const top = (key: string) => unquote(new RegExp(`^${key}:[ \\t]*(\\S.*)$`, "m").exec(text)?.[1]);
  const name = top("name");
  if (!name) throw new Error(`${file} has no name`);
  const runtimeBlock = block(text, "runtime");
  const runtime = top("runtime") ?? unquote(/^[ \t]+name:[ \t]*(\S+)/m.exec(runtimeBlock)?.[1]);
  if (runtime !== "nodejs") throw new Error(`${file}: the runtime must be nodejs (found ${runtime ?? "none"})`);
  const ts = unquote(/^[ \t]+typescript:[ \t]*(\S+)/m.exec(block(runtimeBlock.replace(/^ {2}/gm, ""), "options"))?.[1]);
  const main = top("main");
  return { name, typescript: ts !== "false", ...(main ? { main } : {}) };
}

/** A config key Pulumi.yaml declares: its type and its default (as stack config holds it: a string). */
export interface ConfigDeclaration {
  type?: string;
  default?: string;
}

/** The `config:` block of Pulumi.yaml: each key (two-space indent) with its `type` and scalar or flow `default`. */
export function readConfigDeclarations(dir: string, text = projectText(dir).text): Record<string, ConfigDeclaration> {
  const out: Record<string, ConfigDeclaration> = {};
  let key = "";
  for (const line of block(text, "config").split("\n")) {
    const k = /^ {2}([\w.:-]+):\s*$/.exec(line);
    if (k) out[(key = k[1]!)] = {};
    const f = /^ {4}(type|default):[ \t]*(\S.*)$/.exec(line);
    if (key && f) {
      const raw = f[2]!.trim().replace(/^(["'])(.*)\1$/, "$2");
      // a flow value ([], [a, b], {}) as the JSON `Config.getObject` reads; a scalar as written
      out[key]![f[1] as "type" | "default"] = /^[[{]/.test(raw) ? JSON.stringify(flowValue(raw)) : raw;
    }
  }
  return out;
}

/** A YAML flow sequence or mapping of plain scalars, as JSON (enough for config defaults). */
function flowValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    const items = raw
      .slice(1, -1)
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
    return raw.startsWith("[") ? items : Object.fromEntries(items.map((x) => x.split(":").map((y) => y.trim())));
  }
}

/**
 * The stack config the program sees, as the CLI builds it: the project's declared defaults for keys the stack does
 * not set, and each value checked against its declared type (the CLI refuses a stack whose value has another type).
 */
export function stackConfig(
  dir: string,
  project: string,
  config: Record<string, string>,
  declarations = readConfigDeclarations(dir),
): Record<string, string> {
  const out = { ...config };
  for (const [key, d] of Object.entries(declarations)) {
    const full = key.includes(":") ? key : `${project}:${key}`;
    if (out[full] === undefined && d.default !== undefined) out[full] = d.default;
    const v = out[full];
    if (v === undefined || d.type === undefined) continue;
    const ok =
      d.type === "string" ||
      (d.type === "integer" && /^-?\d+$/.test(v)) ||
      (d.type === "boolean" && /^(true|false)$/.test(v)) ||
      (d.type === "array" && Array.isArray(JSON.parse(/^\[/.test(v) ? v : "null")));
    if (!ok) throw new Error(`Stack config ${full} must be of type '${d.type}' (Pulumi.yaml), not ${JSON.stringify(v)}`);
  }
  return out;
}

/** The program entry of the SDK the project uses, found from its folder as Node.js resolves it. */
export function programEntry(dir: string): string {
  return require.resolve("@pulumi/pulumi/cmd/run", { paths: [path.resolve(dir)] });
}

function argsFor(project: ProjectFile, dir: string, address: string, o: RunProjectOptions): string[] {
  const abs = path.resolve(dir);
  return [
    `--monitor=${address}`,
    `--engine=${address}`,
    "--organization=organization",
    `--project=${project.name}`,
    `--root-directory=${abs}`,
    `--stack=${o.stack ?? "stack"}`,
    `--pwd=${abs}`,
    ...(o.preview ? ["--dry-run"] : []),
    "--parallel=48",
    project.main ?? ".",
  ];
}

function envFor(project: ProjectFile, o: RunProjectOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("PULUMI_")) delete env[k];
  env.PULUMI_CONFIG = JSON.stringify(o.config);
  env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(o.secretConfigKeys ?? []);
  env.PULUMI_NODEJS_TYPESCRIPT = String(project.typescript);
  if (o.transpileOnly) env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
  return env;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function runChild(entry: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      output += `\n[harness] the program ran longer than ${timeoutMs} ms and was killed`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

function failure(exit: Exit, logs: LogEntry[]): Error {
  const errors = logs.filter((l) => l.severity === "error").map((l) => l.message.trim());
  const how = exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal}`;
  const detail = [...errors, exit.output.trim()].filter(Boolean).join("\n");
  return new Error(`the program ${how}${detail ? `:\n${detail}` : ""}`);
}

/**
 * Runs the project's program once through the SDK's program entry, applying each registration with
 * `opts.onResource`; resolves when the program has exited, with its stack outputs, its log, and its error if
 * it failed (a non-zero exit, as the engine judges it).
 */
export async function runProject(program: ProjectProgram, opts: RunProjectOptions): Promise<ProjectRunResult> {
  const pulumiYaml = projectText(program.dir); // read once: the project's fields and its config block
  const project = projectFrom(pulumiYaml);
  const monitor = await startMonitor({
    project: project.name,
    stack: opts.stack ?? "stack",
    onResource: opts.onResource,
    // as the CLI shows them without -v: the SDK's debug lines are kept in `logs` only
    onLog: (e) => (e.severity === "debug" ? undefined : opts.log?.(`[program ${e.severity}] ${e.message.trim()}`)),
  });
  try {
    const args = argsFor(project, program.dir, monitor.address, opts);
    const config = stackConfig(program.dir, project.name, opts.config ?? {}, readConfigDeclarations(program.dir, pulumiYaml.text));
    const exit = await runChild(
      programEntry(program.dir),
      args,
      envFor(project, { ...opts, config }),
      program.dir,
      opts.timeoutMs ?? 180_000,
    );
    const { outputs, secretOutputs } = stackOutputs(monitor.stackOutputs());
    const result: ProjectRunResult = { outputs, secretOutputs, logs: monitor.logs };
    if (exit.code !== 0) result.error = failure(exit, monitor.logs);
    return result;
  } finally {
    await monitor.close();
  }
}

/**
 * A project's settings as stack config: each key under the project's namespace (`<name>:<key>`), strings as they
 * are, other values as JSON (what `pulumi config set --path`/`--json` stores, and `Config.getObject` reads back).
 * Keys whose value is undefined are left out.
 */
export function projectConfig(program: ProjectProgram, settings: Record<string, unknown>): Record<string, string> {
  const ns = readProjectFile(program.dir).name;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(settings)) {
    if (v !== undefined) out[`${ns}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}
