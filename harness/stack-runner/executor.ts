// The executor of the stack runner: runs the planned steps against the provider server (Check, Diff,
// Create, Update, Delete), records the state entries they produce, and answers the program's mocks.
import { ProviderError, type DiffResult, type ProviderServer } from "../provider-client";
import type { MockResult, Registration } from "../mocks";
import { planResource, stepOf, type Deletion, type ResourcePlan, type RunOutcome } from "./plan";
import { wrapSecrets } from "./state-file";
import { CheckFailedError, type PlanStep, type StackState, type StateResource } from "./types";
import { applyIgnoreChanges } from "./values";

type Props = Record<string, unknown>;
type Log = (line: string) => void;

const DELETE_NOTES: Record<Deletion["why"], [string, string]> = {
  pending: [" (pending)", ""],
  replaced: ["", " (replaced)"],
  removed: ["", ""],
};

/** Runs `deletions` in order (each step recorded first); stops at the first failure and returns it. */
export async function runDeletions(
  server: ProviderServer,
  log: Log,
  deletions: Deletion[],
  run: { steps: PlanStep[]; deleted: Set<StateResource>; dryRun: boolean },
): Promise<unknown> {
  for (const { resource: r, step, why } of deletions) {
    // The engine never calls Delete for a resource read with `get` or one with retainOnDelete: it only leaves state.
    const kept = r.external ? "read with get: not deleted" : r.retainOnDelete ? "retainOnDelete: not deleted" : undefined;
    if (step) run.steps.push(kept ? { ...step, detail: kept } : step);
    if (run.dryRun) continue;
    if (kept) {
      log(`forget ${r.urn} id=${r.id} (${kept})`);
      run.deleted.add(r);
      continue;
    }
    try {
      const [beforeId, afterId] = DELETE_NOTES[why];
      log(`delete ${r.urn}${beforeId} id=${r.id}${afterId}`);
      await server.delete(r.urn, r.id, r.outputs, r.inputs);
      run.deleted.add(r);
    } catch (e) {
      return e;
    }
  }
  return undefined;
}

/** The engine's own diff of a resource targeted with `--replace` (step_generator.go: ReplaceKeys ["id"]). */
const TARGETED_REPLACE: DiffResult = { changes: "some", replaces: ["id"], deleteBeforeReplace: false };

/** One registration being applied: its previous entry, what it records in state, how it answers the mock. */
interface Applying {
  reg: Registration;
  prev?: StateResource;
  /** The inputs sent to Check (after ignoreChanges). */
  news: Props;
  record(e: Omit<StateResource, "urn" | "type" | "name" | "dependencies" | "parent" | "secrets">): void;
  answer(id: string | undefined, state: Props): MockResult;
}

/** A preview or an up in progress: steps taken and state entries produced, one registration at a time. */
export class Deployment implements RunOutcome {
  readonly steps: PlanStep[] = [];
  readonly registered = new Map<string, StateResource | null>();
  readonly replacedOlds = new Set<StateResource>();
  readonly deleted = new Set<StateResource>();
  /** The first failure; after it, registrations are answered without RPCs. */
  failure: unknown;
  private readonly olds = new Map<string, StateResource>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly server: ProviderServer,
    private readonly log: Log,
    readonly dryRun: boolean,
    old: StackState,
    /** URNs targeted for replacement (`pulumi up --replace <urn>`). */
    private readonly replaceTargets: ReadonlySet<string> = new Set(),
  ) {
    for (const r of old.resources) if (!r.pendingDelete) this.olds.set(r.urn, r);
  }

  /** Runs `deletions`; the first failure becomes the run's failure. */
  async deleteAll(deletions: Deletion[]): Promise<void> {
    const e = await runDeletions(this.server, this.log, deletions, this);
    if (e !== undefined) this.failure ??= e;
  }

  /** The mock's newResource answer: registrations are applied one at a time, in arrival order; never throws. */
  onResource(reg: Registration): Promise<MockResult> {
    const run = this.queue.then(async (): Promise<MockResult> => {
      if (this.failure !== undefined) return this.skipped(reg);
      try {
        return await this.apply(reg);
      } catch (e) {
        this.failure ??= e;
        this.log(`failed ${reg.urn}: ${e instanceof Error ? e.message : String(e)}`);
        return this.skipped(reg);
      }
    });
    this.queue = run;
    return run;
  }

  /** Resolves once every registration received so far has been applied. */
  async settled(): Promise<void> {
    await this.queue;
  }

  private skipped(reg: Registration): MockResult {
    return { id: undefined, state: this.dryRun ? reg.inputs : {} };
  }

  private async apply(reg: Registration): Promise<MockResult> {
    if (!reg.custom) {
      this.registered.set(reg.urn, null);
      return { id: undefined, state: reg.inputs }; // component: no provider involved
    }
    this.assertApplicable(reg);
    this.registered.set(reg.urn, null);
    if (reg.kind === "read") return this.read(reg);
    const a = this.applying(reg);
    // A resource targeted for replacement: the engine checks the program's properties (no olds, no ignoreChanges)
    // once and never asks the provider's Diff; it plans a replacement blamed on `id`, deleteBeforeReplace coming
    // from the resource option alone, and creates with those checked inputs (no second check).
    const targeted = !!a.prev && this.replaceTargets.has(reg.urn);
    const inputs = targeted
      ? await this.check(reg.urn, {}, reg.inputs, " (replace target)")
      : await this.check(reg.urn, a.prev ? a.prev.inputs : {}, a.news, "");
    const diff = targeted ? TARGETED_REPLACE : a.prev ? await this.diff(reg, a.prev, inputs) : undefined;
    const plan = planResource(reg, a.prev, inputs, diff);
    return this.execute(a, plan, inputs, targeted);
  }

  private assertApplicable(reg: Registration): void {
    if (reg.kind === "register" && reg.id) throw new Error(`${reg.urn}: the import option does not work with dynamic providers`);
    if (!reg.type.startsWith("pulumi-nodejs:dynamic")) {
      throw new Error(`${reg.urn}: only dynamic-provider resources can be applied by the harness`);
    }
    if (this.registered.has(reg.urn)) throw new Error(`duplicate resource URN ${reg.urn}`);
  }

  /**
   * `Resource.get`: the engine calls Read (in preview too) with the ID and the program's properties (the
   * serialized provider), records the answer as an external resource, and fails when nothing is there.
   */
  private async read(reg: Registration): Promise<MockResult> {
    this.log(`read ${reg.urn} id=${reg.id}`);
    // the engine's read step: Read(id, inputs none, state = the properties the program passed)
    const res = await this.server.read(reg.urn, reg.id, reg.inputs);
    if (!res.id) throw new Error(`${reg.urn}: reading ${reg.id}: the resource does not exist`);
    this.steps.push(stepOf("read", reg));
    if (!this.dryRun) {
      const entry = { urn: reg.urn, type: reg.type, name: reg.name, id: res.id, inputs: reg.inputs, outputs: res.properties };
      this.registered.set(reg.urn, { ...entry, ...(reg.parent ? { parent: reg.parent } : {}), external: true });
    }
    return { id: res.id, state: res.properties };
  }

  private applying(reg: Registration): Applying {
    const prev = this.olds.get(reg.urn);
    const secrets = reg.secretKeys.length ? [...reg.secretKeys] : undefined;
    const base = {
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      ...(reg.dependencies.length ? { dependencies: reg.dependencies } : {}),
      ...(reg.parent ? { parent: reg.parent } : {}),
      ...(secrets ? { secrets } : {}),
      ...(reg.retainOnDelete ? { retainOnDelete: true } : {}),
    };
    return {
      reg,
      prev,
      news: prev ? applyIgnoreChanges(reg.inputs, prev.inputs, reg.ignoreChanges) : reg.inputs,
      record: (e) => {
        if (!this.dryRun) this.registered.set(reg.urn, { ...base, ...e });
      },
      answer: (id, state) => ({ id, state: wrapSecrets(state, secrets) }),
    };
  }

  private async check(urn: string, olds: Props, news: Props, note: string): Promise<Props> {
    this.log(`check ${urn}${note}`);
    const checked = await this.server.check(urn, olds, news);
    if (checked.failures.length) throw new CheckFailedError(urn, checked.failures);
    return checked.inputs;
  }

  private diff(reg: Registration, prev: StateResource, inputs: Props): Promise<DiffResult> {
    this.log(`diff ${reg.urn} id=${prev.id}`);
    return this.server.diff(reg.urn, prev.id, prev.outputs, inputs, prev.inputs);
  }

  private async execute(a: Applying, plan: ResourcePlan, inputs: Props, targeted = false): Promise<MockResult> {
    const prev = a.prev;
    if (plan.op === "replace") return this.replace(a, plan.step, plan.deleteBeforeReplace, targeted ? inputs : undefined);
    this.steps.push(plan.step);
    if (plan.op === "create" || !prev) return this.dryRun ? a.answer(undefined, inputs) : this.create(a, inputs, "create");
    if (plan.op === "same") {
      a.record({ id: prev.id, inputs, outputs: prev.outputs });
      return a.answer(prev.id, prev.outputs);
    }
    return this.dryRun ? a.answer(prev.id, inputs) : this.update(a, prev, inputs, plan.step.fields);
  }

  private async create(a: Applying, props: Props, op: "create" | "replace"): Promise<MockResult> {
    this.log(`${op === "create" ? "create" : "create replacement"} ${a.reg.urn}`);
    try {
      const res = await this.server.create(a.reg.urn, props);
      a.record({ id: res.id, inputs: props, outputs: res.properties });
      return a.answer(res.id, res.properties);
    } catch (e) {
      if (e instanceof ProviderError && e.id) {
        a.record({ id: e.id, inputs: props, outputs: e.properties ?? {}, initErrors: e.reasons });
      }
      throw e;
    }
  }

  /** Replacement: re-check with no olds (defaults are recomputed for a new resource). */
  /** `checked`: the inputs a targeted replacement was already checked with (the engine checks it once). */
  private async replace(a: Applying, step: PlanStep, deleteBeforeReplace: boolean, checked?: Props): Promise<MockResult> {
    const prev = a.prev!;
    const inputs = checked ?? (await this.check(a.reg.urn, {}, a.news, " (replacement)"));
    this.steps.push(step);
    if (this.dryRun) return a.answer(undefined, inputs);
    if (deleteBeforeReplace) {
      this.log(`delete ${a.reg.urn} id=${prev.id} (before replace)`);
      await this.server.delete(a.reg.urn, prev.id, prev.outputs, prev.inputs);
      this.deleted.add(prev);
      return this.create(a, inputs, "replace");
    }
    const res = await this.create(a, inputs, "replace");
    this.replacedOlds.add(prev);
    return res;
  }

  private async update(a: Applying, prev: StateResource, inputs: Props, fields: string[]): Promise<MockResult> {
    this.log(`update ${a.reg.urn} id=${prev.id} [${fields.join(", ")}]`);
    try {
      const res = await this.server.update(a.reg.urn, prev.id, prev.outputs, inputs, prev.inputs);
      a.record({ id: prev.id, inputs, outputs: res.properties });
      return a.answer(prev.id, res.properties);
    } catch (e) {
      if (e instanceof ProviderError && e.id) {
        a.record({ id: prev.id, inputs, outputs: e.properties ?? {}, initErrors: e.reasons });
      } else {
        // A plain failure leaves the old state untouched.
        this.registered.set(a.reg.urn, prev);
      }
      throw e;
    }
  }
}
