// Runs a Pulumi program in-process under `pulumi.runtime.setMocks` and reports every resource registration.
//
// What setMocks does (SDK 3.248, runtime/mocks.js, runtime/resource.js, runtime/settings.js), checked by experiment:
// - newResource receives { type, name, inputs, provider, custom, id } only (id = import id, "" if none;
//   provider = "" for dynamic resources). It may return a Promise; it is awaited. parent, dependencies
//   (dependsOn + resources feeding inputs), deleteBeforeReplace, ignoreChanges, replaceOnChanges are NOT
//   passed: mocks.ts reads them from the RegisterResourceRequest by wrapping the MockMonitor, which calls
//   newResource synchronously.
// - Registrations arrive when their inputs resolve, not in source order (a resource with a secret input can
//   arrive after a later one). The runner processes them one at a time in arrival order, as the engine sees them.
// - Completion: every registration holds an `rpcKeepAlive` until its outputs are resolved;
//   `pulumi.runtime.waitForRPCs()` (internal, present at runtime) waits for that chain. Registrations started
//   in `apply` callbacks are caught by re-waiting after a macrotask until no new newResource call appears.
// - Preview (dryRun): mock returns no id → only the *id* becomes unknown; other outputs come from the mock's
//   state. Output keys missing from the state resolve as unknown; the sentinel string anywhere in the state is
//   deserialized to an unknown. Dependents receive `Unknown` instances at any depth (also inside arrays and
//   objects, and through `apply`); mocks.ts turns them into the sentinel. `apply` callbacks on unknowns never run,
//   so resources created inside them are not registered during preview (same as the real engine).
// - null inputs reach newResource as null (kept; the engine also passes nulls to the provider); undefined keys
//   are dropped. Secrets arrive as {4dabf…: 1b47…, value} at the top-level key only (the SDK pushes secretness up).
// - If newResource throws, the SDK rejects that resource's outputs and every dependent's, producing a burst of
//   unhandled rejections; so the runner never throws from newResource: after the first failure it answers
//   remaining registrations without RPCs and reports the failure after the program settles.
// - setMocks state is process-global; runs are serialised (mocks.ts). A program run after another one works.
import * as pulumi from "@pulumi/pulumi";
import { SECRET_SIG, SECRET_SIG_KEY, secretWrapper, UNKNOWN } from "./provider-client";

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
  /** The `retainOnDelete` resource option: deleting it drops it from state, never calls the provider's Delete. */
  retainOnDelete: boolean;
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
    return keepSecrets ? secretWrapper(inner) : inner;
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

/**
 * The engine's URN (deployment.generateURN): the parent's whole qualified type chain (`A$B`) before the type, the
 * root stack left out. (The SDK's MockMonitor.newUrn keeps only the parent's last type: wrong from two levels down.)
 */
export function urnOf(type: string, name: string, parent: string, project: string, stack: string): string {
  const parentQualified = parent.split("::")[2] ?? "";
  if (parent && parentQualified !== "pulumi:pulumi:Stack") type = `${parentQualified}$${type}`;
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

// Minimal views of the generated request classes we read from.
interface RegisterReqView {
  getParent(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
}
interface ReadReqView {
  getParent(): string;
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

/** A monitor request: a registration (`new Resource`) or a read (`Resource.get`). */
export type MonitorRequest = { kind: "register"; req: RegisterReqView } | { kind: "read"; req: ReadReqView };
/** The monitor request being served while the mock monitor calls newResource (synchronously). */
type Captured = MonitorRequest | undefined;

/** What a registration says of the resource itself (its inputs as they travelled: unknowns, secret markers). */
export interface RegisteredResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  custom: boolean;
  /** Import id (register) or read id ("" when none). */
  id: string;
}

/**
 * A Registration as the engine sees it: the resource's own fields, and what the monitor request adds (parent,
 * dependencies, options). The root stack (`root`, its URN) is left out of parents and dependencies, as the
 * engine leaves it out of URNs. Both paths build theirs here: the mocks (newResource's arguments and the
 * captured request) and the program host (the request the program sent).
 */
export function registrationFrom(r: RegisteredResource, request: Captured, project: string, stack: string, root = ""): Registration {
  const { inputs, secretKeys } = normaliseInputs(r.inputs);
  const notRoot = (urn: string) => urn !== root;
  const parent = request?.req.getParent() ?? "";
  const reg: Registration = {
    type: r.type,
    name: r.name,
    urn: urnOf(r.type, r.name, parent === root ? "" : parent, project, stack),
    inputs,
    secretKeys,
    custom: r.custom,
    kind: request?.kind ?? "register",
    id: r.id,
    parent: parent === root ? "" : parent,
    dependencies: request ? request.req.getDependenciesList().filter(notRoot) : [],
    propertyDependencies: {},
    ignoreChanges: [],
    replaceOnChanges: [],
    protect: false,
    retainOnDelete: false,
  };
  if (request?.kind === "register") {
    const q = request.req;
    q.getPropertydependenciesMap().forEach((deps, key) => {
      reg.propertyDependencies[key] = deps.getUrnsList().filter(notRoot);
    });
    if (q.getDeletebeforereplacedefined()) reg.deleteBeforeReplace = q.getDeletebeforereplace();
    reg.ignoreChanges = q.getIgnorechangesList();
    reg.replaceOnChanges = q.getReplaceonchangesList();
    reg.protect = !!q.getProtect();
    reg.retainOnDelete = !!q.getRetainondelete();
  }
  return reg;
}

/** A Registration from newResource's arguments plus what the captured monitor request adds. */
function toRegistration(args: pulumi.runtime.MockResourceArgs, captured: Captured, project: string, stack: string): Registration {
  const resource = {
    type: args.type,
    name: args.name,
    inputs: args.inputs as Record<string, unknown>,
    custom: args.custom ?? true,
    id: args.id ?? "",
  };
  return registrationFrom(resource, captured, project, stack);
}

/**
 * Wraps the mock monitor's registerResource/readResource so that `capture` sees each request while the
 * monitor calls newResource (synchronously, at the start), then forgets it.
 */
function captureMonitorRequests(capture: (c: Captured) => void): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorView;
  for (const [method, kind] of [
    ["registerResource", "register"],
    ["readResource", "read"],
  ] as const) {
    const orig = monitor[method].bind(monitor);
    monitor[method] = (req: unknown, cb: unknown) => {
      capture({ kind, req } as Captured);
      try {
        return orig(req, cb);
      } finally {
        capture(undefined);
      }
    };
  }
}

/** Counts registrations started and still being answered, to know when the program has settled. */
interface Tracker {
  started: number;
  inflight: number;
}

/** Installs the mocks for one run: newResource turns each call into a Registration for `opts.onResource`. */
async function installMocks(opts: RunProgramOptions, project: string, stack: string, tracker: Tracker): Promise<void> {
  let current: Captured;
  await pulumi.runtime.setMocks(
    {
      newResource: async (args: pulumi.runtime.MockResourceArgs): Promise<MockResult> => {
        const captured = current;
        current = undefined;
        tracker.started++;
        tracker.inflight++;
        try {
          return await opts.onResource(toRegistration(args, captured, project, stack));
        } finally {
          tracker.inflight--;
        }
      },
      call: async (args: pulumi.runtime.MockCallArgs) => {
        if (opts.onCall) return opts.onCall(args);
        throw new Error(`invoke ${args.token} is not supported by the test harness`);
      },
    },
    project,
    stack,
    !!opts.preview,
  );
  // Capture the request fields newResource does not receive (parent, dependencies, options).
  captureMonitorRequests((c) => {
    current = c;
  });
}

/** Resolves once no registration is in flight and none started since the last wait. */
async function settle(tracker: Tracker): Promise<void> {
  const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  if (typeof waitForRPCs !== "function") throw new Error("this @pulumi/pulumi has no runtime.waitForRPCs");
  for (;;) {
    const before = tracker.started;
    await waitForRPCs();
    await tick();
    await waitForRPCs();
    if (tracker.started === before && tracker.inflight === 0) return;
  }
}

interface ProgramResult {
  outputs: Record<string, unknown>;
  secretOutputs: Record<string, unknown>;
  error?: unknown;
}

/** Runs the program, waits for its registrations, and serializes its stack outputs as the engine would. */
async function runAndSerialize(program: ProgramFn, tracker: Tracker): Promise<ProgramResult> {
  let error: unknown;
  let raw: unknown;
  try {
    raw = await program();
  } catch (e) {
    error = e;
  }
  await settle(tracker);
  let result = stackOutputs(undefined);
  if (error === undefined && raw !== null && typeof raw === "object") {
    try {
      result = stackOutputs(
        await pulumi.runtime.serializeProperties("stack outputs", raw as Record<string, unknown>, { keepOutputValues: false }),
      );
    } catch (e) {
      error = e;
    }
    await settle(tracker);
  }
  return error === undefined ? result : { ...result, error };
}

/** Serialized stack outputs as the runner reports them: unknowns as the sentinel, secrets unwrapped (or kept). */
export function stackOutputs(serialized: Record<string, unknown> | undefined): {
  outputs: Record<string, unknown>;
  secretOutputs: Record<string, unknown>;
} {
  return {
    outputs: normaliseValue(serialized ?? {}) as Record<string, unknown>,
    secretOutputs: normaliseValue(serialized ?? {}, true) as Record<string, unknown>,
  };
}

/**
 * Runs `program` under setMocks and resolves once every registration (including ones started from
 * `apply` callbacks) has settled. Returns the program's resolved outputs (unknowns as the sentinel; in
 * `secretOutputs` secret values stay wrapped as {4dabf…: 1b47…, value}) or the error it threw.
 */
export function runProgram(program: ProgramFn, opts: RunProgramOptions): Promise<ProgramResult> {
  return exclusive(async () => {
    const tracker: Tracker = { started: 0, inflight: 0 };
    await installMocks(opts, opts.project ?? "project", opts.stack ?? "stack", tracker);
    return runAndSerialize(program, tracker);
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
      for (const k of reg.secretKeys) state[k] = secretWrapper(state[k]);
      return { id: preview || !reg.custom ? undefined : `${reg.name}-id`, state };
    },
  });
  if (res.error !== undefined) throw res.error;
  return regs;
}

/** The serialized provider (`__provider`) of each resource `program` registers, by the last part of its type (`Pool`, `MemberBatch`, ...). */
export async function providerTexts(program: () => void): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const r of await registrations(program)) texts[r.type.split(":").pop()!] = r.inputs.__provider as string;
  return texts;
}
