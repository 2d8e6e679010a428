/** `Pool` against the ELB v3 API: the four operations; check and diff come from the schema. */
import { ApiError, TransportError } from "../../http/errors";
import type { Context, ResourceKind, Values } from "../../lifecycle/engine";
import { satisfies } from "../../lifecycle/diff";
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

/** How far the cloud's clock may be behind ours when we look for a pool we may have created. */
const CLOCK_SKEW_MS = 60_000;

/**
 * After an ambiguous create (the POST may or may not have been processed), look for the pool it
 * would have made: one whose view holds every input the POST carried and that was created since
 * just before the attempt. "unsure" when the lookup cannot tell (several candidates).
 */
async function findCreated(ctx: Context, inputs: Values, since: number): Promise<WirePool | undefined | "unsure"> {
  const filters = toWire(poolSchema, pick(inputs, ["protocol", "name", "listenerId", "loadbalancerId"]));
  const res = await ctx.client.elb<{ pools: WirePool[] }>({ method: "GET", path: ["pools"], query: filters as Record<string, string> });
  const holds = (p: WirePool) => {
    const view = poolView(p, inputs);
    return Object.entries(inputs).every(([k, sent]) => !(k in view) || satisfies(sent, view[k]));
  };
  const recent = (p: WirePool) => {
    const t = p.created_at ? Date.parse(p.created_at) : NaN;
    return !Number.isNaN(t) && t >= since - CLOCK_SKEW_MS;
  };
  const candidates = (res.body?.pools ?? []).filter((p) => holds(p) && recent(p));
  if (candidates.length > 1) return "unsure";
  return candidates[0];
}

function pick(v: Values, names: string[]): Values {
  return Object.fromEntries(names.filter((k) => typeof v[k] === "string").map((k) => [k, v[k]]));
}

export const poolKind: ResourceKind = {
  schema: poolSchema,

  async create(ctx, inputs) {
    const body = toWire(poolSchema, inputs);
    for (let attempt = 1; ; attempt++) {
      const since = Date.now();
      try {
        const res = await ctx.client.elb<{ pool: WirePool }>({ method: "POST", path: ["pools"], body: { pool: body }, creates: true });
        return { id: res.body.pool.id, outs: poolView(res.body.pool, inputs) };
      } catch (e) {
        if (!isAmbiguous(e)) throw e;
        const unknownOutcome = (why: string) =>
          new Error(`${(e as Error).message}; the pool may or may not have been created (${why}): look for it on the load balancer before running up again`);
        let found: WirePool | undefined | "unsure";
        try {
          found = await findCreated(ctx, inputs, since);
        } catch (lookup) {
          throw unknownOutcome(`looking it up failed: ${(lookup as Error).message}`);
        }
        if (found === "unsure") throw unknownOutcome("several recent pools match it");
        if (found) return { id: found.id, outs: poolView(found, inputs) };
        // The lookup shows the POST was not processed, so sending it again is safe; once.
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
    const set = (v: unknown) => typeof v === "string" && v !== "";
    // Setting type "ip" in place is refused while the pool holds a vpcId the program does not clear.
    const replaces = outcome.updates.includes("type") && news.type === "ip" && news.vpcId === undefined && set(olds.vpcId) ? ["type"] : [];
    // A listener holds one pool: its replacement cannot exist next to it.
    const listeners = Array.isArray(olds.listeners) ? olds.listeners.length : 0;
    const replacing = outcome.replaces.length > 0 || replaces.length > 0;
    return { replaces, deleteBeforeReplace: replacing && (set(news.listenerId) || set(olds.listenerId) || listeners > 0) };
  },
};
