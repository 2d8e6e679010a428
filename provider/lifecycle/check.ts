/**
 * check: validate inputs against the resource schema with ajv (types, ranges, formats, unknown
 * property names, and the schema's cross-field rules), tolerating preview's unknowns anywhere.
 * Each failure names the property and the rule; nothing here talks to the cloud.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { identityKey, inputNames, inputSchema, SCHEMA_KEYWORDS, type ResourceSchema, type RuleSchema } from "./schema";
import { stripUnknowns, underUnknown } from "./unknown";

export interface CheckFailure {
  property: string;
  reason: string;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  ajv.addVocabulary([...SCHEMA_KEYWORDS]);
  return ajv;
}

const heldValidators = new WeakMap<RuleSchema, ValidateFunction>();
let heldCompiler: ReturnType<typeof newAjv> | undefined;
/** One ajv instance for every held rule (an instance per rule built its keyword tables again each time). */
const heldAjv = () => (heldCompiler ??= newAjv());

/** The `x-held` rules of a resource that `values` (the resource as it would be after an update) breaks. */
export function brokenHeldRules(schema: ResourceSchema, values: Record<string, unknown>): RuleSchema[] {
  return (schema.allOf ?? []).filter((rule) => {
    if (!rule["x-held"]) return false;
    let validate = heldValidators.get(rule);
    if (!validate) heldValidators.set(rule, (validate = heldAjv().compile(rule)));
    return !validate(values);
  });
}

const validators = new WeakMap<ResourceSchema, { validate: ValidateFunction; schema: object }>();

function validatorFor(schema: ResourceSchema): { validate: ValidateFunction; schema: object } {
  let v = validators.get(schema);
  if (!v) {
    const ajv = newAjv();
    const s = inputSchema(schema);
    v = { validate: ajv.compile(s), schema: s };
    validators.set(schema, v);
  }
  return v;
}

/** `/a/0/b` → `a[0].b` (the property path the engine shows). */
function propertyPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");
}

/** The pointer of the property an error is about (for `required`, the missing one; for a typo, the typo). */
function offender(e: ErrorObject): string {
  if (e.keyword === "required") return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
  if (e.keyword === "additionalProperties") return `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
  return e.instancePath;
}

/** Walk the schema along an ajv schemaPath and return the innermost cross-field rule on the way. */
function ruleAt(root: object, schemaPath: string): { rule: Record<string, unknown>; prefix: string } | undefined {
  let node: unknown = root;
  let found: { rule: Record<string, unknown>; prefix: string } | undefined;
  const segs = schemaPath.replace(/^#\/?/, "").split("/");
  let prefix = "#";
  for (const seg of segs) {
    if (node === null || typeof node !== "object") break;
    node = (node as Record<string, unknown>)[seg];
    prefix += "/" + seg;
    if (node && typeof node === "object" && "x-why" in node && /\/allOf\/\d+$/.test(prefix)) {
      found = { rule: node as Record<string, unknown>, prefix };
    }
  }
  return found;
}

/**
 * The data location a rule applies to: the error's instancePath less the levels the schema
 * descended below the rule (`properties/<name>` and `items`). A rule on array items thus applies
 * to `/members/3`, not to every member.
 */
function ruleBase(e: ErrorObject, rulePrefix: string): string {
  const below = e.schemaPath.slice(rulePrefix.length).split("/").filter(Boolean);
  let levels = 0;
  for (let i = 0; i < below.length; i++) {
    if (below[i] === "properties") {
      levels++;
      i++; // the property's name
    }
    // `items` and `contains` subschemas apply to an item (one level down) when the error is inside them
    else if ((below[i] === "items" || below[i] === "contains") && i < below.length - 1) levels++;
  }
  const segs = e.instancePath.split("/");
  return segs.slice(0, segs.length - levels).join("/");
}

/** Property names a rule reads (in `properties` and `required`, at any depth). */
const ruleNames = new WeakMap<object, Set<string>>();
export function namesIn(rule: object): Set<string> {
  let names = ruleNames.get(rule);
  if (!names) {
    const found = new Set<string>();
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (x === null || typeof x !== "object") return;
      for (const [k, v] of Object.entries(x)) {
        if (k === "properties" && v && typeof v === "object") Object.keys(v).forEach((n) => found.add(n));
        if (k === "required" && Array.isArray(v)) v.forEach((n) => found.add(String(n)));
        walk(v);
      }
    };
    walk(rule);
    ruleNames.set(rule, (names = found));
  }
  return names;
}

/**
 * Is a rule undecidable because a property it reads (in its condition as much as in its demand) is
 * still unknown where it applies? Then it is skipped: the value may yet satisfy it.
 */
function readsUnknown(rule: object, base: string, unknownPaths: Set<string>): boolean {
  const names = namesIn(rule);
  for (const p of unknownPaths) {
    if (!p.startsWith(`${base}/`)) continue;
    if (
      p
        .slice(base.length + 1)
        .split("/")
        .some((seg) => names.has(seg))
    )
      return true;
  }
  return false;
}

/** The known name nearest to a typo (edit distance at most a third of its length), if any. */
function closest(typo: string, known: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const here = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = here;
      }
    }
    return row[b.length];
  };
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(typo.length / 3)) + 1;
  for (const k of known) {
    const d = distance(typo, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function notAProperty(typo: string, known: string[]): string {
  const guess = closest(typo, known);
  return `is not a property here${guess ? `; did you mean ${guess}?` : ""} (known: ${known.join(", ")})`;
}

/**
 * Unknown values are dropped before validation, so a misspelt property whose value is still unknown
 * (`lbAlgoritm: <unknown>`) would pass: walk each unknown's path through the schema and report a
 * name that is no property where it stands.
 */
function unknownTypos(compiled: object, unknownPaths: Set<string>): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const pointer of unknownPaths) {
    let node = compiled as { properties?: Record<string, object>; items?: object; additionalProperties?: unknown };
    const segs = pointer.split("/").slice(1);
    for (let i = 0; i < segs.length && node; i++) {
      const seg = segs[i];
      if (/^\d+$/.test(seg) && node.items) {
        node = node.items;
        continue;
      }
      if (!node.properties || node.additionalProperties !== false) break;
      if (!(seg in node.properties)) {
        out.push({ property: propertyPath("/" + segs.slice(0, i + 1).join("/")), reason: notAProperty(seg, Object.keys(node.properties)) });
        break;
      }
      node = node.properties[seg];
    }
  }
  return out;
}

function describe(e: ErrorObject): string {
  const ps = (e.parentSchema ?? {}) as Record<string, unknown>;
  if (typeof ps["x-why"] === "string" && ["pattern", "enum", "const", "format"].includes(e.keyword)) return ps["x-why"] as string;
  switch (e.keyword) {
    case "required":
      return "is required";
    case "enum":
      return `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    case "type": {
      const t = (e.params as { type: string | string[] }).type;
      return `must be ${Array.isArray(t) ? t.join(" or ") : t === "integer" ? "a whole number" : `a ${t}`}${ps.nullable ? " or null" : ""}`;
    }
    case "minimum":
    case "maximum":
      if (typeof ps.minimum === "number" && typeof ps.maximum === "number") return `must be between ${ps.minimum} and ${ps.maximum}`;
      return e.keyword === "minimum" ? `must be at least ${ps.minimum}` : `must be at most ${ps.maximum}`;
    case "minLength":
    case "maxLength":
      if (typeof ps.maxLength === "number" && typeof ps.minLength === "number")
        return `must be ${ps.minLength} to ${ps.maxLength} characters long`;
      return e.keyword === "minLength"
        ? `must be at least ${ps.minLength} characters long`
        : `must be at most ${ps.maxLength} characters long`;
    case "pattern":
      return `must match ${ps.pattern}`;
    case "minItems":
    case "maxItems": {
      const exactly = ps.minItems === ps.maxItems ? ` (exactly ${ps.minItems})` : "";
      return (e.keyword === "minItems" ? `must have at least ${ps.minItems} items` : `must have at most ${ps.maxItems} items`) + exactly;
    }
    case "additionalProperties":
      return notAProperty((e.params as { additionalProperty: string }).additionalProperty, Object.keys((ps.properties ?? {}) as object));
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/**
 * Validate `news` (the engine's inputs, `__provider` and other `__` keys ignored). Returns the
 * failures; an empty list means the inputs are acceptable for this preview/up.
 */
export function checkInputs(schema: ResourceSchema, news: Record<string, unknown>): CheckFailure[] {
  const { validate, schema: compiled } = validatorFor(schema);
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(news)) if (!k.startsWith("__") && v !== undefined) plain[k] = v;
  const { value, unknownPaths } = stripUnknowns(plain);
  const typos = unknownTypos(compiled, unknownPaths);
  if (validate(value)) return [...typos, ...duplicateIdentities(schema, value as Record<string, unknown>)];
  const errors = validate.errors ?? [];

  // A rule is undecidable (where it applies) when one of the properties it requires is still unknown.
  const undecided = new Set<string>();
  for (const e of errors) {
    const r = e.keyword === "required" && unknownPaths.has(offender(e)) ? ruleAt(compiled, e.schemaPath) : undefined;
    if (r) undecided.add(`${r.prefix} ${ruleBase(e, r.prefix)}`);
  }

  const out: CheckFailure[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === "if") continue; // the failing `then` says what is wrong
    const where = offender(e);
    if (underUnknown(where, unknownPaths)) continue; // an unknown, or a placeholder for an unknown array item
    const r = ruleAt(compiled, e.schemaPath);
    if (!r && e.keyword === "anyOf") continue;
    const base = r ? ruleBase(e, r.prefix) : "";
    if (r && (undecided.has(`${r.prefix} ${base}`) || readsUnknown(r.rule, base, unknownPaths))) continue;
    // x-path names the property to blame, relative to the object the rule is on
    const blame = r?.rule["x-path"] as string | undefined;
    const property = blame !== undefined ? propertyPath(blame ? `${base}/${blame.split(".").join("/")}` : base) : propertyPath(where);
    const reason = r ? (r.rule["x-why"] as string) : describe(e);
    const key = property + "\u0000" + reason;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ property, reason });
    }
  }
  return [...typos, ...out, ...duplicateIdentities(schema, value as Record<string, unknown>)];
}

/**
 * Items of an `x-identity` array that repeat an earlier item's identity (JSON Schema cannot say
 * this); each failure names both positions. Items whose identity is still unknown are skipped.
 */
function duplicateIdentities(schema: ResourceSchema, value: Record<string, unknown>): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const name of inputNames(schema)) {
    const p = schema.properties[name];
    const fields = p["x-identity"];
    const items = value[name];
    if (!fields || !Array.isArray(items)) continue;
    const first = new Map<string, number>();
    items.forEach((item: Record<string, unknown>, i) => {
      const key = identityKey(p, item);
      if (key === undefined) return;
      const j = first.get(key);
      if (j === undefined) return void first.set(key, i);
      const same = fields.map((f) => `${f} ${JSON.stringify(item[f])}`).join(", ");
      out.push({ property: `${name}[${i}]`, reason: `duplicates ${name}[${j}] (${same}): each item needs its own (${fields.join(", ")})` });
    });
  }
  return out;
}
