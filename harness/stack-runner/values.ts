// Comparing property bags the way the engine does: deep equality, changed top-level keys, ignoreChanges.

/** Engine keys (`__provider`, and the hidden inputs a provider adds, `__*`): the engine does not show them as changes. */
export const isEngineKey = (k: string): boolean => k.startsWith("__");

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** Top-level keys whose values differ between `a` and `b` (over `keys`), ignoring `__` keys, sorted. */
export function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>, keys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const k of keys) if (!isEngineKey(k) && !deepEqual(a[k], b[k])) out.add(k);
  return [...out].sort();
}

/** changedKeys over the keys of both `a` and `b`. */
export function changedKeysOfBoth(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return changedKeys(a, b, new Set([...Object.keys(a), ...Object.keys(b)]));
}

/** The engine's processIgnoreChanges, for dotted object paths ("a", "a.b"; "*" for everything). */
export function applyIgnoreChanges(news: Record<string, unknown>, olds: Record<string, unknown>, paths: string[]) {
  if (!paths.length) return news;
  const out = structuredClone(news);
  for (const p of paths) {
    if (p === "*") return structuredClone(olds);
    const segs = p.split(".");
    let src: unknown = olds;
    let dst: Record<string, unknown> = out;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      const sv = src !== null && typeof src === "object" ? (src as Record<string, unknown>)[s] : undefined;
      if (i === segs.length - 1) {
        if (sv === undefined) delete dst[s];
        else dst[s] = structuredClone(sv);
      } else {
        if (dst[s] === null || typeof dst[s] !== "object") dst[s] = {};
        dst = dst[s] as Record<string, unknown>;
        src = sv;
      }
    }
  }
  return out;
}
