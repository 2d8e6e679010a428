/**
 * The setup most lifecycle tests share: an emulator and the SDK's dynamic-provider server started before the
 * file's tests and stopped after them, a temporary folder for state files, stacks against that emulator, and
 * plans printed one line per step. For the tests that drive one kind's calls themselves, the server configured
 * for the emulator and each kind's serialized provider; for the harness's own tests, a server and a folder a test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator, type EmulatorOptions, type RequestRecord } from "../../emulator";
import {
  emulatorConfig,
  providerTexts,
  SECRET_CONFIG_KEYS,
  startProviderServer,
  type PlanStep,
  type ProviderServer,
  type ProviderServerOptions,
  type StackOptions,
} from "../../harness";
import { changed, type Violation } from "../fixtures/violations";
import { kindRpc } from "./kind-rpc";

export interface TestEnv {
  readonly emu: Emulator;
  readonly server: ProviderServer;
  readonly dir: string;
  /** A new stack (its own state file) against the emulator, with the emulator's credentials. */
  stack: (over?: Partial<StackOptions>) => StackOptions;
  /** The requests that write (every method but GET) the emulator has recorded since it started or its counts were reset. */
  writes: () => RequestRecord[];
}

const ready = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error("the test environment is used before beforeAll ran");
  return v;
};

/**
 * Registers beforeAll/afterAll for the file: the emulator (with `options`), the provider server (with what
 * `serverOptions` makes of the emulator, e.g. an environment naming it), a folder.
 */
export function useEmulatorStacks(
  prefix: string,
  options?: EmulatorOptions,
  serverOptions?: (emu: Emulator) => ProviderServerOptions,
): TestEnv {
  let emu: Emulator | undefined;
  let server: ProviderServer | undefined;
  let dir: string | undefined;
  let stacks = 0;
  beforeAll(async () => {
    emu = await startEmulator(options);
    server = await startProviderServer(serverOptions?.(emu));
    dir = mkdtempSync(join(tmpdir(), `elb-${prefix}-`));
  });
  afterAll(async () => {
    await server?.close();
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
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
    writes: () => env.emu.requests.filter((r) => r.method !== "GET"),
  };
  return env;
}

export interface KindsEnv extends TestEnv {
  /** The serialized `__provider` the probe of `kind` (Pool, MemberBatch, ...) was registered with. */
  text: (kind: string) => string;
  /** The engine's calls for `kind` over the configured server, with its serialized provider (./kind-rpc.ts). */
  rpc: (kind: string) => ReturnType<typeof kindRpc>;
}

/**
 * useEmulatorStacks, then the server configured for the emulator (with `options.config`, default its
 * credentials) and the serialized provider of each kind `probes` registers, as a program would send them.
 */
export function useProviderKinds(
  prefix: string,
  probes: () => void,
  options: { emulator?: EmulatorOptions; config?: (emu: Emulator) => Record<string, string> } = {},
): KindsEnv {
  const env = useEmulatorStacks(prefix, options.emulator);
  let texts: Record<string, string> | undefined;
  beforeAll(async () => {
    await env.server.configure(options.config?.(env.emu) ?? emulatorConfig(env.emu), { secretKeys: SECRET_CONFIG_KEYS });
    texts = await providerTexts(probes);
  });
  const text = (kind: string) => {
    const t = ready(texts)[kind];
    if (t === undefined) throw new Error(`the probes register no ${kind}`);
    return t;
  };
  return Object.assign(env, {
    text,
    rpc: (kind: string) => kindRpc(kind, () => ({ server: env.server, providerText: text(kind) })),
  });
}

/**
 * A test per violation (named by its case): laid on `valid()`, it fails the kind's check over gRPC naming the
 * property and rule, before any request reaches the emulator.
 */
export function testCheckRefusals(env: KindsEnv, kind: string, violations: Violation[], valid: () => Record<string, unknown>): void {
  const { check } = env.rpc(kind);
  test.each(violations)("%s", async (_case, over, drop, property, reason) => {
    const before = env.emu.requests.length;
    const { failures } = await check(changed(valid(), over, drop));
    expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
    expect(env.emu.requests.length).toBe(before);
  });
}

/** The harness's own tests: a provider server for the file's tests, and a new folder for each test, removed after it. */
export function useProviderServer(prefix: string): { readonly server: ProviderServer; readonly dir: string } {
  let server: ProviderServer | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    server = await startProviderServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return {
    get server() {
      return ready(server);
    },
    get dir() {
      return ready(dir);
    },
  };
}

const linesOf = (steps: PlanStep[], detail: boolean): string[] =>
  steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.name}${s.fields.length ? ` [${s.fields.join(",")}]` : ""}${detail && s.detail ? ` (${s.detail})` : ""}`)
    .sort();

/** A plan as sorted lines, `op name [fields] (detail)`, steps that change nothing left out. */
export const planLines = (steps: PlanStep[]): string[] => linesOf(steps, true);

/** The same without the detail (a replacement's order, a refresh's outcome): `op name [fields]`. */
export const planLinesWithoutDetail = (steps: PlanStep[]): string[] => linesOf(steps, false);
