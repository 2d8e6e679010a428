/**
 * Preview's unknown values. During `pulumi preview` an input that depends on a resource not yet
 * created arrives as this sentinel string, at any depth and in fields of any declared type.
 */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

export const UNKNOWN: string = unknownValue;

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** True if the value is unknown or holds an unknown anywhere inside. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/**
 * A copy of `v` with every unknown removed (object keys dropped, array items dropped), and the
 * JSON-pointer paths (`/a/b`) where unknowns stood, so validation can skip rules they decide.
 */
export function stripUnknowns(v: unknown, path = "", found: Set<string> = new Set()): { value: unknown; unknownPaths: Set<string> } {
  const walk = (x: unknown, p: string): unknown => {
    if (Array.isArray(x)) {
      const out: unknown[] = [];
      x.forEach((item, i) => {
        if (item === UNKNOWN) found.add(`${p}/${i}`);
        else out.push(walk(item, `${p}/${i}`));
      });
      return out;
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
  return { value: walk(v, path), unknownPaths: found };
}
