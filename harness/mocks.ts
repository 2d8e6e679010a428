// Runs a Pulumi program in-process under `pulumi.runtime.setMocks` and reports every resource registration.
// See the comment at the top of stack.ts for what was found out about setMocks.
import * as pulumi from "@pulumi/pulumi";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "./provider-server";

/** One resource registration as it reached the mock monitor, normalised the way the engine would see it. */
export interface Registration {
  type: string;
  name: string;
  urn: string;
  /** Inputs with `Unknown` instances replaced by the engine's sentinel and top-level secrets unwrapped. */
  inputs: Record<string, unknown>;
  /** Top-level input keys that were secret (the SDK pushes secretness up to the top-level key). */
  secretKeys: string[];
  custom: boolean;
  /** "register" for `new Resource(...)`, "read" for `Resource.get(...)`. */
  kind: "register" | "read";
  /** Import id (register) or read id ("" when none). */
  id: string;
  parent: string;
  /** Direct dependencies (dependsOn and resources whose outputs feed the inputs), as URNs. */
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  /** The `deleteBeforeReplace` resource option, undefined when not set. */
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  protect: boolean;
}

export interface MockResult {
  /** undefined: no id (during preview the SDK then resolves the resource's id as unknown). */
  id: string | undefined;
  state: Record<string, unknown>;
}

export interface RunProgramOptions {
  preview?: boolean;
  project?: string;
  stack?: string;
  /** Answers a registration; must not throw (a throw makes the SDK emit unhandled rejections). */
  onResource: (reg: Registration) => MockResult | Promise<MockResult>;
  /** Answers invokes; default rejects (dynamic providers have no invokes). */
  onCall?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> | Promise<Record<string, unknown>>;
}

export type ProgramFn = () => unknown;

function isUnknownValue(v: unknown): boolean {
  if (pulumi.isUnknown(v)) return true;
  // Side-by-side SDK copies: the Unknown class marks itself with this field.
  return v !== null && typeof v === "object" && (v as { __pulumiUnknown?: unknown }).__pulumiUnknown === true;
}

export function isSecretWrapper(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Unknown instances → sentinel, secret wrappers → their value (unless keepSecrets), at any depth. */
export function normaliseValue(v: unknown, keepSecrets = false): unknown {
  if (isUnknownValue(v)) return UNKNOWN;
  if (isSecretWrapper(v)) {
    const inner = normaliseValue(v.value, keepSecrets);
    return keepSecrets ? { [SECRET_SIG_KEY]: SECRET_SIG, value: inner } : inner;
  }
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : normaliseValue(x, keepSecrets)));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined) out[k] = normaliseValue(x, keepSecrets);
    }
    return out;
  }
  return v;
}

function normaliseInputs(inputs: Record<string, unknown>): { inputs: Record<string, unknown>; secretKeys: string[] } {
  const out: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(inputs ?? {})) {
    if (v === undefined) continue;
    if (isSecretWrapper(v)) secretKeys.push(k);
    out[k] = normaliseValue(v);
  }
  return { inputs: out, secretKeys };
}

function urnOf(type: string, name: string, parent: string, project: string, stack: string): string {
  // Same rule as the SDK's MockMonitor.newUrn.
  if (parent) {
    const parentType = (parent.split("::")[2] ?? "").split("$").pop();
    type = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

// Minimal views of the generated request classes we read from.
interface RegisterReqView {
  getType(): string;
  getName(): string;
  getParent(): string;
  getImportid(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getProtect(): boolean;
}
interface ReadReqView {
  getType(): string;
  getName(): string;
  getParent(): string;
  getId(): string;
  getDependenciesList(): string[];
}
type MonitorView = Record<"registerResource" | "readResource", (req: unknown, cb: unknown) => unknown>;

let runLock: Promise<unknown> = Promise.resolve();

/** setMocks state is process-global: runs are serialised. */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const next = runLock.then(fn, fn);
  runLock = next.catch(() => undefined);
  return next;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Runs `program` under setMocks and resolves once every registration (including ones started from
 * `apply` callbacks) has settled. Returns the program's resolved outputs (unknowns as the sentinel; in
 * `secretOutputs` secret values stay wrapped as {4dabf…: 1b47…, value}) or the error it threw.
 */
export function runProgram(
  program: ProgramFn,
  opts: RunProgramOptions,
): Promise<{ outputs: Record<string, unknown>; secretOutputs: Record<string, unknown>; error?: unknown }> {
  return exclusive(async () => {
    const project = opts.project ?? "project";
    const stack = opts.stack ?? "stack";
    const preview = !!opts.preview;
    let current: { kind: "register"; req: RegisterReqView } | { kind: "read"; req: ReadReqView } | undefined;
    let started = 0;
    let inflight = 0;

    await pulumi.runtime.setMocks(
      {
        newResource: async (args: pulumi.runtime.MockResourceArgs): Promise<MockResult> => {
          const captured = current;
          current = undefined;
          started++;
          inflight++;
          try {
            const { inputs, secretKeys } = normaliseInputs(args.inputs as Record<string, unknown>);
            const parent = captured?.req.getParent() ?? "";
            const reg: Registration = {
              type: args.type,
              name: args.name,
              urn: urnOf(args.type, args.name, parent, project, stack),
              inputs,
              secretKeys,
              custom: args.custom ?? true,
              kind: captured?.kind ?? "register",
              id: args.id ?? "",
              parent,
              dependencies: captured ? [...captured.req.getDependenciesList()] : [],
              propertyDependencies: {},
              ignoreChanges: [],
              replaceOnChanges: [],
              protect: false,
            };
            if (captured?.kind === "register") {
              const r = captured.req;
              r.getPropertydependenciesMap().forEach((deps, key) => {
                reg.propertyDependencies[key] = deps.getUrnsList();
              });
              if (r.getDeletebeforereplacedefined()) reg.deleteBeforeReplace = r.getDeletebeforereplace();
              reg.ignoreChanges = r.getIgnorechangesList();
              reg.replaceOnChanges = r.getReplaceonchangesList();
              reg.protect = r.getProtect();
            }
            return await opts.onResource(reg);
          } finally {
            inflight--;
          }
        },
        call: async (args: pulumi.runtime.MockCallArgs) => {
          if (opts.onCall) return opts.onCall(args);
          throw new Error(`invoke ${args.token} is not supported by the test harness`);
        },
      },
      project,
      stack,
      preview,
    );

    // Capture the request fields newResource does not receive (parent, dependencies, options). The mock
    // monitor calls newResource synchronously at the start of registerResource/readResource.
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorView;
    for (const [method, kind] of [
      ["registerResource", "register"],
      ["readResource", "read"],
    ] as const) {
      const orig = monitor[method].bind(monitor);
      monitor[method] = (req: unknown, cb: unknown) => {
        current = { kind, req } as typeof current;
        try {
          return orig(req, cb);
        } finally {
          current = undefined;
        }
      };
    }

    const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
    if (typeof waitForRPCs !== "function") throw new Error("this @pulumi/pulumi has no runtime.waitForRPCs");
    const settle = async () => {
      for (;;) {
        const before = started;
        await waitForRPCs();
        await tick();
        await waitForRPCs();
        if (started === before && inflight === 0) return;
      }
    };

    let error: unknown;
    let raw: unknown;
    try {
      raw = await program();
    } catch (e) {
      error = e;
    }
    await settle();
    let outputs: Record<string, unknown> = {};
    let secretOutputs: Record<string, unknown> = {};
    if (error === undefined && raw !== null && typeof raw === "object") {
      try {
        const ser = await pulumi.runtime.serializeProperties("stack outputs", raw as Record<string, unknown>, {
          keepOutputValues: false,
        });
        outputs = normaliseValue(ser) as Record<string, unknown>;
        secretOutputs = normaliseValue(ser, true) as Record<string, unknown>;
      } catch (e) {
        error = e;
      }
      await settle();
    }
    return error === undefined ? { outputs, secretOutputs } : { outputs, secretOutputs, error };
  });
}

/**
 * Runs `program` under setMocks and returns what reached newResource, in arrival order. In preview mode
 * resources get no id (so dependents see unknowns, reported as the sentinel); otherwise id = `<name>-id`.
 * Each resource's state is its inputs.
 */
export async function registrations(
  program: ProgramFn,
  opts?: { preview?: boolean; project?: string; stack?: string },
): Promise<Registration[]> {
  const regs: Registration[] = [];
  const preview = !!opts?.preview;
  const res = await runProgram(program, {
    ...opts,
    preview,
    onResource: (reg) => {
      regs.push(reg);
      const state: Record<string, unknown> = { ...reg.inputs };
      for (const k of reg.secretKeys) state[k] = { [SECRET_SIG_KEY]: SECRET_SIG, value: state[k] };
      return { id: preview || !reg.custom ? undefined : `${reg.name}-id`, state };
    },
  });
  if (res.error !== undefined) throw res.error;
  return regs;
}
