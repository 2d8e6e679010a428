/** `Pool` against the ELB v3 API: the four operations; check and diff come from the schema. */
import type { Context, ResourceKind, Values } from "../../lifecycle/engine";
import { satisfies } from "../../lifecycle/diff";
import { fromWire, toWire } from "../../lifecycle/wire";
import { bindings, changedOnly, createdSince, createOnce, deleteUnlessGone, listenerBound, single, unlessGone } from "../pool-ops";
import { poolSchema } from "./schema";

interface WirePool {
  id: string;
  name?: string;
  protocol?: string;
  created_at?: string;
  listeners?: { id: string }[];
  loadbalancers?: { id: string }[];
  [k: string]: unknown;
}

/** The API's view of a pool in schema names (bindings: see ../pool-ops.ts). */
export function poolView(pool: WirePool, prev: Values): Values {
  return { ...fromWire(poolSchema, pool), ...bindings(pool, prev) };
}

/**
 * After an ambiguous create, look for the pool it would have made: one whose view holds every
 * input the POST carried and that was created since just before the attempt.
 */
async function findCreated(ctx: Context, inputs: Values, since: number): Promise<WirePool | undefined | "unsure"> {
  const filters = toWire(poolSchema, pick(inputs, ["protocol", "name", "listenerId", "loadbalancerId"]));
  const res = await ctx.client.elb<{ pools: WirePool[] }>({ method: "GET", path: ["pools"], query: filters as Record<string, string> });
  const holds = (p: WirePool) => {
    const view = poolView(p, inputs);
    return Object.entries(inputs).every(([k, sent]) => !(k in view) || satisfies(sent, view[k]));
  };
  return single((res.body?.pools ?? []).filter((p) => holds(p) && createdSince(p.created_at, since)));
}

function pick(v: Values, names: string[]): Values {
  return Object.fromEntries(names.filter((k) => typeof v[k] === "string").map((k) => [k, v[k]]));
}

export const poolKind: ResourceKind = {
  schema: poolSchema,

  async create(ctx, inputs) {
    const body = toWire(poolSchema, inputs);
    const pool = await createOnce<WirePool>(
      "pool",
      async () => {
        const since = Date.now();
        return () => findCreated(ctx, inputs, since);
      },
      async () =>
        (await ctx.client.elb<{ pool: WirePool }>({ method: "POST", path: ["pools"], body: { pool: body }, creates: true })).body.pool,
    );
    return { id: pool.id, outs: poolView(pool, inputs) };
  },

  async read(ctx, id, props) {
    const pool = await unlessGone(async () => (await ctx.client.elb<{ pool: WirePool }>({ method: "GET", path: ["pools", id] })).body.pool);
    return pool && poolView(pool, props);
  },

  async update(ctx, id, olds, news, changed) {
    const res = await ctx.client.elb<{ pool: WirePool }>({
      method: "PUT",
      path: ["pools", id],
      body: { pool: toWire(poolSchema, changedOnly(news, changed)) },
    });
    return poolView(res.body.pool, { ...olds, ...news });
  },

  async delete(ctx, id) {
    // delete-cascade also removes members and the health check, which would otherwise hold the pool (409).
    await deleteUnlessGone(() => ctx.client.elb({ method: "DELETE", path: ["pools", id, "delete-cascade"] }));
  },

  refineDiff(olds, news, outcome) {
    const set = (v: unknown) => typeof v === "string" && v !== "";
    // Setting type "ip" in place is refused while the pool holds a vpcId the program does not clear.
    const replaces = outcome.updates.includes("type") && news.type === "ip" && news.vpcId === undefined && set(olds.vpcId) ? ["type"] : [];
    const replacing = outcome.replaces.length > 0 || replaces.length > 0;
    return { replaces, deleteBeforeReplace: replacing && listenerBound(olds, news) };
  },
};
