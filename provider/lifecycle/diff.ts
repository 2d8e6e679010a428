/**
 * diff, derived from the schema's change rules. An input the program omits is "no opinion" and
 * never differs from what the cloud holds; a nested object is compared on the keys the program
 * sets (the API fills the rest with defaults); unknowns (preview) count as changes, and an unknown
 * in a replace-only property means a replacement.
 */
import { changeRule, identityKey, inputNames, itemWithDefaults, type PropSchema, type ResourceSchema } from "./schema";
import { brokenHeldRules, namesIn } from "./check";
import { desiredInputs } from "./removal";
import { containsUnknown, stripUnknowns } from "./unknown";
import { isObject } from "./wire";

export interface DiffOutcome {
  /** properties changed in place (the update call sends exactly these) */
  updates: string[];
  /** properties that force a replacement */
  replaces: string[];
}

/** Does the cloud value `old` already satisfy the desired value `want`? */
export function satisfies(want: unknown, old: unknown): boolean {
  if (want === undefined) return true;
  if (isObject(want)) {
    if (!isObject(old)) return false;
    return Object.keys(want).every((k) => satisfies(want[k], old[k]));
  }
  if (Array.isArray(want)) {
    return Array.isArray(old) && want.length === old.length && want.every((w, i) => satisfies(w, old[i]));
  }
  return want === old;
}

/**
 * `satisfies` for a declared property: an array with `x-identity` is a set, matched item by item
 * through a map of identities (O(n)), so reordering is not a change, while an added, removed or
 * changed item is; an item field left out compares as its `x-default`. Items the cloud holds beyond
 * the wanted ones count as a difference.
 */
export function satisfiesProp(p: PropSchema | undefined, want: unknown, old: unknown): boolean {
  if (!p?.["x-identity"] || !Array.isArray(want)) return satisfies(want, old);
  if (!Array.isArray(old) || old.length !== want.length) return false;
  const held = new Map<string, unknown>();
  for (const item of old) {
    const key = identityKey(p, item);
    if (key !== undefined) held.set(key, item);
  }
  const identity = new Set(p["x-identity"]);
  return want.every((item) => {
    const key = identityKey(p, item);
    if (key === undefined || !held.has(key)) return false;
    // the identity matched (in canonical spelling); the other fields must hold as they are
    const rest = Object.fromEntries(Object.entries(itemWithDefaults(p, item) as object).filter(([k]) => !identity.has(k)));
    return satisfies(rest, emptyAsDefault(p, held.get(key)));
  });
}

/** A held item with null or absent fields whose `x-default` is "" read as "" (APIs answer either way). */
function emptyAsDefault(p: PropSchema, item: unknown): unknown {
  if (item === null || typeof item !== "object") return item;
  const out: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const [k, f] of Object.entries(p.items?.properties ?? {}))
    if (f["x-default"] === "" && (out[k] === null || out[k] === undefined)) out[k] = "";
  return out;
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === "";
}

/**
 * Changes the schema's `x-held` rules turn into replacements: the resource as it would be after the
 * update (the cloud's values where the program is silent, null meaning empty) must still satisfy
 * them (an `ip` pool takes no VPC), else the changed properties a broken rule reads are replaced.
 */
function heldReplacements(
  schema: ResourceSchema,
  olds: Record<string, unknown>,
  desired: Record<string, unknown>,
  updates: string[],
): string[] {
  if (updates.length === 0 || !schema.allOf?.some((r) => r["x-held"])) return [];
  const after: Record<string, unknown> = {};
  for (const [k, v] of [...Object.entries(olds), ...Object.entries(desired)]) if (!k.startsWith("__") && v !== undefined) after[k] = v;
  const value = stripUnknowns(Object.fromEntries(Object.entries(after).filter(([, v]) => v !== null))).value as Record<string, unknown>;
  const out = new Set<string>();
  for (const rule of brokenHeldRules(schema, value)) for (const name of updates) if (namesIn(rule).has(name)) out.add(name);
  return [...out];
}

/**
 * Compare the program's inputs (`news`) with the resource's last known outputs (`olds`). What the
 * program no longer sets but set before (the outputs' recorded input keys) counts as its removal rule says
 * (`provided`: the provider's choices, for the rule `provider`).
 */
export function diffProperties(
  schema: ResourceSchema,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  provided: Record<string, unknown> = {},
): DiffOutcome {
  const updates: string[] = [];
  const replaces: string[] = [];
  const desired = desiredInputs(schema, olds, news, provided);
  const apply = (name: string, old: unknown) => {
    switch (changeRule(schema, name)) {
      case "update":
        updates.push(name);
        break;
      case "replace":
        replaces.push(name);
        break;
      case "updateWhileEmpty":
        (isEmptyValue(old) ? updates : replaces).push(name);
        break;
    }
  };
  for (const name of inputNames(schema)) {
    const want = desired.inputs[name];
    if (want === undefined) continue;
    const old = olds[name];
    if (!containsUnknown(want) && satisfiesProp(schema.properties[name], want, old) && !desired.defaulted.includes(name)) continue;
    apply(name, old);
  }
  const held = heldReplacements(schema, olds, desired.inputs, updates);
  return { updates: updates.filter((n) => !held.includes(n)), replaces: [...replaces, ...held] };
}
