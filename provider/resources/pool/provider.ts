/** `Pool` against the ELB v3 API: the four operations; check and diff come from the schema. */
import { ApiError, TransportError } from "../../http/errors";
import type { Context, ResourceKind, Values } from "../../lifecycle/engine";
import { fromWire, toWire } from "../../lifecycle/wire";
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

/**
 * The API's view of a pool in schema names. The API has no `listener_id`/`loadbalancer_id` in its
 * answers, only `listeners[]`/`loadbalancers[]`: keep the program's choice while it still holds,
 * else report what the pool is bound to now ("" when nothing), so drift shows up in the diff.
 */
export function poolView(pool: WirePool, prev: Values): Values {
  const outs = fromWire(poolSchema, pool);
  const bound = (list: { id: string }[] | undefined, chosen: unknown): string => {
    const ids = (list ?? []).map((x) => x.id);
    return typeof chosen === "string" && ids.includes(chosen) ? chosen : ids[0] ?? "";
  };
  outs.listenerId = bound(pool.listeners, prev.listenerId);
  outs.loadbalancerId = bound(pool.loadbalancers, prev.loadbalancerId);
  return outs;
}

function isGone(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

function isAmbiguous(e: unknown): boolean {
  return (e instanceof ApiError || e instanceof TransportError) && e.ambiguous;
}

/**
 * After an ambiguous create (the POST may or may not have been processed), look for the pool it
 * would have made: same name, protocol and binding, created since just before the attempt.
 */
async function findCreated(ctx: Context, inputs: Values, since: number): Promise<WirePool | undefined | "several"> {
  const query: Record<string, string> = { protocol: String(inputs.protocol) };
  if (typeof inputs.name === "string") query.name = inputs.name;
  if (typeof inputs.listenerId === "string") query.listener_id = inputs.listenerId;
  if (typeof inputs.loadbalancerId === "string") query.loadbalancer_id = inputs.loadbalancerId;
  const res = await ctx.client.elb<{ pools: WirePool[] }>({ method: "GET", path: ["pools"], query });
  const recent = (res.body?.pools ?? []).filter((p) => {
    if ((p.name ?? "") !== (inputs.name ?? "")) return false;
    const t = p.created_at ? Date.parse(p.created_at) : NaN;
    return Number.isNaN(t) || t >= since - 5 * 60_000; // allow for clock skew between us and the cloud
  });
  if (recent.length > 1) return "several";
  return recent[0];
}

export const poolKind: ResourceKind = {
  schema: poolSchema,

  async create(ctx, inputs) {
    const body = { pool: toWire(poolSchema, inputs) };
    for (let attempt = 1; ; attempt++) {
      const since = Date.now();
      try {
        const res = await ctx.client.elb<{ pool: WirePool }>({ method: "POST", path: ["pools"], body, creates: true });
        return { id: res.body.pool.id, outs: poolView(res.body.pool, inputs) };
      } catch (e) {
        if (!isAmbiguous(e)) throw e;
        const found = await findCreated(ctx, inputs, since);
        if (found === "several") {
          throw new Error(`${(e as Error).message}; the pool may have been created, and several pools match it: check the load balancer before retrying`);
        }
        if (found) return { id: found.id, outs: poolView(found, inputs) };
        // The lookup proves the POST was not processed, so sending it again is safe; once.
        if (attempt >= 2) throw e;
      }
    }
  },

  async read(ctx, id, props) {
    try {
      const res = await ctx.client.elb<{ pool: WirePool }>({ method: "GET", path: ["pools", id] });
      return poolView(res.body.pool, props);
    } catch (e) {
      if (isGone(e)) return undefined;
      throw e;
    }
  },

  async update(ctx, id, olds, news, changed) {
    const patch: Values = {};
    for (const name of changed) patch[name] = news[name];
    const res = await ctx.client.elb<{ pool: WirePool }>({ method: "PUT", path: ["pools", id], body: { pool: toWire(poolSchema, patch) } });
    return poolView(res.body.pool, { ...olds, ...news });
  },

  async delete(ctx, id) {
    try {
      // delete-cascade also removes members and the health check, which would otherwise hold the pool (409).
      await ctx.client.elb({ method: "DELETE", path: ["pools", id, "delete-cascade"] });
    } catch (e) {
      if (!isGone(e)) throw e;
    }
  },

  refineDiff(olds, news, outcome) {
    // A listener holds one pool: its replacement cannot exist next to it.
    const bound = (v: unknown) => typeof v === "string" && v !== "";
    const listeners = Array.isArray(olds.listeners) ? olds.listeners.length : 0;
    return { deleteBeforeReplace: outcome.replaces.length > 0 && (bound(news.listenerId) || bound(olds.listenerId) || listeners > 0) };
  },
};
