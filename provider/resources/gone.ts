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
