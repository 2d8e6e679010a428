/**
 * Property-based fuzzing of check (fast-check, seeded): for every resource, inputs generated from its
 * schema (valid values, wrong types, out-of-range values, unknowns at any depth, misspelt names)
 * never make check throw; every rejection names a property path that stands in the input; a
 * misspelt name is caught even when its value is unknown; check never touches the cloud; and the
 * slowest input is reported. Shared by `npm run fuzz` (10,000 per resource) and `npm test` (fewer).
 */
import * as fc from "fast-check";
import { makeProvider, type ResourceKind } from "../../provider/lifecycle/engine";
import type { PropSchema, ResourceSchema } from "../../provider/lifecycle/schema";
import { UNKNOWN } from "../../provider/lifecycle/unknown";
import { healthMonitorKind } from "../../provider/resources/health-monitor/provider";
import { masterSlavePoolKind } from "../../provider/resources/master-slave/provider";
import { memberBatchKind } from "../../provider/resources/member-batch/provider";
import { poolKind } from "../../provider/resources/pool/provider";
import { poolV2Kind } from "../../provider/resources/pool-v2/provider";

export const FUZZED_KINDS: Record<string, ResourceKind> = {
  Pool: poolKind,
  MasterSlavePool: masterSlavePoolKind,
  PoolV2: poolV2Kind,
  MemberBatch: memberBatchKind,
  HealthMonitor: healthMonitorKind,
};

type Values = Record<string, unknown>;

/** Anything at all, for a property: the wrong type as often as the right one. */
const junk = fc.oneof(
  fc.constant(UNKNOWN),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 100_000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 300 }),
  fc.constant(""),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** A value for a schema property: mostly plausible (its enum, its range, its items), sometimes junk. */
function valueFor(p: PropSchema, depth = 0): fc.Arbitrary<unknown> {
  const plausible: fc.Arbitrary<unknown>[] = [];
  if (p.enum) plausible.push(fc.constantFrom(...p.enum));
  if (p.const !== undefined) plausible.push(fc.constant(p.const));
  if (p.type === "string")
    plausible.push(fc.string({ maxLength: (p.maxLength ?? 40) + 2 }), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/));
  if (p.type === "integer" || p.type === "number")
    plausible.push(fc.integer({ min: (p.minimum ?? 0) - 2, max: (p.maximum ?? 70_000) + 2 }));
  if (p.type === "boolean") plausible.push(fc.boolean());
  if (p.type === "object" && p.properties && depth < 3) plausible.push(objectFor(p.properties, depth + 1));
  if (p.type === "array" && p.items && depth < 3)
    plausible.push(fc.array(valueFor(p.items, depth + 1), { maxLength: p.maxItems ? p.maxItems + 1 : 6 }));
  return plausible.length ? fc.oneof({ weight: 4, arbitrary: fc.oneof(...plausible) }, { weight: 1, arbitrary: junk }) : junk;
}

function objectFor(props: { readonly [k: string]: PropSchema }, depth: number): fc.Arbitrary<Values> {
  const entries = Object.entries(props).filter(([, p]) => !p.readOnly);
  const model = Object.fromEntries(entries.map(([k, p]) => [k, valueFor(p, depth)]));
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Values>;
}

/** A name no schema uses, as a user might misspell one. */
const typo = fc.stringMatching(/^[a-z][A-Za-z]{2,14}$/).map((s) => `${s}Xq`);

export interface FuzzCase {
  inputs: Values;
  typoName?: string;
}

export function inputsFor(schema: ResourceSchema): fc.Arbitrary<FuzzCase> {
  const withTypo = fc.tuple(objectFor(schema.properties, 0), typo, fc.oneof(junk, fc.constant(UNKNOWN)));
  return fc.oneof(
    objectFor(schema.properties, 0).map((inputs) => ({ inputs })),
    withTypo.map(([inputs, name, value]) => ({ inputs: { ...inputs, [name]: value }, typoName: name })),
  );
}

export interface FuzzFigures {
  runs: number;
  rejected: number;
  slowestMs: number;
}

/** A context whose client counts every use: check must never reach it. */
function untouchable(touched: { n: number }) {
  return () => {
    touched.n++;
    throw new Error("check reached the cloud");
  };
}

/** Runs the properties for one kind; throws (fast-check's report, with the seed) when one fails. */
export async function fuzzCheck(name: string, kind: ResourceKind, runs: number, seed: number): Promise<FuzzFigures> {
  const touched = { n: 0 };
  const provider = makeProvider(kind, untouchable(touched));
  const figures: FuzzFigures = { runs: 0, rejected: 0, slowestMs: 0 };
  await provider.check!({}, {}); // the first check compiles the schema's validator: not an input's cost
  await fc.assert(
    fc.asyncProperty(inputsFor(kind.schema), async ({ inputs, typoName }) => {
      const started = process.hrtime.bigint();
      const { failures = [] } = await provider.check!({}, inputs);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      figures.runs++;
      figures.slowestMs = Math.max(figures.slowestMs, ms);
      if (failures.length) figures.rejected++;
      for (const f of failures) {
        const head = /^[^.[]+/.exec(f.property)?.[0] ?? "";
        if (!(head in inputs) && !kind.schema.required.includes(head) && !(head in kind.schema.properties))
          throw new Error(`${name}: a failure names ${JSON.stringify(f.property)}, not a property of the input`);
        if (!f.reason) throw new Error(`${name}: a failure at ${f.property} gives no reason`);
      }
      if (typoName && !failures.some((f) => f.property === typoName)) throw new Error(`${name}: the misspelt ${typoName} was not caught`);
      if (touched.n > 0) throw new Error(`${name}: check reached the cloud`);
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  return figures;
}
