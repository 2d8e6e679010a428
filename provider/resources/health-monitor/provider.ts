/**
 * `HealthMonitor` against the ELB v3 health monitor API. check and diff come from the schema; this
 * says what the API does: the create never blindly re-sent (a pool holds one monitor, so the lookup
 * lists the pool's monitors), an update that PUTs only what changed, delete (404 = gone), the
 * delete-before-replace a pool's single monitor needs, and the pool-protocol refusal made readable.
 */
import { ApiError } from "../../http/errors";
import { satisfies } from "../../lifecycle/diff";
import type { Context, ResourceKind, Values } from "../../lifecycle/engine";
import { fromWire, toWire } from "../../lifecycle/wire";
import { createOnce, createdSince, single } from "../create-once";
import { readUnlessGone, unlessGone } from "../gone";
import { healthMonitorSchema as schema } from "./schema";

interface WireMonitor {
  id: string;
  created_at?: string;
  [k: string]: unknown;
}

const COLLECTION = "healthmonitors";

/** The check types the API accepts per pool protocol (ELB-API.md "Health monitors (v3)"); other protocols: no claim. */
const TYPES_BY_POOL_PROTOCOL: Readonly<Record<string, readonly string[]>> = {
  UDP: ["UDP_CONNECT"],
  QUIC: ["UDP_CONNECT"],
  TCP: ["TCP", "HTTP", "HTTPS"],
  HTTP: ["TCP", "HTTP", "HTTPS"],
  HTTPS: ["TCP", "HTTP", "HTTPS"],
};

/**
 * Whether a check type suits a pool is not visible at preview (the pool may not exist yet). When
 * the API refuses a create or update with 400, read the pool: if its protocol does not take this
 * type, say so naming `type` and the protocol; any other refusal goes through as the API said it.
 */
async function explainRefusal<T>(ctx: Context, poolId: unknown, type: unknown, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 400) || typeof type !== "string" || typeof poolId !== "string") throw e;
    const pool = await unlessGone(
      async () => (await ctx.client.elb<{ pool: { protocol?: string } }>({ method: "GET", path: ["pools", poolId] })).body.pool,
    ).catch(() => undefined);
    const protocol = pool?.protocol;
    const allowed =
      protocol !== undefined && Object.hasOwn(TYPES_BY_POOL_PROTOCOL, protocol) ? TYPES_BY_POOL_PROTOCOL[protocol] : undefined;
    if (!allowed || allowed.includes(type)) throw e;
    throw new Error(
      `type: ${type} cannot check pool ${poolId}, whose protocol is ${protocol}; a ${protocol} pool takes type ${allowed.join(", ")} (${e.message})`,
    );
  }
}

/** The monitors the API holds for a pool (at most one). */
async function monitorsOf(ctx: Context, poolId: unknown): Promise<WireMonitor[]> {
  const query = { pool_id: String(poolId) };
  const res = await ctx.client.elb<{ healthmonitors?: WireMonitor[] }>({ method: "GET", path: [COLLECTION], query });
  return res.body?.healthmonitors ?? [];
}

/** The API's view in schema names. It answers `pools[{id}]`, never `pool_id`: poolId is the pool it shows. */
function view(wire: WireMonitor): Values {
  const out = fromWire(schema, wire);
  const pools = Array.isArray(wire.pools) ? (wire.pools as { id?: unknown }[]) : [];
  if (typeof pools[0]?.id === "string") out.poolId = pools[0].id;
  return out;
}

export const healthMonitorKind: ResourceKind = {
  schema,

  async create(ctx, inputs) {
    const body = { healthmonitor: toWire(schema, inputs) };
    const post = async () =>
      (await ctx.client.elb<{ healthmonitor: WireMonitor }>({ method: "POST", path: [COLLECTION], body, creates: true })).body
        .healthmonitor;
    const monitor = await createOnce<WireMonitor>(
      "health monitor",
      async () => {
        // A pool holds one monitor: one on it created since just before this POST, holding what it sent, is ours.
        const since = Date.now();
        const ours = (m: WireMonitor) => {
          const held = view(m);
          return createdSince(m.created_at, since) && Object.entries(inputs).every(([k, sent]) => satisfies(sent, held[k]));
        };
        return async () => single((await monitorsOf(ctx, inputs.poolId)).filter(ours));
      },
      () => explainRefusal(ctx, inputs.poolId, inputs.type, post),
    );
    return { id: monitor.id, outs: view(monitor) };
  },

  async read(ctx, id) {
    const monitor = await readUnlessGone(
      async () => (await ctx.client.elb<{ healthmonitor: WireMonitor }>({ method: "GET", path: [COLLECTION, id] })).body.healthmonitor,
    );
    return monitor && view(monitor);
  },

  async update(ctx, id, olds, news, changed) {
    const body = { healthmonitor: toWire(schema, Object.fromEntries(changed.map((name) => [name, news[name]]))) };
    const put = async () =>
      (await ctx.client.elb<{ healthmonitor: WireMonitor }>({ method: "PUT", path: [COLLECTION, id], body })).body.healthmonitor;
    const type = changed.includes("type") ? news.type : undefined;
    return view(await explainRefusal(ctx, news.poolId ?? olds.poolId, type, put));
  },

  async delete(ctx, id) {
    await unlessGone(() => ctx.client.elb({ method: "DELETE", path: [COLLECTION, id] }));
  },

  /** A pool holds one monitor: a replacement on the same pool must delete the old one first (else 409). */
  refineDiff(olds, news, outcome) {
    const samePool = typeof news.poolId === "string" && news.poolId === olds.poolId;
    return { deleteBeforeReplace: outcome.replaces.length > 0 && samePool };
  },
};
