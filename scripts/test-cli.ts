/**
 * `npm run test:cli`: each example through the real Pulumi CLI (`pulumi login --local`, a throwaway
 * state folder) against the emulator — preview → up → change → up → refresh → destroy — with the CLI's
 * plan at each step compared with the stack runner's for the same program against a second emulator.
 * Where no `pulumi` binary is on PATH it says so and exits 0: the stack runner's own tests (npm test)
 * still cover the provider path; the repo's CI workflow installs the CLI so this runs there.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY, startEmulator, type Emulator } from "../emulator";
import {
  destroy,
  emulatorStack,
  preview,
  projectConfig,
  readProjectFile,
  refresh,
  startProviderServer,
  up,
  type PlanStep,
  type StackOptions,
} from "../harness";
import { CLI_EXAMPLES, EXAMPLES_DIR, type CliExample } from "./test-cli/examples";

type Phase = "preview" | "up" | "refresh" | "destroy";
const OPS: Record<string, string> = { "create-replacement": "replace", "delete-replaced": "replace", replace: "replace" };

function pulumiOnPath(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

/** One CLI command in the example's folder; its JSON output when asked. */
function cli(dir: string, env: NodeJS.ProcessEnv, args: string[]): string {
  return execFileSync("pulumi", [...args, "--non-interactive", "--cwd", dir], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** The CLI's plan (from `preview --json`) as "op name" lines, changes only. */
function cliPlan(json: string): string[] {
  const steps = (JSON.parse(json) as { steps?: { op: string; urn: string }[] }).steps ?? [];
  const lines = steps
    .filter((s) => s.op !== "same" && !s.urn.includes("pulumi:pulumi:Stack"))
    .map((s) => `${OPS[s.op] ?? s.op} ${s.urn.split("::").pop()}`);
  return [...new Set(lines)].sort();
}
const runnerPlan = (steps: PlanStep[]) =>
  steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.name}`)
    .sort();

function cliEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${home}`,
    PULUMI_CONFIG_PASSPHRASE: "",
  };
}

function setConfig(dir: string, env: NodeJS.ProcessEnv, emu: Emulator, config: Record<string, string>): void {
  cli(dir, env, ["config", "set", "huaweicloud:region", emu.region]);
  cli(dir, env, ["config", "set", "--path", "huaweicloud:endpoints.elb", emu.url]);
  cli(dir, env, ["config", "set", "--path", "huaweicloud:endpoints.iam", emu.url]);
  cli(dir, env, ["config", "set", "huaweicloud:accessKey", EMULATOR_ACCESS_KEY]);
  cli(dir, env, ["config", "set", "--secret", "huaweicloud:secretKey", EMULATOR_SECRET_KEY]);
  for (const [k, v] of Object.entries(config)) cli(dir, env, ["config", "set", k, v]);
}

/** Runs one example both ways; returns the phases whose plans differ. */
async function runExample(ex: CliExample): Promise<string[]> {
  const [cliEmu, runEmu] = [await startEmulator(), await startEmulator()];
  const home = mkdtempSync(join(tmpdir(), `elb-cli-${ex.dir}-`));
  const server = await startProviderServer();
  const dir = join(EXAMPLES_DIR, ex.dir);
  const program = { dir };
  const opts: StackOptions = emulatorStack(runEmu, {
    server,
    statePath: join(home, "runner.json"),
    project: readProjectFile(dir).name,
    stack: "cli",
  });
  /** The runner's stack with the example's settings as stack config, as the CLI's stack holds them. */
  const withConfig = (c: Record<string, string>): StackOptions => ({ ...opts, config: { ...opts.config, ...projectConfig(program, c) } });
  const env = cliEnv(home);
  const mismatches: string[] = [];
  const compare = (phase: Phase | string, a: string[], b: string[]) => {
    const same = JSON.stringify(a) === JSON.stringify(b);
    console.log(`  ${same ? "ok  " : "DIFF"} ${phase}: cli [${a.join(", ")}]${same ? "" : ` runner [${b.join(", ")}]`}`);
    if (!same) mismatches.push(`${ex.dir} ${phase}`);
  };
  try {
    cli(dir, env, ["login", "--local"]);
    cli(dir, env, ["stack", "init", "cli"]);
    let config = ex.config(cliEmu);
    setConfig(dir, env, cliEmu, config);
    compare("preview", cliPlan(cli(dir, env, ["preview", "--json"])), runnerPlan((await preview(program, withConfig(config))).steps));
    cli(dir, env, ["up", "--yes", "--skip-preview"]);
    await up(program, withConfig(config));
    config = { ...config, ...ex.change };
    for (const [k, v] of Object.entries(ex.change)) cli(dir, env, ["config", "set", k, v]);
    compare("change", cliPlan(cli(dir, env, ["preview", "--json"])), runnerPlan((await preview(program, withConfig(config))).steps));
    cli(dir, env, ["up", "--yes", "--skip-preview"]);
    await up(program, withConfig(config));
    cli(dir, env, ["refresh", "--yes"]);
    await refresh(opts);
    compare("after refresh", cliPlan(cli(dir, env, ["preview", "--json"])), runnerPlan((await preview(program, withConfig(config))).steps));
    cli(dir, env, ["destroy", "--yes"]);
    await destroy(opts);
    compare("left in the emulator", [String(cliEmu.pools().length)], [String(runEmu.pools().length)]);
  } finally {
    spawnSync("pulumi", ["stack", "rm", "cli", "--yes", "--force", "--non-interactive", "--cwd", dir], { env, stdio: "ignore" });
    await server.close();
    await Promise.all([cliEmu.close(), runEmu.close()]);
    rmSync(home, { recursive: true, force: true });
  }
  return mismatches;
}

async function main(): Promise<void> {
  if (!pulumiOnPath()) {
    console.log("test:cli SKIPPED: no `pulumi` binary on PATH (install the Pulumi CLI to run the examples through the real engine).");
    return;
  }
  const mismatches: string[] = [];
  for (const ex of CLI_EXAMPLES) {
    console.log(`examples/${ex.dir}`);
    mismatches.push(...(await runExample(ex)));
  }
  console.log(
    mismatches.length ? `test:cli FAILED: plans differ in ${mismatches.join("; ")}` : `test:cli passed: ${CLI_EXAMPLES.length} examples`,
  );
  if (mismatches.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`test:cli FAILED: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
