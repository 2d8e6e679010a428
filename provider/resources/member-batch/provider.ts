/**
 * `MemberBatch` against the ELB v3 batch APIs. Every operation is planned in O(n) with maps keyed
 * by a member's identity (the schema's `x-identity`) and sent in as few calls as the API allows:
 * chunks of at most 200 items, a small bounded concurrency, and one list call (limit 2000) to see
 * what the pool holds. What a changed item field does comes from the schema (`x-change` on the
 * item fields): "update" goes through batch-update, "replace" removes that member and adds it again.
 *
 * Partial failure: when a call fails after others succeeded, the pool's member list is read again
 * and a PartialFailure records exactly the members that exist now, so nothing in the cloud is
 * unknown to state and the next `up` finishes the work.
 */
import { ApiError } from "../../http/errors";
import { PartialFailure, type Context, type ResourceKind, type Values } from "../../lifecycle/engine";
import { satisfies } from "../../lifecycle/diff";
import { identityKey, itemWithDefaults } from "../../lifecycle/schema";
import { valueFromWire, valueToWire } from "../../lifecycle/wire";
import { isGone, readUnlessGone } from "../gone";
import { memberBatchSchema } from "./schema";

type Member = Values;
type WireMember = Values & { id: string };

const MEMBERS = memberBatchSchema.properties.members;
const ITEM = MEMBERS.items;
const IDENTITY = MEMBERS["x-identity"];
const itemFields = (rule: "update" | "replace") =>
  Object.entries(ITEM.properties as Record<string, { "x-change"?: string }>)
    .filter(([, p]) => p["x-change"] === rule)
    .map(([k]) => k);
/** Item fields batch-update changes in place. */
const UPDATED = itemFields("update");
/** Item fields whose change means removing the member and adding it again. */
const READDED = itemFields("replace");
/** Seed 002: a batch-add item has no admin_state_up; it is set with batch-update right after. */
const NOT_IN_BATCH_ADD = new Set(["adminStateUp"]);

/** ELB-API.md: at most 200 items per batch call; list pages hold up to 2000. */
const BATCH_SIZE = 200;
const LIST_LIMIT = 2000;
/** Chunks in flight at once: fast for a thousand members, gentle on the API's rate limit. */
const CONCURRENCY = 2;

const key = (m: unknown): string => identityKey(MEMBERS, m) ?? "";
/** A wanted member as the program means it (left-out fields with a default stand for it). */
const meant = (w: Member): Member => itemWithDefaults(MEMBERS, w) as Member;
const view = (w: WireMember): Member => valueFromWire(ITEM, w) as Member;
/** A member for a request body; a null (any-port pools: no port) is left out, as seed 002 says. */
const toWireItem = (m: Member, omit: Set<string> = new Set()): Values =>
  valueToWire(ITEM, Object.fromEntries(Object.entries(m).filter(([k, v]) => !omit.has(k) && v !== null))) as Values;

/**
 * Run `work` over chunks of `items`, at most CONCURRENCY at a time. After the first failure no new
 * chunk starts; the ones running finish (their effects are recorded by `work`). Written here rather
 * than taken from a library: it is a dozen lines, and the allowed run-time dependencies have none.
 */
async function inChunks<T>(
  items: T[],
  work: (chunk: T[]) => Promise<void>,
  progress?: (done: number, total: number) => void,
): Promise<unknown> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) chunks.push(items.slice(i, i + BATCH_SIZE));
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < chunks.length) {
      const chunk = chunks[next++];
      try {
        await work(chunk);
        done += chunk.length;
        if (chunks.length > 1) progress?.(done, items.length);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
  return failure?.error;
}

/** Every member of the pool (pages of LIST_LIMIT: one call up to 2000 members). */
async function listMembers(ctx: Context, poolId: string): Promise<WireMember[]> {
  const all: WireMember[] = [];
  let marker: string | undefined;
  for (;;) {
    const res = await ctx.client.elb<{ members?: WireMember[]; page_info?: { next_marker?: string } }>({
      method: "GET",
      path: ["pools", poolId, "members"],
      query: { limit: LIST_LIMIT, marker },
    });
    const page = res.body.members ?? [];
    all.push(...page);
    const nextMarker = res.body.page_info?.next_marker;
    if (!nextMarker || page.length < LIST_LIMIT) return all;
    marker = nextMarker;
  }
}

async function batch(
  ctx: Context,
  poolId: string,
  op: "batch-add" | "batch-update" | "batch-delete",
  members: Values[],
): Promise<WireMember[]> {
  // A repeat is harmless (batch-add answers `existed`, batch-delete `not found`), so the client may retry.
  const res = await ctx.client.elb<{ members?: WireMember[] }>({
    method: "POST",
    path: ["pools", poolId, "members", op],
    body: { members },
    idempotent: true,
  });
  return res.body.members ?? [];
}

/** A refused member delete: say so plainly when the pool's member deletion protection is the reason. */
async function explainRefusedDelete(ctx: Context, poolId: string, e: unknown): Promise<unknown> {
  if (!(e instanceof ApiError) || e.status < 400 || e.status >= 500 || e.status === 404 || e.status === 429) return e;
  try {
    const res = await ctx.client.elb<{ pool: Values }>({ method: "GET", path: ["pools", poolId] });
    if (res.body.pool?.member_deletion_protection_enable === true) {
      return new Error(
        `pool ${poolId} has member deletion protection on (memberDeletionProtectionEnable / member_deletion_protection_enable), so its members cannot be removed: turn it off on the pool first (${e.code ?? e.status})`,
      );
    }
  } catch {
    // the original error says enough
  }
  return e;
}

/** Resource outputs: the wanted members (in the program's order) that exist, then any others held. */
function outputs(inputs: Values, held: Map<string, Member>): Values {
  const members: Member[] = [];
  const placed = new Set<string>();
  for (const w of (inputs.members as Member[]) ?? []) {
    const m = held.get(key(w));
    if (m && !placed.has(key(w))) {
      members.push(m);
      placed.add(key(w));
    }
  }
  for (const [k, m] of held) if (!placed.has(k)) members.push(m);
  // exclusive left out means false: recorded as such, so removing it from the program is a change
  return { poolId: inputs.poolId, members, exclusive: inputs.exclusive === true };
}

const byKey = (members: Member[]) => new Map(members.map((m) => [key(m), m]));
/** A member named by its identity and ID (strangers, adopted). */
const ref = (m: Member): Values => ({ address: m.address, protocolPort: m.protocolPort, id: m.id });
/** What create recorded that later calls keep: the members it adopted. */
const kept = (props: Values): Values => (Array.isArray(props.adopted) ? { adopted: props.adopted } : {});

/**
 * Adoption takes members as they are: a declared field that re-adds a member (a new member, not
 * the one found) differing from what an adopted member holds is refused before any write, naming
 * the member, the field and both values.
 */
function refuseReadding(want: Member[], adopted: Map<string, Member>): void {
  const problems: string[] = [];
  for (const w of want) {
    const m = adopted.get(key(w));
    if (!m) continue;
    const declared = meant(w);
    for (const f of READDED) {
      const held = m[f] ?? "";
      if (declared[f] !== undefined && !satisfies(declared[f], held))
        problems.push(
          `  ${String(w.address)}:${String(w.protocolPort)} ${f}: the program declares ${JSON.stringify(declared[f])}, the member holds ${JSON.stringify(held)}`,
        );
    }
  }
  if (problems.length > 0)
    throw new Error(
      `MemberBatch adopt: cannot take these members as they are (a change would remove and re-add them); nothing was changed:\n${problems.join("\n")}`,
    );
}

/**
 * Bring the pool from `held` (the members this resource holds, with their ids) to `want`:
 * batch-delete, then batch-add, then batch-update. `held` is kept current as calls succeed.
 */
async function converge(ctx: Context, poolId: string, held: Map<string, Member>, want: Member[]): Promise<unknown> {
  // work of several chunks reports each one (the engine shows the provider's log lines during `pulumi up`)
  const report = (op: string) => (done: number, total: number) => ctx.progress?.(`pool ${poolId}: ${op} ${done}/${total} members`);
  const wanted = byKey(want);
  const removals: Member[] = [];
  const additions: Member[] = [];
  for (const [k, m] of held) {
    const w = wanted.get(k);
    const want = w && meant(w);
    if (!w || !want) removals.push(m);
    else if (READDED.some((f) => want[f] !== undefined && !satisfies(want[f], m[f] ?? ""))) {
      removals.push(m);
      additions.push(w);
    }
  }
  for (const [k, w] of wanted) if (!held.has(k)) additions.push(w);

  let failed = await inChunks(
    removals,
    async (chunk) => {
      try {
        await batch(
          ctx,
          poolId,
          "batch-delete",
          chunk.map((m) => ({ id: m.id })),
        );
      } catch (e) {
        throw await explainRefusedDelete(ctx, poolId, e);
      }
      for (const m of chunk) held.delete(key(m));
    },
    report("batch-delete"),
  );
  if (failed) return failed;

  failed = await inChunks(
    additions,
    async (chunk) => {
      const added = await batch(
        ctx,
        poolId,
        "batch-add",
        chunk.map((m) => toWireItem(m, NOT_IN_BATCH_ADD)),
      );
      // `existed` answers are adopted like new ones; their fields are corrected below.
      for (const w of added) held.set(key(view(w)), view(w));
    },
    report("batch-add"),
  );
  if (failed) return failed;

  const patches: Values[] = [];
  for (const [k, w] of wanted) {
    const m = held.get(k);
    if (!m) continue;
    const want = meant(w);
    const changed = Object.fromEntries(UPDATED.filter((f) => want[f] !== undefined && !satisfies(want[f], m[f])).map((f) => [f, want[f]]));
    if (Object.keys(changed).length > 0) patches.push({ id: m.id, ...toWireItem(changed) });
  }
  return inChunks(
    patches,
    async (chunk) => {
      for (const w of await batch(ctx, poolId, "batch-update", chunk)) held.set(key(view(w)), view(w));
    },
    report("batch-update"),
  );
}

/**
 * After a failure part-way: read the pool's members again and record exactly those this resource
 * is about (held before, or wanted), so state knows everything that exists. If the list fails too,
 * state keeps what the successful calls reported; the next `up` adopts the rest (`existed`).
 */
async function partial(
  ctx: Context,
  id: string,
  inputs: Values,
  held: Map<string, Member>,
  relevant: Set<string>,
  error: unknown,
): Promise<Error> {
  let exact = "read back from the pool";
  try {
    const now = (await listMembers(ctx, inputs.poolId as string)).map(view).filter((m) => relevant.has(key(m)));
    held = byKey(now);
  } catch (e) {
    exact = `from the calls that succeeded (reading the pool failed: ${(e as Error).message}); members a failed call may have added are adopted by the next up`;
  }
  const want = (inputs.members as Member[]).length;
  const message = `${(error as Error).message}\nMemberBatch stopped part-way: ${[...held.keys()].filter((k) => relevant.has(k)).length} members are in the pool (${exact}), ${want} wanted; state records them, and the next up finishes the work.`;
  // Recorded compactly (identity and id: what update, refresh and delete need): the engine receives
  // a partial state in a gRPC header, and Node-based clients refuse one header over 64 KiB.
  const ours = [...held].filter(([k]) => relevant.has(k));
  const compact = new Map(
    ours.map(([k, m]) => [k, Object.fromEntries([...IDENTITY, "id"].filter((f) => m[f] !== undefined).map((f) => [f, m[f]]))]),
  );
  return new PartialFailure(message, id, outputs(inputs, compact));
}

export const memberBatchKind: ResourceKind = {
  schema: memberBatchSchema,

  async create(ctx, inputs) {
    const poolId = inputs.poolId as string;
    const want = inputs.members as Member[];
    const id = `${poolId}/members`;
    const adopting = inputs.adopt === true;
    const listed = inputs.exclusive === true || adopting ? (await listMembers(ctx, poolId)).map(view) : [];
    const wanted = new Set(want.map(key));
    // exclusive: the pool's other members are removed, so start from everything it holds; adopt: the declared ones it holds
    const held = byKey(inputs.exclusive === true ? listed : listed.filter((m) => wanted.has(key(m))));
    const adopted = adopting ? listed.filter((m) => wanted.has(key(m))) : [];
    refuseReadding(want, byKey(adopted));
    const failed = await converge(ctx, poolId, held, want);
    if (failed) {
      // only wanted members are this resource's: strangers an exclusive create failed to remove are not
      const err = await partial(ctx, id, inputs, held, new Set(want.map(key)), failed);
      // nothing of ours exists: a plain failure, and no resource is recorded
      if (err instanceof PartialFailure && (err.outs.members as Member[]).length === 0) throw failed;
      throw err;
    }
    return { id, outs: { ...outputs(inputs, held), ...(adopting ? { adopted: adopted.map(ref) } : {}) } };
  },

  async read(ctx, id, props) {
    // `get` passes no properties: the pool is in the ID (`{poolId}/members`), and every member it holds is shown
    const poolId = typeof props.poolId === "string" ? props.poolId : id.replace(/\/members$/, "");
    const wire = await readUnlessGone(() => listMembers(ctx, poolId));
    if (!wire) return undefined; // the pool is gone, and its members with it
    const listed = wire.map(view);
    const declared = props.members as Member[] | undefined;
    const ours = new Set((declared ?? listed).map(key));
    // Members deleted out of band drop out (the next diff adds them back); with exclusive, the
    // pool's other members are reported apart, so they never count as this resource's own.
    const outs = {
      ...outputs({ ...props, poolId, members: declared ?? [] }, byKey(listed.filter((m) => ours.has(key(m))))),
      ...kept(props),
    };
    if (props.exclusive === true) outs.strangers = listed.filter((m) => !ours.has(key(m))).map(ref);
    return outs;
  },

  async update(ctx, id, olds, news) {
    const poolId = olds.poolId as string;
    const want = news.members as Member[];
    // One list call makes the plan exact even when state is stale (no refresh since out-of-band changes).
    const relevant = new Set([...((olds.members as Member[] | undefined) ?? []).map(key), ...want.map(key)]);
    const listed = (await listMembers(ctx, poolId)).map(view);
    const held = byKey(news.exclusive === true ? listed : listed.filter((m) => relevant.has(key(m))));
    const failed = await converge(ctx, poolId, held, want);
    if (failed) throw await partial(ctx, id, news, held, relevant, failed);
    return { ...outputs(news, held), ...kept(olds) };
  },

  refineDiff(olds, news) {
    const updates: string[] = [];
    // strangers found by a refresh: the next update removes them
    if (news.exclusive === true && Array.isArray(olds.strangers) && olds.strangers.length > 0) updates.push("members");
    // exclusive left out means false
    if (news.exclusive === undefined && olds.exclusive === true) updates.push("exclusive");
    return { updates };
  },

  async delete(ctx, _id, props) {
    const poolId = props.poolId as string;
    const ids = ((props.members as Member[] | undefined) ?? []).map((m) => m.id).filter((x): x is string => typeof x === "string");
    const failed = await inChunks(ids, async (chunk) => {
      // `not found` answers are fine: the member is already gone
      await batch(
        ctx,
        poolId,
        "batch-delete",
        chunk.map((id) => ({ id })),
      );
    });
    if (!failed || isGone(failed)) return; // the pool itself is gone: so are its members
    throw await explainRefusedDelete(ctx, poolId, failed);
  },
};
