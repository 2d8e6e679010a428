/**
 * The setup most lifecycle tests share: an emulator and the SDK's dynamic-provider server started before the
 * file's tests and stopped after them, a temporary folder for state files, stacks against that emulator, and
 * plans printed one line per step.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import {
  emulatorConfig,
  SECRET_CONFIG_KEYS,
  startProviderServer,
  type PlanStep,
  type ProviderServer,
  type StackOptions,
} from "../../harness";

export interface TestEnv {
  readonly emu: Emulator;
  readonly server: ProviderServer;
  readonly dir: string;
  /** A new stack (its own state file) against the emulator, with the emulator's credentials. */
  stack(over?: Partial<StackOptions>): StackOptions;
}

/** Registers beforeAll/afterAll for the file: the emulator (with `options`), the provider server, a folder. */
export function useEmulatorStacks(prefix: string, options?: EmulatorOptions): TestEnv {
  let emu: Emulator | undefined;
  let server: ProviderServer | undefined;
  let dir: string | undefined;
  let stacks = 0;
  beforeAll(async () => {
    emu = await startEmulator(options);
    server = await startProviderServer();
    dir = mkdtempSync(join(tmpdir(), `elb-${prefix}-`));
  });
  afterAll(async () => {
    await server?.close();
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error("the test environment is used before beforeAll ran");
    return v;
  };
  const env: TestEnv = {
    get emu() {
      return ready(emu);
    },
    get server() {
      return ready(server);
    },
    get dir() {
      return ready(dir);
    },
    stack: (over) => ({
      server: env.server,
      statePath: join(env.dir, `stack-${++stacks}.json`),
      config: emulatorConfig(env.emu),
      secretConfigKeys: SECRET_CONFIG_KEYS,
      ...over,
    }),
  };
  return env;
}

/** A plan as sorted lines, `op name [fields] (detail)`, steps that change nothing left out. */
export function planLines(steps: PlanStep[]): string[] {
  return steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.name}${s.fields.length ? ` [${s.fields.join(",")}]` : ""}${s.detail ? ` (${s.detail})` : ""}`)
    .sort();
}
