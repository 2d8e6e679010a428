/**
 * `MasterSlavePool` against the ELB v3 master-slave API: create, show, delete (no update call
 * exists, so the kind declares none and the engine plans every change as a replacement).
 */
import type { ResourceSchema } from "../../lifecycle/schema";
import type { Context, ResourceKind, Values } from "../../lifecycle/engine";
import { satisfiesProp } from "../../lifecycle/diff";
import { fromWire, toWire } from "../../lifecycle/wire";
import { bindings, createdSince, createOnce, deleteUnlessGone, listenerBound, requireProject, single, unlessGone } from "../pool-ops";
import { masterSlavePoolSchema as schema } from "./schema";

interface WirePool {
  id: string;
  created_at?: string;
  listeners?: { id: string }[];
  loadbalancers?: { id: string }[];
  [k: string]: unknown;
}

const PATH = "master-slave-pools";

/** The API's view in schema names (members are matched to the inputs by role: `x-identity`). */
export function masterSlaveView(pool: WirePool, prev: Values): Values {
  return { ...fromWire(schema, pool), ...bindings(pool, prev) };
}

/** After an ambiguous create: a pool created since `since` that holds every input the POST carried. */
async function findCreated(ctx: Context, inputs: Values, since: number): Promise<WirePool | undefined | "unsure"> {
  const filters = toWire(
    schema,
    Object.fromEntries(["name", "protocol"].filter((k) => typeof inputs[k] === "string").map((k) => [k, inputs[k]])),
  );
  const res = await ctx.client.elb<{ pools: WirePool[] }>({ method: "GET", path: [PATH], query: filters as Record<string, string> });
  const holds = (p: WirePool) => {
    const view = masterSlaveView(p, inputs);
    return Object.entries(inputs).every(
      ([k, sent]) => !(k in view) || satisfiesProp((schema as ResourceSchema).properties[k], sent, view[k]),
    );
  };
  return single((res.body?.pools ?? []).filter((p) => holds(p) && createdSince(p.created_at, since)));
}

export const masterSlavePoolKind: ResourceKind = {
  schema,

  async create(ctx, inputs) {
    await requireProject(() => ctx.client.projectId(), inputs, ["projectId"]);
    const body = toWire(schema, inputs);
    const pool = await createOnce<WirePool>(
      "master-slave pool",
      async () => {
        const since = Date.now();
        return () => findCreated(ctx, inputs, since);
      },
      async () =>
        (await ctx.client.elb<{ pool: WirePool }>({ method: "POST", path: [PATH], body: { pool: body }, creates: true })).body.pool,
    );
    return { id: pool.id, outs: masterSlaveView(pool, inputs) };
  },

  async read(ctx, id, props) {
    const pool = await unlessGone(async () => (await ctx.client.elb<{ pool: WirePool }>({ method: "GET", path: [PATH, id] })).body.pool);
    return pool && masterSlaveView(pool, props);
  },

  async delete(ctx, id) {
    // Deleting an active/standby pool also deletes its two members and its health check.
    await deleteUnlessGone(() => ctx.client.elb({ method: "DELETE", path: [PATH, id] }));
  },

  refineDiff(olds, news, outcome) {
    return { deleteBeforeReplace: outcome.replaces.length > 0 && listenerBound(olds, news) };
  },
};
