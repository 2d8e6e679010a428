/**
 * What the pool kinds (v3, master-slave, v2) share: how API errors are read, how a pool's bindings
 * are shown, and the one rule for creating: a POST that creates is never blindly re-sent.
 */
import { AmbiguousCreateError, ApiError, HttpError } from "../http/errors";
import type { Values } from "../lifecycle/engine";

export function isGone(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

export function isAmbiguous(e: unknown): e is HttpError {
  return e instanceof HttpError && e.ambiguous;
}

/**
 * The API answers with `listeners[]`/`loadbalancers[]`, never `listener_id`/`loadbalancer_id`: keep
 * the program's choice while it still holds, else report what the pool is bound to now ("" when
 * nothing), so drift shows up in the diff.
 */
export function bindings(wire: { listeners?: { id: string }[]; loadbalancers?: { id: string }[] }, prev: Values): Values {
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
export function listenerBound(olds: Values, news: Values): boolean {
  const set = (v: unknown) => typeof v === "string" && v !== "";
  const listeners = Array.isArray(olds.listeners) ? olds.listeners.length : 0;
  return set(news.listenerId) || set(olds.listenerId) || listeners > 0;
}

/** A read where a resource gone (404) is `undefined`, not an error. */
export async function unlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isGone(e)) return undefined;
    throw e;
  }
}

/** The body of an update call: only the properties that changed. */
export function changedOnly(news: Values, changed: readonly string[]): Values {
  return Object.fromEntries(changed.map((name) => [name, news[name]]));
}

/** DELETE where a resource already gone counts as deleted. */
export async function deleteUnlessGone(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (e) {
    if (!isGone(e)) throw e;
  }
}

/** How far the cloud's clock may be behind ours when we look for a pool we may have created. */
export const CLOCK_SKEW_MS = 60_000;

/** A lookup after an ambiguous create: the resource, none, or "unsure" (several candidates). */
export type Lookup<W> = () => Promise<W | undefined | "unsure">;

/**
 * Create with at most one re-send, and only when a lookup shows the first POST was not processed.
 * `prepare` runs before each attempt and returns the lookup for that attempt (it may note the time,
 * or list what exists). After an ambiguous failure (the POST may or may not have been processed):
 * found → adopt it; none → send again (once); unsure or a failed lookup → fail saying so.
 */
export async function createOnce<W>(what: string, prepare: () => Promise<Lookup<W>>, post: () => Promise<W>): Promise<W> {
  for (let attempt = 1; ; attempt++) {
    const lookup = await prepare();
    try {
      return await post();
    } catch (e) {
      if (!isAmbiguous(e)) throw e;
      const unknownOutcome = (why: string) => new AmbiguousCreateError(what, e, why);
      let found: W | undefined | "unsure";
      try {
        found = await lookup();
      } catch (failed) {
        throw unknownOutcome(`looking it up failed: ${(failed as Error).message}`);
      }
      if (found === "unsure") throw unknownOutcome(`several recent ${what}s match it`);
      if (found) return found;
      // The lookup shows the POST was not processed, so sending it again is safe; once.
      if (attempt >= 2) throw e;
    }
  }
}

/** Created since `since` (ms), allowing for clock skew; false when the API shows no time. */
export function createdSince(createdAt: unknown, since: number): boolean {
  const t = typeof createdAt === "string" ? Date.parse(createdAt) : NaN;
  return !Number.isNaN(t) && t >= since - CLOCK_SKEW_MS;
}

/** One candidate, none, or "unsure". */
export function single<W>(candidates: W[]): W | undefined | "unsure" {
  return candidates.length > 1 ? "unsure" : candidates[0];
}

/**
 * Fields a create body carries that must equal the project the client works in (v2 `tenant_id`,
 * master-slave `project_id`): refused before any POST, naming the property. check cannot do it: it
 * runs without credentials, and the project may only be known after discovery.
 */
export async function requireProject(projectId: () => Promise<string>, inputs: Values, names: string[]): Promise<void> {
  for (const name of names) {
    const v = inputs[name];
    if (v === undefined) continue;
    const project = await projectId();
    if (v !== project) throw new Error(`${name} must equal the project the provider works in (${project}), not ${JSON.stringify(v)}`);
  }
}
