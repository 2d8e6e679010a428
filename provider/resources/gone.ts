/** A resource the API no longer has (404) is an answer, not an error: read says gone, delete is done. */
import { ApiError } from "../http/errors";

export function isGone(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

/** A call where a resource gone (404) is `undefined`, not an error. */
export async function unlessGone<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (isGone(e)) return undefined;
    throw e;
  }
}

/** Waits before a 404 on a read is believed (ms): a resource just created can read 404 for a moment. */
export const GONE_CONFIRM_WAITS_MS: readonly number[] = [500, 1500];

/**
 * A read where 404 means gone only once it repeats: the API is eventually consistent, and a resource
 * created a moment ago can read 404. Believing the first 404 would drop a live resource from state
 * (refresh) and the next `up` would create a second one. Asked again after each of `waits`.
 */
export async function readUnlessGone<T>(
  call: () => Promise<T>,
  waits: readonly number[] = GONE_CONFIRM_WAITS_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T | undefined> {
  for (const wait of [...waits, undefined]) {
    const found = await unlessGone(call);
    if (found !== undefined || wait === undefined) return found;
    await sleep(wait);
  }
  return undefined;
}
