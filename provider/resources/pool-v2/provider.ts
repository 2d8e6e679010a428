/**
 * `PoolV2` against the legacy ELB v2 API (`/v2/{project_id}/elb/pools`): the four operations; check
 * and diff come from the schema. v2 answers carry no `request_id` and no `created_at`.
 */
import type { ResourceSchema } from "../../lifecycle/schema";
import type { Context, ResourceKind, Values } from "../../lifecycle/engine";
import { satisfiesProp } from "../../lifecycle/diff";
import { fromWire, toWire } from "../../lifecycle/wire";
import { bindings, changedOnly, createOnce, deleteUnlessGone, listenerBound, requireProject, single, unlessGone } from "../pool-ops";
import { poolV2Schema as schema } from "./schema";

interface WirePool {
  id: string;
  listeners?: { id: string }[];
  loadbalancers?: { id: string }[];
  [k: string]: unknown;
}

const v2 = { api: "v2" } as const;

export function poolV2View(pool: WirePool, prev: Values): Values {
  return { ...fromWire(schema, pool), ...bindings(pool, prev) };
}

/** The pools that could be the one these inputs create: same name and protocol, holding every input. */
async function lookalikes(ctx: Context, inputs: Values): Promise<WirePool[]> {
  const filters = toWire(
    schema,
    Object.fromEntries(["name", "protocol"].filter((k) => typeof inputs[k] === "string").map((k) => [k, inputs[k]])),
  );
  const res = await ctx.client.elb<{ pools: WirePool[] }>({
    ...v2,
    method: "GET",
    path: ["pools"],
    query: filters as Record<string, string>,
  });
  return (res.body?.pools ?? []).filter((p) => {
    const view = poolV2View(p, inputs);
    return Object.entries(inputs).every(
      ([k, sent]) => !(k in view) || satisfiesProp((schema as ResourceSchema).properties[k], sent, view[k]),
    );
  });
}

export const poolV2Kind: ResourceKind = {
  schema,

  async create(ctx, inputs) {
    await requireProject(() => ctx.client.projectId(), inputs, ["tenantId"]);
    const body = toWire(schema, inputs);
    const pool = await createOnce<WirePool>(
      "v2 pool",
      // v2 pools show no creation time: list the look-alikes before the POST, so a lookup after an
      // ambiguous failure can tell the pool this POST made from one that already existed.
      async () => {
        const before = new Set((await lookalikes(ctx, inputs)).map((p) => p.id));
        return async () => single((await lookalikes(ctx, inputs)).filter((p) => !before.has(p.id)));
      },
      async () =>
        (await ctx.client.elb<{ pool: WirePool }>({ ...v2, method: "POST", path: ["pools"], body: { pool: body }, creates: true })).body
          .pool,
    );
    return { id: pool.id, outs: poolV2View(pool, inputs) };
  },

  async read(ctx, id, props) {
    const pool = await unlessGone(
      async () => (await ctx.client.elb<{ pool: WirePool }>({ ...v2, method: "GET", path: ["pools", id] })).body.pool,
    );
    return pool && poolV2View(pool, props);
  },

  async update(ctx, id, olds, news, changed) {
    const res = await ctx.client.elb<{ pool: WirePool }>({
      ...v2,
      method: "PUT",
      path: ["pools", id],
      body: { pool: toWire(schema, changedOnly(news, changed)) },
    });
    return poolV2View(res.body.pool, { ...olds, ...news });
  },

  async delete(ctx, id) {
    await deleteUnlessGone(() => ctx.client.elb({ ...v2, method: "DELETE", path: ["pools", id] }));
  },

  refineDiff(olds, news, outcome) {
    return { deleteBeforeReplace: outcome.replaces.length > 0 && listenerBound(olds, news) };
  },
};
