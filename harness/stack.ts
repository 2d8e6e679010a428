// A small, engine-faithful "stack runner": runs a Pulumi program in-process under setMocks and applies each
// registered dynamic resource through the SDK's dynamic-provider gRPC server, keeping a JSON state file.
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
//
// Engine semantics followed (pkg/resource/deploy/step_generator.go, sdk/go/common/resource/plugin/provider_plugin.go):
// Check(olds = old inputs) → failures abort; Diff(olds = old outputs, oldInputs); DIFF_UNKNOWN → compare old
// inputs with new inputs; init errors from a partial failure force an update; a replacement re-runs Check with
// olds = {}; deleteBeforeReplace = resource option if set, else the provider's answer; create-before-delete
// deletes the old instance after the program. Previews call no Create/Update/Delete: dynamic providers do not
// support provider previews, so the engine answers Create/Update previews with the checked inputs (no id for
// creates/replaces) — computed outputs of resources being created, replaced *or updated* are unknown in preview.
import * as fs from "fs";
import * as path from "path";
import { ProviderError, SECRET_SIG, SECRET_SIG_KEY, UNKNOWN, type CheckFailure, type ProviderServer } from "./provider-server";
import { isSecretWrapper, runProgram, type MockResult, type Registration } from "./mocks";

export type Program = () => Record<string, unknown> | void | Promise<Record<string, unknown> | void>;

export interface StackOptions {
  server: ProviderServer;
  statePath: string;
  project?: string;
  stack?: string;
  /** Stack config sent with Configure before the run (keys like "huaweicloud:region"). */
  config?: Record<string, string>;
  /** Config keys to send as secrets. */
  secretConfigKeys?: string[];
  log?: (line: string) => void;
}

export interface PlanStep {
  op: "create" | "update" | "replace" | "delete" | "same" | "refresh";
  urn: string;
  type: string;
  name: string;
  fields: string[];
  detail?: string;
}

export interface RunResult {
  steps: PlanStep[];
  outputs: Record<string, unknown>;
}

export interface StateResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  dependencies?: string[];
  parent?: string;
  /** Reasons from a partial failure (ErrorResourceInitFailed); the next up updates the resource. */
  initErrors?: string[];
  /** Old instance of a create-before-delete replacement still to be deleted. */
  pendingDelete?: boolean;
  /** Top-level keys of inputs/outputs that are secret (stored encoded in the file, plaintext here). */
  secrets?: string[];
}

export interface StackState {
  resources: StateResource[];
  outputs?: Record<string, unknown>;
}

/** Error thrown for Check failures. */
export class CheckFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: CheckFailure[],
  ) {
    super(`resource ${urn} has check errors:\n${failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n")}`);
    this.name = "CheckFailedError";
  }
}

// ---------------------------------------------------------------------------------------------------------
// state file

const PROVIDER_KEY = "__provider";

function encodeSecret(v: unknown): unknown {
  return { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: Buffer.from(JSON.stringify(v ?? null), "utf8").toString("base64") };
}
/** Decodes secret markers ({sig, ciphertext} or {sig, value}) at any depth. */
function decodeSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeSecrets);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if (o[SECRET_SIG_KEY] === SECRET_SIG) {
    if (typeof o.ciphertext === "string") return JSON.parse(Buffer.from(o.ciphertext, "base64").toString("utf8"));
    return decodeSecrets(o.value);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeSecrets(x);
  return out;
}
/** Encodes {sig, value} secret wrappers at any depth as {sig, ciphertext}. */
function encodeWrappedSecrets(v: unknown): unknown {
  if (v !== null && typeof v === "object" && typeof (v as Record<string, unknown>).ciphertext === "string") return v;
  if (isSecretWrapper(v)) return encodeSecret(decodeSecrets(v.value));
  if (Array.isArray(v)) return v.map(encodeWrappedSecrets);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = encodeWrappedSecrets(x);
  return out;
}
function mapKeys(obj: Record<string, unknown>, keys: string[] | undefined, f: (v: unknown) => unknown) {
  if (!keys?.length) return obj;
  const out = { ...obj };
  for (const k of keys) if (k in out) out[k] = f(out[k]);
  return out;
}

/** Reads the state file (secrets decoded). A missing file is an empty stack. */
export function readState(statePath: string): StackState {
  if (!fs.existsSync(statePath)) return { resources: [] };
  const raw = JSON.parse(fs.readFileSync(statePath, "utf8")) as StackState;
  const state: StackState = {
    ...raw,
    resources: (raw.resources ?? []).map((r) => ({
      ...r,
      inputs: decodeSecrets(r.inputs ?? {}) as Record<string, unknown>,
      outputs: decodeSecrets(r.outputs ?? {}) as Record<string, unknown>,
    })),
  };
  if (raw.outputs) state.outputs = decodeSecrets(raw.outputs) as Record<string, unknown>;
  return state;
}

/** The stack outputs exactly as stored (secrets still encoded), to carry them over unchanged. */
function readStoredOutputs(statePath: string): Record<string, unknown> {
  if (!fs.existsSync(statePath)) return {};
  return (JSON.parse(fs.readFileSync(statePath, "utf8")) as StackState).outputs ?? {};
}

/** `outputsToStore`: stack outputs with secrets wrapped ({sig, value}) or already encoded ({sig, ciphertext}). */
function writeState(statePath: string, state: StackState, outputsToStore: Record<string, unknown>): void {
  const onDisk: StackState = {
    ...state,
    outputs: encodeWrappedSecrets(outputsToStore) as Record<string, unknown>,
    resources: state.resources.map((r) => ({
      ...r,
      inputs: mapKeys(r.inputs, r.secrets, encodeSecret),
      outputs: mapKeys(r.outputs, r.secrets, encodeSecret),
    })),
  };
  fs.mkdirSync(path.dirname(path.resolve(statePath)), { recursive: true });
  const tmp = `${statePath}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(onDisk, null, 2) + "\n");
  fs.renameSync(tmp, statePath);
}

// ---------------------------------------------------------------------------------------------------------
// helpers

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** Top-level keys whose values differ between `a` and `b` (over `keys`), ignoring __provider, sorted. */
function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>, keys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const k of keys) if (k !== PROVIDER_KEY && !deepEqual(a[k], b[k])) out.add(k);
  return [...out].sort();
}

/** The engine's processIgnoreChanges, for dotted object paths ("a", "a.b"; "*" for everything). */
function applyIgnoreChanges(news: Record<string, unknown>, olds: Record<string, unknown>, paths: string[]) {
  if (!paths.length) return news;
  const out = structuredClone(news) as Record<string, unknown>;
  for (const p of paths) {
    if (p === "*") return structuredClone(olds) as Record<string, unknown>;
    const segs = p.split(".");
    let src: unknown = olds;
    let dst: Record<string, unknown> = out;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      const sv = src !== null && typeof src === "object" ? (src as Record<string, unknown>)[s] : undefined;
      if (i === segs.length - 1) {
        if (sv === undefined) delete dst[s];
        else dst[s] = structuredClone(sv);
      } else {
        if (dst[s] === null || typeof dst[s] !== "object") dst[s] = {};
        dst = dst[s] as Record<string, unknown>;
        src = sv;
      }
    }
  }
  return out;
}

function wrapSecrets(state: Record<string, unknown>, keys: string[] | undefined): Record<string, unknown> {
  return mapKeys(state, keys, (v) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value: v }));
}

/** Stable topological order: each resource after its dependencies (and parent), otherwise keeping `list` order. */
function topoOrder(list: StateResource[]): StateResource[] {
  const byUrn = new Map<string, StateResource>();
  for (const r of list) if (!r.pendingDelete) byUrn.set(r.urn, r);
  const done = new Set<StateResource>();
  const out: StateResource[] = [];
  const visit = (r: StateResource, stack: Set<StateResource>) => {
    if (done.has(r) || stack.has(r)) return;
    stack.add(r);
    for (const d of [...(r.dependencies ?? []), ...(r.parent ? [r.parent] : [])]) {
      const dep = byUrn.get(d);
      if (dep && dep !== r) visit(dep, stack);
    }
    stack.delete(r);
    done.add(r);
    out.push(r);
  };
  for (const r of list) visit(r, new Set());
  return out;
}

function stepOf(op: PlanStep["op"], r: { urn: string; type: string; name: string }, fields: string[] = [], detail?: string): PlanStep {
  const s: PlanStep = { op, urn: r.urn, type: r.type, name: r.name, fields };
  if (detail !== undefined) s.detail = detail;
  return s;
}

async function ensureConfigured(opts: StackOptions) {
  if (opts.config || !opts.server.configured) {
    await opts.server.configure(opts.config ?? {}, { secretKeys: opts.secretConfigKeys ?? [] });
  }
}

function attachSteps(e: unknown, steps: PlanStep[]): unknown {
  if (e instanceof Error) Object.assign(e, { steps });
  return e;
}

// ---------------------------------------------------------------------------------------------------------
// preview / up

async function deploy(program: Program, opts: StackOptions, dryRun: boolean): Promise<RunResult> {
  const { server } = opts;
  const log = opts.log ?? (() => undefined);
  await ensureConfigured(opts);
  const old = readState(opts.statePath);
  const storedOutputs = readStoredOutputs(opts.statePath);
  const steps: PlanStep[] = [];
  const olds = new Map<string, StateResource>();
  for (const r of old.resources) if (!r.pendingDelete) olds.set(r.urn, r);
  const registered = new Map<string, StateResource | null>(); // urn → new state entry (null: no entry)
  const replacedOlds = new Set<StateResource>(); // create-before-delete olds, deleted after the program
  const deleted = new Set<StateResource>(); // olds removed from state during the run
  let failure: unknown;
  let queue: Promise<unknown> = Promise.resolve();

  // Pending deletes from an earlier failed run go first, as the engine does.
  const pending = old.resources.filter((r) => r.pendingDelete).reverse();
  for (const r of pending) {
    steps.push(stepOf("delete", r, [], "pending delete"));
    if (dryRun) continue;
    try {
      log(`delete ${r.urn} (pending) id=${r.id}`);
      await server.delete(r.urn, r.id, r.outputs, r.inputs);
      deleted.add(r);
    } catch (e) {
      failure ??= e;
      break;
    }
  }

  const skipped = (reg: Registration): MockResult => ({ id: undefined, state: dryRun ? reg.inputs : {} });

  const apply = async (reg: Registration): Promise<MockResult> => {
    if (!reg.custom) {
      registered.set(reg.urn, null);
      return { id: undefined, state: reg.inputs }; // component: no provider involved
    }
    if (reg.kind === "read") throw new Error(`${reg.urn}: Resource.get (read) is not supported by the harness`);
    if (reg.id) throw new Error(`${reg.urn}: the import option does not work with dynamic providers`);
    if (!reg.type.startsWith("pulumi-nodejs:dynamic")) {
      throw new Error(`${reg.urn}: only dynamic-provider resources can be applied by the harness`);
    }
    if (registered.has(reg.urn)) throw new Error(`duplicate resource URN ${reg.urn}`);
    registered.set(reg.urn, null);

    const prev = olds.get(reg.urn);
    const secrets = reg.secretKeys.length ? [...reg.secretKeys] : undefined;
    const base = {
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      ...(reg.dependencies.length ? { dependencies: reg.dependencies } : {}),
      ...(reg.parent ? { parent: reg.parent } : {}),
      ...(secrets ? { secrets } : {}),
    };
    const record = (e: Omit<StateResource, keyof typeof base>) => {
      const entry: StateResource = { ...base, ...e };
      if (!dryRun) registered.set(reg.urn, entry);
      return entry;
    };
    const answer = (id: string | undefined, state: Record<string, unknown>): MockResult => ({
      id,
      state: wrapSecrets(state, secrets),
    });

    let news = reg.inputs;
    if (prev) news = applyIgnoreChanges(news, prev.inputs, reg.ignoreChanges);
    log(`check ${reg.urn}`);
    const checked = await server.check(reg.urn, prev ? prev.inputs : {}, news);
    if (checked.failures.length) throw new CheckFailedError(reg.urn, checked.failures);
    const inputs = checked.inputs;

    const create = async (props: Record<string, unknown>, op: "create" | "replace") => {
      log(`${op === "create" ? "create" : "create replacement"} ${reg.urn}`);
      try {
        const res = await server.create(reg.urn, props);
        record({ id: res.id, inputs: props, outputs: res.properties });
        return answer(res.id, res.properties);
      } catch (e) {
        if (e instanceof ProviderError && e.id) {
          record({ id: e.id, inputs: props, outputs: e.properties ?? {}, initErrors: e.reasons });
        }
        throw e;
      }
    };

    if (!prev) {
      steps.push(stepOf("create", reg));
      if (dryRun) return answer(undefined, inputs);
      return create(inputs, "create");
    }

    log(`diff ${reg.urn} id=${prev.id}`);
    const diff = await server.diff(reg.urn, prev.id, prev.outputs, inputs, prev.inputs);
    let changes = diff.changes;
    let inputChanges: string[] = [];
    if (changes === "unknown") {
      // Engine: no answer from the provider → diff old inputs against new inputs.
      inputChanges = changedKeys(prev.inputs, inputs, new Set([...Object.keys(prev.inputs), ...Object.keys(inputs)]));
      changes = deepEqual(prev.inputs, inputs) ? "none" : "some";
    }
    const replaces = [...diff.replaces];
    if (changes === "some") {
      // replaceOnChanges applies to the keys the engine knows changed (only available for DIFF_UNKNOWN here).
      for (const k of inputChanges) {
        if (reg.replaceOnChanges.some((p) => p === "*" || p === k) && !replaces.includes(k)) replaces.push(k);
      }
    }
    const hasInitErrors = !!prev.initErrors?.length;

    if (changes === "none" && !hasInitErrors) {
      steps.push(stepOf("same", reg));
      record({ id: prev.id, inputs, outputs: prev.outputs });
      return answer(prev.id, prev.outputs);
    }

    if (changes === "some" && replaces.length) {
      // Replacement: re-check with no olds (defaults are recomputed for a new resource).
      log(`check ${reg.urn} (replacement)`);
      const rechecked = await server.check(reg.urn, {}, news);
      if (rechecked.failures.length) throw new CheckFailedError(reg.urn, rechecked.failures);
      const dbr = reg.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      steps.push(stepOf("replace", reg, replaces, dbr ? "delete-before-replace" : "create-before-delete"));
      if (dryRun) return answer(undefined, rechecked.inputs);
      if (dbr) {
        log(`delete ${reg.urn} id=${prev.id} (before replace)`);
        await server.delete(reg.urn, prev.id, prev.outputs, prev.inputs);
        deleted.add(prev);
        return create(rechecked.inputs, "replace");
      }
      const res = await create(rechecked.inputs, "replace");
      replacedOlds.add(prev);
      return res;
    }

    // In-place update (or an update forced by init errors from a partial failure).
    // The engine shows an update of a dynamic resource as old inputs against new inputs (the Node
    // server returns no detailed diff), so the plan lists the same keys.
    // When the inputs are unchanged (drift only in outputs), name the inputs that differ from outputs.
    let fields = changedKeys(inputs, prev.inputs, new Set([...Object.keys(inputs), ...Object.keys(prev.inputs)]));
    if (fields.length === 0) fields = changedKeys(inputs, prev.outputs, Object.keys(inputs));
    steps.push(stepOf("update", reg, fields, hasInitErrors && changes === "none" ? "init errors" : undefined));
    if (dryRun) return answer(prev.id, inputs);
    log(`update ${reg.urn} id=${prev.id} [${fields.join(", ")}]`);
    try {
      const res = await server.update(reg.urn, prev.id, prev.outputs, inputs, prev.inputs);
      record({ id: prev.id, inputs, outputs: res.properties });
      return answer(prev.id, res.properties);
    } catch (e) {
      if (e instanceof ProviderError && e.id) {
        record({ id: prev.id, inputs, outputs: e.properties ?? {}, initErrors: e.reasons });
      } else {
        // A plain failure leaves the old state untouched.
        registered.set(reg.urn, prev);
      }
      throw e;
    }
  };

  const onResource = (reg: Registration): Promise<MockResult> => {
    const run = queue.then(async (): Promise<MockResult> => {
      if (failure !== undefined) return skipped(reg);
      try {
        return await apply(reg);
      } catch (e) {
        failure ??= e;
        log(`failed ${reg.urn}: ${e instanceof Error ? e.message : String(e)}`);
        return skipped(reg);
      }
    });
    queue = run;
    return run;
  };

  const result = await runProgram(program, { preview: dryRun, project: opts.project, stack: opts.stack, onResource });
  await queue;
  if (result.error !== undefined) failure ??= result.error;

  // Deletions: resources no longer registered, and old instances of create-before-delete replacements,
  // in reverse order of the old state (dependents first). Skipped when the run failed.
  if (failure === undefined) {
    for (const r of [...old.resources].reverse()) {
      if (r.pendingDelete || deleted.has(r)) continue;
      const replaced = replacedOlds.has(r);
      if (!replaced && registered.has(r.urn)) continue;
      if (!replaced) steps.push(stepOf("delete", r));
      if (dryRun) continue;
      try {
        log(`delete ${r.urn} id=${r.id}${replaced ? " (replaced)" : ""}`);
        await server.delete(r.urn, r.id, r.outputs, r.inputs);
        deleted.add(r);
      } catch (e) {
        failure = e;
        break;
      }
    }
  }

  if (!dryRun) {
    const next: StateResource[] = [];
    for (const entry of registered.values()) if (entry) next.push(entry);
    for (const r of old.resources) {
      if (deleted.has(r)) continue;
      if (replacedOlds.has(r)) next.push({ ...r, pendingDelete: true });
      else if (r.pendingDelete || !registered.get(r.urn)) next.push(r); // untouched, or its step failed
    }
    const live = topoOrder(next);
    const resources = [...live, ...next.filter((r) => r.pendingDelete)];
    writeState(opts.statePath, { resources }, failure === undefined ? result.secretOutputs : storedOutputs);
  }
  if (failure !== undefined) throw attachSteps(failure, steps);
  return { steps, outputs: result.outputs };
}

/** Check + Diff only: no Create/Update/Delete RPCs, no state change. */
export function preview(program: Program, opts: StackOptions): Promise<RunResult> {
  return deploy(program, opts, true);
}

export function up(program: Program, opts: StackOptions): Promise<RunResult> {
  return deploy(program, opts, false);
}

// ---------------------------------------------------------------------------------------------------------
// refresh / destroy

export async function refresh(opts: StackOptions): Promise<RunResult> {
  const { server } = opts;
  const log = opts.log ?? (() => undefined);
  await ensureConfigured(opts);
  const state = readState(opts.statePath);
  const steps: PlanStep[] = [];
  const next: StateResource[] = [];
  let failure: unknown;
  for (const r of state.resources) {
    if (failure !== undefined) {
      next.push(r);
      continue;
    }
    try {
      log(`read ${r.urn} id=${r.id}`);
      const res = await server.read(r.urn, r.id, r.outputs, r.inputs);
      if (!res.id) {
        steps.push(stepOf("delete", r, [], "gone"));
        continue;
      }
      const fields = changedKeys(r.outputs, res.properties, new Set([...Object.keys(r.outputs), ...Object.keys(res.properties)]));
      steps.push(stepOf(fields.length ? "refresh" : "same", r, fields));
      const entry: StateResource = { ...r, id: res.id, outputs: res.properties, inputs: res.inputs ?? r.inputs };
      next.push(entry);
    } catch (e) {
      failure = e;
      next.push(r);
    }
  }
  writeState(opts.statePath, { ...state, resources: next }, readStoredOutputs(opts.statePath));
  if (failure !== undefined) throw attachSteps(failure, steps);
  return { steps, outputs: state.outputs ?? {} };
}

export async function destroy(opts: StackOptions): Promise<RunResult> {
  const { server } = opts;
  const log = opts.log ?? (() => undefined);
  await ensureConfigured(opts);
  const state = readState(opts.statePath);
  const steps: PlanStep[] = [];
  // Dependents first: reverse of the dependency order; pending deletes (old replaced instances) first of all.
  const order = [...state.resources.filter((r) => r.pendingDelete).reverse(), ...topoOrder(state.resources).reverse()];
  const remaining = new Set(state.resources);
  let failure: unknown;
  for (const r of order) {
    steps.push(stepOf("delete", r));
    try {
      log(`delete ${r.urn} id=${r.id}`);
      await server.delete(r.urn, r.id, r.outputs, r.inputs);
      remaining.delete(r);
    } catch (e) {
      failure = e;
      break;
    }
  }
  writeState(
    opts.statePath,
    { resources: state.resources.filter((r) => remaining.has(r)) },
    failure === undefined ? {} : readStoredOutputs(opts.statePath),
  );
  if (failure !== undefined) throw attachSteps(failure, steps);
  return { steps, outputs: {} };
}

// ---------------------------------------------------------------------------------------------------------

/** One line per step; "same" steps are omitted. */
export function formatPlan(steps: PlanStep[]): string {
  const lines: string[] = [];
  for (const s of steps) {
    const f = s.fields.length ? ` [${s.fields.join(", ")}]` : "";
    switch (s.op) {
      case "create":
        lines.push(`+ create ${s.type} ${s.name}`);
        break;
      case "update":
        lines.push(`~ update ${s.type} ${s.name}${f}`);
        break;
      case "replace":
        lines.push(`+- replace ${s.type} ${s.name}${f}`);
        break;
      case "delete":
        lines.push(`- delete ${s.type} ${s.name}`);
        break;
      case "refresh":
        lines.push(`~ refresh ${s.type} ${s.name}${f}`);
        break;
      case "same":
        break;
    }
  }
  return lines.join("\n");
}

export { UNKNOWN };
