/**
 * The dynamic-provider glue: turns a resource kind (its schema and its four API operations) into
 * the object the Pulumi engine calls. Everything engine-facing lives here once: check, diff
 * derived from the schema, inputs merged into outputs, outputs made Struct-safe, read's "gone"
 * and refreshed inputs, and the partial-state error of operations that take several calls. Each
 * create, read, update and delete is one operation for the retry budget (http/retry.ts `inOperation`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { withAutoname } from "./autoname";
import { checkInputs } from "./check";
import { diffProperties, type DiffOutcome } from "./diff";
import { adoptProperty, identityKey, inputNames, removalRule, withoutDetails, type PropSchema, type ResourceSchema } from "./schema";
import { isObject, structSafe } from "./wire";
import { desiredInputs, INPUT_KEYS, recordedPaths } from "./removal";
import { UNKNOWN } from "./unknown";
import { fromCheckedShape, toCheckedShape } from "./shape";
import {
  placedBy,
  placementFailures,
  placementOf,
  placementUnrecorded,
  placementView,
  withoutPlacement,
  type Placement,
  type Placements,
} from "./placement";
import type { ElbClient } from "../http/client";
import { inOperation } from "../http/retry";

export type Values = Record<string, unknown>;

export interface Context {
  client: ElbClient;
  /** A line of progress on long work, for the user (the engine's log); absent: not reported. */
  progress?: (line: string) => void;
  /** keep the schema's `x-detail` properties in the outputs (default: left out, state stays small) */
  details?: boolean;
}

/**
 * Thrown by a kind when an operation of several calls stopped part-way. `outs` is the API's view
 * of what exists now (schema names), so state can record exactly that and nothing is left in the
 * cloud that state does not know; the engine turns it into the error Pulumi records as partial state.
 */
export class PartialFailure extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly outs: Values,
  ) {
    super(message);
    this.name = "PartialFailure";
  }
}

/**
 * The error the Pulumi engine understands as "created (or updated) part-way": it records `id`
 * and `properties` as the resource's state and retries with update on the next `up`.
 */
export interface PartialStateError extends Error {
  id: string;
  properties: Values;
  reasons: string[];
}

/**
 * The state recorded after a partial failure: what the kind says exists, as it says it (no inputs
 * laid over it: the next `up` runs update anyway, and these properties travel in a gRPC header).
 */
function partialProperties(e: PartialFailure, known: Values, props: Props, provider: unknown, placed: Values): Values {
  return { ...withInputKeys(structSafe({ ...e.outs, ...placed }), known, props), __provider: provider };
}

function partialStateError(e: PartialFailure, properties: Values): PartialStateError {
  return Object.assign(new Error(e.message), { id: e.id, properties, reasons: [e.message] });
}

/** What a resource kind implements; the engine-facing part is generic. */
export interface ResourceKind {
  schema: ResourceSchema;
  /** Create in the cloud. `outs` is the API's view in schema names. */
  create(ctx: Context, inputs: Values): Promise<{ id: string; outs: Values }>;
  /** The API's current view, or undefined when the resource is gone. */
  read(ctx: Context, id: string, props: Values): Promise<Values | undefined>;
  /**
   * Apply `changed` (schema names) in place; returns the API's view afterwards. A kind without it has
   * no update API: the engine plans every change as a replacement, whatever the schema's change rules.
   */
  update?(ctx: Context, id: string, olds: Values, news: Values, changed: string[]): Promise<Values>;
  /** Delete; a resource already gone is not an error. */
  delete(ctx: Context, id: string, props: Values): Promise<void>;
  /**
   * Per-kind refinement: may add updates or replacements the schema cannot see (state the cloud
   * holds beyond the inputs) or ask for delete-before-replace; never drops one.
   */
  refineDiff?(olds: Values, news: Values, outcome: DiffOutcome): { updates?: string[]; replaces?: string[]; deleteBeforeReplace?: boolean };
}

/*
 * Outputs record which properties the program set (`__inputKeys`): the dynamic-provider server
 * hands read only the outputs, and refresh must return inputs shaped like the program's, or the
 * next plan would show every API default as a removed input; diff reads them to know what the
 * program removed (./removal.ts).
 */

type Props = { readonly [name: string]: PropSchema };

function withInputKeys(outs: Values, known: Values, props: Props): Values {
  return { ...outs, [INPUT_KEYS]: leafPaths(known, props).sort() };
}

/**
 * Dotted paths of the values the program set (objects descended, arrays and null taken whole); for
 * an array with an identity, `name[].field` for each item field some item sets.
 */
function leafPaths(v: Values, props: Props | undefined, prefix = ""): string[] {
  return Object.entries(v).flatMap(([k, x]) => {
    const p = props?.[k];
    if (p?.["x-identity"] && Array.isArray(x)) {
      const fields = new Set(x.flatMap((item) => (isObject(item) ? Object.keys(item) : [])));
      return [`${prefix}${k}[]`, ...[...fields].map((f) => `${prefix}${k}[].${f}`)];
    }
    return isObject(x) && Object.keys(x).length > 0 ? leafPaths(x, p?.properties, `${prefix}${k}.`) : [`${prefix}${k}`];
  });
}

/**
 * True when the program now sets a different set of the properties whose removal sends something (an
 * `x-removal` reset or the API default, at any level of the path) than the state records (`__inputKeys`), while no
 * value needs changing: such a property added at the value the cloud holds, or removed where its reset value is
 * what the cloud holds. Diff then plans an update that sends nothing and records the new set, so a later removal
 * resets it (a "same" step keeps the old set in the outputs, and removing the property later would do nothing).
 * Properties whose removal keeps the cloud's value (or leaves the choice to the provider) need no exact record.
 * A path under a value still unknown at preview counts as set either way. State written before keys were
 * recorded has none: nothing to compare.
 */
function keysChanged(schema: ResourceSchema, olds: Values, news: Values): boolean {
  if (!Array.isArray(olds?.[INPUT_KEYS])) return false;
  const paths = leafPaths(plainInputs(schema, news), schema.properties);
  const now = paths.filter((path) => removalSends(schema, path));
  const recorded = new Set(recordedPaths(olds).filter((path) => removalSends(schema, path)));
  const unknownAt = paths.filter((path) => valueAt(news, path) === UNKNOWN);
  const under = (path: string) => unknownAt.some((u) => path === u || path.startsWith(`${u}.`));
  if (now.some((path) => !recorded.has(path) && !under(path))) return true;
  return [...recorded].some((path) => !now.includes(path) && !under(path));
}

/** Whether removing the value at `path` sends something: a reset or an API default somewhere along it. */
function removalSends(schema: ResourceSchema, path: string): boolean {
  if (path.includes("[]")) return false; // identity-array items: a left-out field stands for its x-default
  let props: Props | undefined = schema.properties;
  for (const seg of path.split(".")) {
    const p: PropSchema | undefined = props?.[seg];
    if (!p || p.readOnly) return false;
    const rule = removalRule(p);
    if (typeof rule === "object" || rule === "default") return true;
    props = p.properties;
  }
  return false;
}

/** The value at a dotted path of `leafPaths` (undefined inside identity arrays: only whole values count). */
function valueAt(v: Values, path: string): unknown {
  let x: unknown = v;
  for (const seg of path.split(".")) x = isObject(x) ? x[seg] : undefined;
  return x;
}

/** The refreshed value at each of `paths`, shaped like the program's inputs. */
function project(outs: Values, paths: string[]): Values {
  const inputs: Values = {};
  // identity arrays: each item keeps the fields the program's items set
  const itemFields = new Map<string, string[]>();
  for (const path of paths) {
    const m = /^([^.]+)\[\](?:\.(.+))?$/.exec(path);
    if (!m) continue;
    const fields = itemFields.get(m[1]) ?? [];
    if (m[2]) fields.push(m[2]);
    itemFields.set(m[1], fields);
  }
  for (const [name, fields] of itemFields) {
    const items = outs[name];
    if (Array.isArray(items))
      inputs[name] = items.map((item) =>
        isObject(item) ? Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) : item,
      );
  }
  for (const path of paths) {
    if (path.includes("[]")) continue;
    const segs = path.split(".");
    let src: unknown = outs;
    for (const seg of segs) src = isObject(src) ? src[seg] : undefined;
    if (src === undefined) continue;
    let dst = inputs;
    for (const seg of segs.slice(0, -1)) dst = (isObject(dst[seg]) ? dst[seg] : (dst[seg] = {})) as Values;
    dst[segs[segs.length - 1]] = src;
  }
  return inputs;
}

function withoutEngineKeys(v: Values): Values {
  return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith("__")));
}

/** The program's inputs (engine keys `__*` excluded, undefined dropped). */
function plainInputs(schema: ResourceSchema, news: Values): Values {
  const out: Values = {};
  for (const name of inputNames(schema)) if (news[name] !== undefined) out[name] = news[name];
  return out;
}

/**
 * The API's view with the program's inputs laid over it (inputs win; nested API defaults stay).
 * An array with `x-identity` keeps the API's items, each overlaid with the input item of the same
 * identity: items the API does not hold (a partial create) are not invented.
 */
export function overlay(api: Values, inputs: Values, props?: { readonly [name: string]: PropSchema }): Values {
  const out: Values = { ...api };
  for (const [k, v] of Object.entries(inputs)) {
    const p = props?.[k];
    if (p?.["x-identity"] && Array.isArray(v) && Array.isArray(api[k])) {
      const wanted = new Map<string, Values>();
      for (const item of v) {
        const key = identityKey(p, item);
        if (key !== undefined && isObject(item)) wanted.set(key, item);
      }
      out[k] = (api[k] as unknown[]).map((item) => {
        const want = wanted.get(identityKey(p, item) ?? "");
        return want && isObject(item) ? overlay(item, want, p?.items?.properties) : item;
      });
    } else {
      out[k] = isObject(v) && isObject(api[k]) ? overlay(api[k] as Values, v, p?.properties) : v;
    }
  }
  return out;
}

/** Computed (readOnly) properties removed at every depth: what is left could be an input. */
function inputsOnly(props: { readonly [name: string]: PropSchema } | undefined, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => inputsOnly(props, x));
  if (!isObject(v) || !props) return v;
  const out: Values = {};
  for (const [k, x] of Object.entries(v)) {
    const p = props[k];
    if (p?.readOnly) continue;
    out[k] = inputsOnly(p?.items?.properties ?? p?.properties, x);
  }
  return out;
}

/**
 * The API's view as state keeps it: details (`x-detail`) left out unless the context asks for them
 * (no context: nothing new from the API, state is kept as it is).
 */
function lean(schema: ResourceSchema, ctx: Context | undefined, api: Values): Values {
  return !ctx || ctx.details ? api : (withoutDetails(schema.properties, api) as Values);
}

/**
 * The outputs of create and update: the API's lean view, what the cloud must hold (the program's inputs,
 * removed properties at their reset values) laid over it, and the keys the program set.
 */
function stateOf(schema: ResourceSchema, ctx: Context | undefined, api: Values, desired: Values, known: Values): Values {
  return withInputKeys(structSafe(overlay(lean(schema, ctx, api), desired, schema.properties)), known, schema.properties);
}

/** What a differing property looked like when adoption was refused: `name: declared X, holds Y`. */
function mismatch(name: string, want: unknown, held: unknown): string {
  return `${name}: the program declares ${JSON.stringify(want)}, the resource holds ${held === undefined ? "nothing" : JSON.stringify(held)}`;
}

type Plan = (olds: Values, news: Values, provided?: Values) => { updates: string[]; replaces: string[] };

/**
 * Adopt the existing resource `id` instead of creating one (no creating POST). The first thing done
 * is the comparison: read it (gone → fail), plan the program against what it holds, refuse (writing
 * nothing) when a property that cannot change in place differs (every difference, for a kind without
 * update), else apply the updatable differences with one update call (none when nothing differs).
 */
async function adopt(
  kind: ResourceKind,
  ctx: Context,
  plan: Plan,
  adoptKey: string,
  id: string,
  known: Values,
  placed: Values,
): Promise<Values> {
  const { title } = kind.schema;
  const found = await kind.read(ctx, id, known);
  if (!found)
    throw new Error(`${title} ${adoptKey} ${JSON.stringify(id)}: no such ${title} exists (the API answered 404); nothing was changed`);
  // it lives where it was read: the program's region and project, or the provider's
  const held = { ...found, ...placed };
  const olds = { ...held, [adoptKey]: id };
  const { updates, replaces } = plan(olds, known);
  if (replaces.length > 0) {
    const why = kind.update
      ? "these properties cannot change in place"
      : `${title} has no update API, so it adopts only a resource that holds every declared property`;
    const lines = replaces.map((name) => `  ${mismatch(name, known[name], held[name])}`);
    throw new Error(`${title} ${adoptKey} ${JSON.stringify(id)}: cannot adopt it, ${why}; nothing was changed:\n${lines.join("\n")}`);
  }
  return updates.length > 0 && kind.update ? kind.update(ctx, id, olds, known, updates) : held;
}

/** Create, or adopt the resource the adopt property names; the kind sees no placement property (it is the context's). */
async function createOrAdopt(
  kind: ResourceKind,
  ctx: Context,
  plan: Plan,
  adoptKey: string | undefined,
  known: Values,
  placed: Values,
): Promise<{ id: string; outs: Values }> {
  const adopting = adoptKey ? known[adoptKey] : undefined;
  if (adoptKey && typeof adopting === "string")
    return { id: adopting, outs: await adopt(kind, ctx, plan, adoptKey, adopting, known, placed) };
  return kind.create(ctx, withoutPlacement(kind.schema, known));
}

/** The adopt property (`x-adopt`) holds the resource's own ID once the resource exists: diff compares with that. */
function ownId(adoptKey: string | undefined): (olds: Values, id: string) => Values {
  return (olds, id) => (adoptKey ? { ...olds, [adoptKey]: id } : olds);
}

/**
 * What the schema's change rules say, refined by the kind; diff and update both use it. A kind without
 * update changes nothing in place: its every change is a replacement. The refinement sees the outcome as
 * it applies (as pulumi-go-provider's infer plans a resource without Update: all changes replace).
 */
function planOf(kind: ResourceKind, olds: Values, news: Values, provided: Values = {}): DiffOutcome & { deleteBeforeReplace: boolean } {
  const applicable = (o: DiffOutcome): DiffOutcome => (kind.update ? o : { updates: [], replaces: [...o.replaces, ...o.updates] });
  const outcome = applicable(diffProperties(kind.schema, olds, news, provided));
  const refined = kind.refineDiff?.(olds, news, outcome) ?? {};
  const all = applicable({
    updates: [...outcome.updates, ...(refined.updates ?? [])],
    replaces: [...outcome.replaces, ...(refined.replaces ?? [])],
  });
  const replaces = [...new Set(all.replaces)];
  return { updates: [...new Set(all.updates)], replaces, deleteBeforeReplace: replaces.length > 0 && refined.deleteBeforeReplace === true };
}

/** The context for calls in a place (the provider's choice for what `where` leaves out). */
export type ContextFor = (where?: Placement) => Context;

/** What the operations of one kind share. */
interface Wiring {
  kind: ResourceKind;
  schema: ResourceSchema;
  context: ContextFor;
  adoptKey: string | undefined;
  withOwnId: (olds: Values, id: string) => Values;
  /** The plan of the program `news` against the outputs `olds`, with the provider's choices for removed places. */
  planAgainst(id: string, olds: Values, news: Values): Promise<DiffOutcome & { deleteBeforeReplace: boolean; provided: Values }>;
}

/** Read (refresh, and `get`) where state says the resource lives (`get`: where its caller says; else the provider's region). */
async function readOp(w: Wiring, id: string, props: Values) {
  const { schema, kind, adoptKey } = w;
  const ctx = w.context(placementOf(schema, props));
  const found = await inOperation(async () => {
    const api = await kind.read(ctx, id, props ?? {});
    return api && { ...api, ...(await placedBy(schema, ctx.client)) };
  });
  if (!found) return {};
  // the adopt property is the program's, not the API's: kept as the resource's own ID
  const outs = structSafe(lean(schema, ctx, adoptKey && typeof props?.[adoptKey] === "string" ? w.withOwnId(found, id) : found));
  // Refreshed inputs: the keys the program set, with the cloud's current values.
  const paths = Array.isArray(props?.[INPUT_KEYS])
    ? (props[INPUT_KEYS] as string[])
    : inputNames(schema).filter((k) => props?.[k] !== undefined);
  const inputs = inputsOnly(schema.properties, project(outs, paths)) as Values;
  return { id, props: { ...outs, [INPUT_KEYS]: paths }, inputs: toCheckedShape(schema, inputs) };
}

/** Update in place, where state says the resource lives. */
async function updateOp(w: Wiring, id: string, olds: Values, checked: Values) {
  const { schema, kind } = w;
  const news = fromCheckedShape(schema, checked);
  const known = plainInputs(schema, news);
  const { updates, replaces, provided } = await w.planAgainst(id, olds, news);
  if (replaces.length > 0)
    throw new Error(`${schema.title} ${id}: ${replaces.join(", ")} cannot change in place (the plan should have replaced it)`);
  // what the cloud must hold: removed properties at their reset values (the recorded keys stay the program's)
  const desired = desiredInputs(schema, olds, known, provided).inputs;
  let placed: Values = {};
  try {
    // `updates` is empty when the kind has no update (plan made every change a replacement)
    const ctx = updates.length > 0 && kind.update ? w.context(placementOf(schema, olds)) : undefined;
    const api = ctx
      ? await inOperation(async () => {
          placed = await placedBy(schema, ctx.client);
          return { ...(await kind.update!(ctx, id, olds, withoutPlacement(schema, desired), updates)), ...placed };
        })
      : // nothing to send; state written before places were recorded learns where the resource lives
        {
          ...withoutEngineKeys(olds),
          ...(placementUnrecorded(schema, olds) ? await placedBy(schema, w.context(placementOf(schema, olds)).client) : {}),
        };
    return { outs: stateOf(schema, ctx, api, desired, known) };
  } catch (e) {
    if (e instanceof PartialFailure) throw partialStateError(e, partialProperties(e, known, schema.properties, news.__provider, placed));
    throw e;
  }
}

/**
 * `context(where)` gives the context for calls where a resource lives; `placements` (the provider
 * process's, lifecycle/runtime.ts) adds what check and diff need to know of places: without it, a
 * removed placement property is kept and no region is refused at check.
 */
export function makeProvider(kind: ResourceKind, context: ContextFor, placements?: Placements): pulumi.dynamic.ResourceProvider {
  const { schema } = kind;
  // the schema's adopt property, looked up once per kind rather than on every create and read
  const adoptKey = adoptProperty(schema);
  const withOwnId = ownId(adoptKey);
  const plan = (olds: Values, news: Values, provided?: Values) => planOf(kind, olds, news, provided);
  const w: Wiring = {
    kind,
    schema,
    context,
    adoptKey,
    withOwnId,
    async planAgainst(id, olds, news) {
      const view = await placementView(schema, olds, news, placements);
      return { ...plan(withOwnId(view.olds, id), news, view.provided), provided: view.provided };
    },
  };
  return {
    async check(olds: Values, news: Values) {
      const named = withAutoname(schema, olds ?? {}, news);
      const failures = [...checkInputs(schema, named), ...placementFailures(schema, named, placements)];
      return { inputs: failures.length ? named : toCheckedShape(schema, named), failures };
    },

    async diff(id: string, olds: Values, checked: Values) {
      const news = fromCheckedShape(schema, checked);
      const { updates, replaces, deleteBeforeReplace } = await w.planAgainst(id, olds, news);
      const changes = updates.length > 0 || replaces.length > 0 || keysChanged(schema, olds, news) || placementUnrecorded(schema, olds);
      return { changes, replaces, deleteBeforeReplace };
    },

    async create(inputs: Values) {
      const known = plainInputs(schema, fromCheckedShape(schema, inputs));
      // where it will live, known before the creating call: a partial state must say it too
      let placed: Values = {};
      try {
        const ctx = context(placementOf(schema, known));
        const { id, outs } = await inOperation(async () => {
          placed = await placedBy(schema, ctx.client);
          return createOrAdopt(kind, ctx, plan, adoptKey, known, placed);
        });
        return { id, outs: stateOf(schema, ctx, { ...outs, ...placed }, known, known) };
      } catch (e) {
        if (e instanceof PartialFailure)
          throw partialStateError(e, partialProperties(e, known, schema.properties, inputs.__provider, placed));
        throw e;
      }
    },

    read: (id: string, props: Values) => readOp(w, id, props),
    update: (id: string, olds: Values, checked: Values) => updateOp(w, id, olds, checked),

    async delete(id: string, props: Values) {
      // where state says it lives
      await inOperation(() => kind.delete(context(placementOf(schema, props)), id, props ?? {}));
    },
  };
}
