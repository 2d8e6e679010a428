/**
 * The create that is never blindly re-sent, shared by every kind whose API creates with a POST:
 * after an ambiguous failure (the POST may or may not have been processed) the kind's lookup says
 * whether it was, and only "no" allows one more POST.
 */
import { AmbiguousCreateError, HttpError } from "../http/errors";

/** A lookup after an ambiguous create: the resource, none, or "unsure" (several candidates). */
export type Lookup<W> = () => Promise<W | undefined | "unsure">;

/** How far the cloud's clock may be behind ours when we look for a resource we may have created. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Create with at most one re-send, and only when a lookup shows the first POST was not processed.
 * `prepare` runs before each attempt and returns the lookup for that attempt (it may note the time,
 * or list what exists). After an ambiguous failure: found → adopt it; none → send again (once);
 * unsure or a failed lookup → fail saying so.
 */
export async function createOnce<W>(what: string, prepare: () => Promise<Lookup<W>>, post: () => Promise<W>): Promise<W> {
  for (let attempt = 1; ; attempt++) {
    const lookup = await prepare();
    try {
      return await post();
    } catch (e) {
      if (!(e instanceof HttpError && e.ambiguous)) throw e;
      let found: W | undefined | "unsure";
      try {
        found = await lookup();
      } catch (failed) {
        throw new AmbiguousCreateError(what, e, `looking it up failed: ${(failed as Error).message}`);
      }
      if (found === "unsure") throw new AmbiguousCreateError(what, e, `several recent ${what}s match it`);
      if (found) return found;
      // The lookup shows the POST was not processed, so sending it again is safe; once.
      if (attempt >= 2) throw e;
    }
  }
}

/**
 * Created since `since` (ms), allowing for clock skew and the API's whole-second `created_at`;
 * false when the API shows no time.
 */
export function createdSince(createdAt: unknown, since: number): boolean {
  const t = typeof createdAt === "string" ? Date.parse(createdAt) : NaN;
  return !Number.isNaN(t) && t >= since - CLOCK_SKEW_MS;
}

/** One candidate, none, or "unsure". */
export function single<W>(candidates: W[]): W | undefined | "unsure" {
  return candidates.length > 1 ? "unsure" : candidates[0];
}
