/**
 * The one pool kind that Pool (v3), MasterSlavePool and PoolV2 (legacy v2) are declarations of.
 * Written once here: read, delete (404 = gone), the lookup after an ambiguous create (the create
 * itself is ./create-once.ts), how a pool's bindings are shown, and delete-before-replace while
 * a listener holds the pool. A declaration says only what differs between the APIs.
 */
import type { Context, ResourceKind, Values } from "../lifecycle/engine";
import { satisfiesProp } from "../lifecycle/diff";
import type { ResourceSchema } from "../lifecycle/schema";
import { fromWire, toWire } from "../lifecycle/wire";
import { createOnce, createdSince, single, type Lookup } from "./create-once";
import { readUnlessGone, unlessGone } from "./gone";

export interface PoolKindDeclaration {
  schema: ResourceSchema;
  /** What the messages call one ("pool", "v2 pool"). */
  what: string;
  /** Where the API keeps them: `/{api}/{project_id}/elb/{collection}`; the API is v3 unless said (as in the client). */
  api?: "v3" | "v2";
  collection: string;
  /**
   * The lookup for the pool an ambiguous create may have made: the inputs sent as list filters, and
   * how it tells that pool from others holding the same inputs: always absent from a listing taken
   * before the POST; with `createdSince`, also created since just before the POST (the API shows
   * `created_at`); `snapshot` alone where the API shows no creation time.
   */
  lookup: { filters: readonly string[]; by: "createdSince" | "snapshot" };
  /** Inputs that must equal the provider's project, refused before any POST (check runs without credentials). */
  projectFields?: readonly string[];
  /** DELETE `.../{id}/delete-cascade`: members and the health check go with the pool. */
  deleteCascade?: boolean;
  /** Whether an update API exists; without one the engine plans every change as a replacement. */
  updatable: boolean;
}

interface WirePool {
  id: string;
  created_at?: string;
  listeners?: { id: string }[];
  loadbalancers?: { id: string }[];
  [k: string]: unknown;
}

/**
 * The API answers with `listeners[]`/`loadbalancers[]`, never `listener_id`/`loadbalancer_id`: keep
 * the program's choice while it still holds, else report what the pool is bound to now ("" when
 * nothing), so drift shows up in the diff.
 */
function bindings(wire: WirePool, prev: Values): Values {
  const bound = (list: { id: string }[] | undefined, chosen: unknown): string => {
    const ids = (list ?? []).map((x) => x.id);
    return typeof chosen === "string" && ids.includes(chosen) ? chosen : (ids[0] ?? "");
  };
  return { listenerId: bound(wire.listeners, prev.listenerId), loadbalancerId: bound(wire.loadbalancers, prev.loadbalancerId) };
}

/**
 * A listener holds one pool, so a pool's replacement cannot exist next to it while either is (or
 * will be) bound to a listener: delete the old one first.
 */
function listenerBound(olds: Values, news: Values): boolean {
  const set = (v: unknown) => typeof v === "string" && v !== "";
  const listeners = Array.isArray(olds.listeners) ? olds.listeners.length : 0;
  return set(news.listenerId) || set(olds.listenerId) || listeners > 0;
}

/**
 * Fields a create body carries that must equal the project the client works in (v2 `tenant_id`,
 * master-slave `project_id`): refused before any POST, naming the property. check cannot do it: it
 * runs without credentials, and the project may only be known after discovery.
 */
async function requireProject(projectId: () => Promise<string>, inputs: Values, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const v = inputs[name];
    if (v === undefined) continue;
    const project = await projectId();
    if (v !== project) throw new Error(`${name} must equal the project the provider works in (${project}), not ${JSON.stringify(v)}`);
  }
}

export function definePoolKind(decl: PoolKindDeclaration): ResourceKind {
  const { schema, api = "v3", collection } = decl;
  /** The API's view in schema names (members of a master-slave pool match the inputs by `x-identity`). */
  const view = (pool: WirePool, prev: Values): Values => ({ ...fromWire(schema, pool), ...bindings(pool, prev) });

  /** The pools that could be the one these inputs create: matching the filters, holding every input the POST carried. */
  const lookalikes = async (ctx: Context, inputs: Values): Promise<WirePool[]> => {
    const filters = Object.fromEntries(decl.lookup.filters.filter((k) => typeof inputs[k] === "string").map((k) => [k, inputs[k]]));
    const query = toWire(schema, filters) as Record<string, string>;
    const res = await ctx.client.elb<{ pools?: WirePool[] }>({ api, method: "GET", path: [collection], query });
    return (res.body?.pools ?? []).filter((p) => {
      const held = view(p, inputs);
      return Object.entries(inputs).every(([k, sent]) => !(k in held) || satisfiesProp(schema.properties[k], sent, held[k]));
    });
  };

  /**
   * Runs before each POST; returns the lookup that finds what that POST may have made: a look-alike
   * (the exact name, every input sent) absent from a listing taken just before the POST, so a pool
   * that existed before is never adopted, and, where the API shows `created_at`, created since then
   * (allowing for its second resolution and clock skew). With autonames the name alone is unique.
   */
  const prepareLookup = async (ctx: Context, inputs: Values): Promise<Lookup<WirePool>> => {
    const since = Date.now();
    const before = new Set((await lookalikes(ctx, inputs)).map((p) => p.id));
    const fresh = (p: WirePool) => !before.has(p.id) && (decl.lookup.by === "snapshot" || createdSince(p.created_at, since));
    return async () => single((await lookalikes(ctx, inputs)).filter(fresh));
  };

  const update: ResourceKind["update"] = async (ctx, id, olds, news, changed) => {
    const body = { pool: toWire(schema, Object.fromEntries(changed.map((name) => [name, news[name]]))) };
    const res = await ctx.client.elb<{ pool: WirePool }>({ api, method: "PUT", path: [collection, id], body });
    return view(res.body.pool, { ...olds, ...news });
  };

  return {
    schema,

    async create(ctx, inputs) {
      await requireProject(() => ctx.client.projectId(), inputs, decl.projectFields ?? []);
      const body = { pool: toWire(schema, inputs) };
      const pool = await createOnce<WirePool>(
        decl.what,
        () => prepareLookup(ctx, inputs),
        async () => (await ctx.client.elb<{ pool: WirePool }>({ api, method: "POST", path: [collection], body, creates: true })).body.pool,
      );
      return { id: pool.id, outs: view(pool, inputs) };
    },

    async read(ctx, id, props) {
      const pool = await readUnlessGone(
        async () => (await ctx.client.elb<{ pool: WirePool }>({ api, method: "GET", path: [collection, id] })).body.pool,
      );
      return pool && view(pool, props);
    },

    ...(decl.updatable ? { update } : {}),

    async delete(ctx, id) {
      const path = decl.deleteCascade ? [collection, id, "delete-cascade"] : [collection, id];
      await unlessGone(() => ctx.client.elb({ api, method: "DELETE", path }));
    },

    refineDiff(olds, news, outcome) {
      return { deleteBeforeReplace: outcome.replaces.length > 0 && listenerBound(olds, news) };
    },
  };
}
