/**
 * `pulumi-huaweicloud-elb/testing`: run a program's ELB resources through this package's own check
 * and diff, and (optionally) create them in the bundled emulator, inside a user's unit tests.
 *
 * `pulumi.runtime.setMocks` alone never runs check: a mocked `Pool` with `weight: 500` passes. With
 * `kit.mocks`, each resource of this package is checked as `pulumi preview` checks it (the failures
 * name the property and rule), diffed against the kit's previous run of the same program (so a test
 * can assert "this change replaces the pool"), and, with `emulator: true`, created or updated in an
 * emulator so that outputs (IDs, listeners, members) are the API's. Other resources go to `fallback`.
 */
import * as pulumi from "@pulumi/pulumi";
import { EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY, startEmulator, type Emulator } from "../../emulator";
import { configure, provider } from "../lifecycle/runtime";
import { UNKNOWN } from "../lifecycle/unknown";

/** What the kit did with one resource on one run. */
export interface KitStep {
  readonly type: string;
  readonly name: string;
  /** `failed`: check refused the inputs (see `failures`); `same`: the diff found no change. */
  readonly op: "create" | "update" | "replace" | "same" | "failed";
  /** On update or replace: the properties that changed. */
  readonly changed: readonly string[];
}

/** A check failure, as `pulumi preview` would print it. */
export interface KitFailure {
  readonly type: string;
  readonly name: string;
  readonly property: string;
  readonly reason: string;
}

export interface TestKit {
  /** Pass to `pulumi.runtime.setMocks(kit.mocks, project, stack)`. */
  readonly mocks: pulumi.runtime.Mocks;
  /** The emulator the resources are created in (with `emulator: true`). */
  readonly emulator?: Emulator;
  /** Steps of the current run (cleared by `nextRun`). */
  readonly steps: KitStep[];
  /** Check failures of the current run (cleared by `nextRun`). */
  readonly failures: KitFailure[];
  /** Starts a new run of the program: resources registered again are diffed against the previous run. */
  nextRun(): void;
  close(): Promise<void>;
}

export interface TestKitOptions {
  /** Create and update the resources in a fresh emulator (default false: IDs are made up, outputs echo inputs). */
  readonly emulator?: boolean;
  /** More regions of the emulator's account, name → project ID, for resources that set `region` (its home is cn-north-4). */
  readonly regions?: Record<string, string>;
  /** Answers resources and calls that are not this package's (default: echo the inputs). */
  readonly fallback?: pulumi.runtime.Mocks;
}

const PREFIX = "pulumi-nodejs:dynamic/huaweicloud-elb:";

/** Unknown values (preview) as the engine sends them: the sentinel string; undefined keys dropped. */
function plain(v: unknown): unknown {
  if (pulumi.isUnknown(v)) return UNKNOWN;
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : plain(x)));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && k !== "__provider") out[k] = plain(x);
    return out;
  }
  return v;
}

type Inputs = Record<string, unknown>;

export async function startTestKit(options: TestKitOptions = {}): Promise<TestKit> {
  const emulator = options.emulator ? await startEmulator(options.regions ? { regions: options.regions } : {}) : undefined;
  const config: Record<string, string> = emulator
    ? // every region's endpoint ({region}), so that resources with a region of their own reach it
      { "huaweicloud:region": emulator.region, "huaweicloud:endpoints": JSON.stringify({ elb: emulator.regionalUrl, iam: emulator.url }) }
    : { "huaweicloud:region": "cn-north-4", "huaweicloud:projectId": "0".repeat(32) };
  const secrets: Record<string, string> = emulator
    ? { "huaweicloud:accessKey": EMULATOR_ACCESS_KEY, "huaweicloud:secretKey": EMULATOR_SECRET_KEY }
    : {};
  configure({ config: { get: (k) => ({ ...config, ...secrets })[k] } });
  const state = new Map<string, { id: string; inputs: Inputs; outs: Inputs }>();
  const steps: KitStep[] = [];
  const failures: KitFailure[] = [];
  let counter = 0;

  async function register(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string | undefined; state: Inputs }> {
    // the stub's kind name is the class name in camelCase (Pool → pool, MemberBatch → memberBatch)
    const title = args.type.startsWith(PREFIX) ? args.type.slice(PREFIX.length) : "";
    const kind = title && title[0]!.toLowerCase() + title.slice(1);
    if (!kind) return options.fallback?.newResource(args) ?? { id: `${args.name}-id`, state: args.inputs };
    const p = provider(kind);
    const news = plain(args.inputs) as Inputs;
    const key = `${args.type}::${args.name}`;
    const old = state.get(key);
    const checked = await p.check!(old?.outs ?? {}, news);
    if (checked.failures?.length) {
      for (const f of checked.failures)
        failures.push({ type: args.type.slice(PREFIX.length), name: args.name, property: f.property, reason: f.reason });
      steps.push({ type: args.type.slice(PREFIX.length), name: args.name, op: "failed", changed: [] });
      return { id: undefined, state: news };
    }
    const inputs = checked.inputs as Inputs;
    const step = (op: KitStep["op"], changed: readonly string[] = []) =>
      steps.push({ type: args.type.slice(PREFIX.length), name: args.name, op, changed });
    if (old) {
      const d = await p.diff!(old.id, old.outs, inputs);
      const changed = [
        ...(d.replaces ?? []),
        ...[...new Set([...Object.keys(inputs), ...Object.keys(old.inputs)])].filter(
          (k) => JSON.stringify(inputs[k]) !== JSON.stringify(old.inputs[k]),
        ),
      ];
      if (!d.changes) return (step("same"), { id: old.id, state: old.outs });
      if (!d.replaces?.length) {
        const outs = emulator ? ((await p.update!(old.id, old.outs, inputs)).outs as Inputs) : { ...old.outs, ...inputs };
        state.set(key, { id: old.id, inputs, outs });
        return (step("update", [...new Set(changed)]), { id: old.id, state: outs });
      }
      if (emulator) await p.delete!(old.id, old.outs);
      step("replace", [...new Set(changed)]);
    } else step("create");
    const created = emulator ? await p.create!(inputs) : { id: `${args.name}-${++counter}`, outs: inputs };
    const outs = (created.outs ?? inputs) as Inputs;
    state.set(key, { id: created.id, inputs, outs });
    return { id: created.id, state: outs };
  }

  return {
    mocks: {
      newResource: register,
      call: (args) => options.fallback?.call(args) ?? args.inputs,
    },
    emulator,
    steps,
    failures,
    nextRun() {
      steps.length = 0;
      failures.length = 0;
    },
    close: async () => emulator?.close(),
  };
}
