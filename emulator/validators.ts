/**
 * The emulator's field checks, shared by every kind. A check takes the value and the full field name
 * (`weight`, `members[3].weight`, `session_persistence.type`) and answers 400 ELB.8902 naming it.
 *
 * Field tables are looked up as own properties only (`lookup`): a body key such as `__proto__`,
 * `constructor` or `toString` is an unknown field like any other, never a rule found on Object.prototype.
 */
import { isIPv4, isIPv6 } from "node:net";
import { invalid } from "./errors";

export type Obj = Record<string, unknown>;
export type Check<T = unknown> = (value: unknown, field: string) => T;

export function isPlainObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `table[key]` when `key` is the table's own property, else undefined (never an inherited member). */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export const str =
  (max: number): Check<string> =>
  (v, f) => {
    if (typeof v !== "string") throw invalid(f, "Must be a string.", v);
    if (v.length > max) throw invalid(f, `Length must be between 0 and ${max} characters.`, v);
    return v;
  };

/** A string of at most `max` characters matching `re`. */
export const pattern =
  (re: RegExp, max: number, reason: string): Check<string> =>
  (v, f) => {
    const text = str(max)(v, f);
    if (!re.test(text)) throw invalid(f, reason, v);
    return text;
  };

export const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (v, f) => {
    if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
      throw invalid(f, `Must be one of ${values.map((x) => (x === "" ? '""' : x)).join(", ")}.`, v);
    }
    return v as T;
  };

export const bool: Check<boolean> = (v, f) => {
  if (typeof v !== "boolean") throw invalid(f, "Must be a boolean.", v);
  return v;
};

/** Only `true` (e.g. a v3 pool's admin_state_up). */
export const onlyTrue: Check<boolean> = (v, f) => {
  if (bool(v, f) !== true) throw invalid(f, "Only true is supported.", v);
  return true;
};

export const int =
  (min: number, max: number): Check<number> =>
  (v, f) => {
    if (typeof v !== "number" || !Number.isInteger(v)) throw invalid(f, "Must be an integer.", v);
    if (v < min || v > max) throw invalid(f, `Must be between ${min} and ${max}.`, v);
    return v;
  };

/** Any safe integer (a range that depends on other fields is checked with them). */
export const anyInt = int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

/** An integer of any size (the range is checked with the fields it depends on). */
export const integer: Check<number> = (v, f) => {
  if (typeof v !== "number" || !Number.isInteger(v)) throw invalid(f, "Must be an integer.", v);
  return v;
};

/** An IPv4 or IPv6 literal. */
export const ipAddress: Check<string> = (v, f) => {
  if (typeof v !== "string" || !(isIPv4(v) || isIPv6(v))) throw invalid(f, "Must be a valid IPv4 or IPv6 address.", v);
  return v;
};

export const array =
  <T>(item: Check<T>): Check<T[]> =>
  (v, f) => {
    if (!Array.isArray(v)) throw invalid(f, "Must be an array.", v);
    return v.map((x, i) => item(x, `${f}[${i}]`));
  };

/** Refuses, by name, every key of `item` that `allowed` does not list (as an own property of a table, or in a list). */
export function refuseUnknown(item: Obj, allowed: readonly string[] | Readonly<Record<string, unknown>>, prefix = ""): void {
  const known = Array.isArray(allowed) ? (key: string) => allowed.includes(key) : (key: string) => Object.hasOwn(allowed, key);
  for (const key of Object.keys(item)) {
    if (!known(key)) throw invalid(`${prefix}${key}`, "Unknown field/attribute.");
  }
}

/** A present value: `null` counts as absent for optional fields (inferred). */
export function present(item: Obj, key: string): boolean {
  return Object.hasOwn(item, key) && item[key] !== undefined && item[key] !== null;
}

/** The checked value of an optional field (`prefix` + key names it), or undefined when absent. */
export function optional<T>(item: Obj, key: string, check: Check<T>, prefix = ""): T | undefined {
  return present(item, key) ? check(item[key], `${prefix}${key}`) : undefined;
}

/** A nested object: unknown keys are refused by name, `null` members count as absent. */
export const object =
  (fields: Readonly<Record<string, Check>>, required: readonly string[] = []): Check<Obj> =>
  (v, f) => {
    if (!isPlainObject(v)) throw invalid(f, "Must be an object.", v);
    refuseUnknown(v, fields, `${f}.`);
    const out: Obj = {};
    for (const [key, check] of Object.entries(fields)) {
      if (!present(v, key)) {
        if (required.includes(key)) throw invalid(`${f}.${key}`, "This field is required.");
        continue;
      }
      out[key] = check(v[key], `${f}.${key}`);
    }
    return out;
  };

export interface FieldRule {
  check: Check;
  /** accepted in an update (PUT) body; every rule is accepted on create */
  update?: boolean;
  /** `null` is kept (it means something, e.g. `session_persistence: null` = off) instead of counting as absent */
  keepNull?: boolean;
}

/**
 * Checks a flat request body against its field table, key by key in the body's order: an unknown key
 * is refused by name; in an update, a field the API does not update is refused; `null` counts as absent
 * unless the rule keeps it. Returns the given fields.
 */
export function readFields(
  item: Obj,
  table: Readonly<Record<string, FieldRule>>,
  mode: "create" | "update" = "create",
): Map<string, unknown> {
  const given = new Map<string, unknown>();
  for (const [key, value] of Object.entries(item)) {
    const rule = lookup(table, key);
    if (!rule) throw invalid(key, "Unknown field/attribute.");
    if (mode === "update" && !rule.update) throw invalid(key, "This field cannot be updated.");
    if (value === null) {
      if (rule.keepNull) given.set(key, null);
      continue;
    }
    given.set(key, rule.check(value, key));
  }
  return given;
}

/** Each field of `required` is given, else 400 naming the first missing one. */
export function requireFields(given: Map<string, unknown> | Obj, required: readonly string[]): void {
  const has = given instanceof Map ? (k: string) => given.has(k) : (k: string) => given[k] !== undefined;
  for (const key of required) if (!has(key)) throw invalid(key, "This field is required.");
}

/** The body `{key: ...}` and nothing else; returns what `key` holds. */
export function envelope(body: unknown, key: string): unknown {
  if (!isPlainObject(body)) throw invalid(key, "The request body must be a JSON object.");
  refuseUnknown(body, [key]);
  return Object.hasOwn(body, key) ? body[key] : undefined;
}

/** The body `{key: {...}}`; returns the inner object. */
export function objectEnvelope(body: unknown, key: string): Obj {
  const inner = envelope(body, key);
  if (!isPlainObject(inner)) throw invalid(key, "This field is required and must be an object.", inner);
  return inner;
}

/** `readFields` of the object a `{key: {...}}` body holds. */
export function readBody(
  body: unknown,
  key: string,
  table: Readonly<Record<string, FieldRule>>,
  mode: "create" | "update" = "create",
): Map<string, unknown> {
  return readFields(objectEnvelope(body, key), table, mode);
}
