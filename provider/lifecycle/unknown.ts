/**
 * Preview's unknown values. During `pulumi preview` an input that depends on a resource not yet
 * created arrives as this sentinel string, at any depth and in fields of any declared type.
 */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

export const UNKNOWN: string = unknownValue;

/** True if the value is unknown or holds an unknown anywhere inside. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/**
 * A copy of `v` for validation, and the JSON-pointer paths (`/a/b`, `/list/3`) where unknowns
 * stood. An unknown object key is dropped (so `required` can see it is undecided); an unknown
 * array item becomes null, keeping indices and lengths, and errors at its path are ignored.
 */
export function stripUnknowns(v: unknown): { value: unknown; unknownPaths: Set<string> } {
  const found = new Set<string>();
  const walk = (x: unknown, p: string): unknown => {
    if (Array.isArray(x)) {
      return x.map((item, i) => {
        if (item !== UNKNOWN) return walk(item, `${p}/${i}`);
        found.add(`${p}/${i}`);
        return null;
      });
    }
    if (x !== null && typeof x === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(x)) {
        if (item === UNKNOWN) found.add(`${p}/${k}`);
        else out[k] = walk(item, `${p}/${k}`);
      }
      return out;
    }
    return x;
  };
  return { value: walk(v, ""), unknownPaths: found };
}

/** Is `pointer` an unknown's path, or inside one? */
export function underUnknown(pointer: string, unknownPaths: Set<string>): boolean {
  for (let p = pointer; p !== ""; p = p.slice(0, p.lastIndexOf("/"))) if (unknownPaths.has(p)) return true;
  return false;
}
