/**
 * check: validate inputs against the resource schema with ajv (types, ranges, formats, unknown
 * property names, and the schema's cross-field rules), tolerating preview's unknowns anywhere.
 * Each failure names the property and the rule; nothing here talks to the cloud.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { inputSchema, SCHEMA_KEYWORDS, type ResourceSchema } from "./schema";
import { stripUnknowns, underUnknown } from "./unknown";

export interface CheckFailure {
  property: string;
  reason: string;
}

const validators = new WeakMap<ResourceSchema, { validate: ValidateFunction; schema: object }>();

function validatorFor(schema: ResourceSchema): { validate: ValidateFunction; schema: object } {
  let v = validators.get(schema);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
    ajv.addVocabulary([...SCHEMA_KEYWORDS]);
    const s = inputSchema(schema);
    v = { validate: ajv.compile(s), schema: s };
    validators.set(schema, v);
  }
  return v;
}

/** `/a/0/b` → `a[0].b` (the property path the engine shows). */
export function propertyPath(pointer: string): string {
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
      if (typeof ps.maxLength === "number" && typeof ps.minLength === "number") return `must be ${ps.minLength} to ${ps.maxLength} characters long`;
      return e.keyword === "minLength" ? `must be at least ${ps.minLength} characters long` : `must be at most ${ps.maxLength} characters long`;
    case "pattern":
      return `must match ${ps.pattern}`;
    case "minItems":
    case "maxItems": {
      const exactly = ps.minItems === ps.maxItems ? ` (exactly ${ps.minItems})` : "";
      return (e.keyword === "minItems" ? `must have at least ${ps.minItems} items` : `must have at most ${ps.maxItems} items`) + exactly;
    }
    case "additionalProperties": {
      const known = Object.keys((ps.properties ?? {}) as object);
      const guess = closest((e.params as { additionalProperty: string }).additionalProperty, known);
      return `is not a property here${guess ? `; did you mean ${guess}?` : ""} (known: ${known.join(", ")})`;
    }
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
  if (validate(value)) return [];
  const errors = validate.errors ?? [];

  // A rule is undecidable when one of the properties it requires is still unknown.
  const undecided = new Set<string>();
  for (const e of errors) {
    const r = e.keyword === "required" && unknownPaths.has(offender(e)) ? ruleAt(compiled, e.schemaPath) : undefined;
    if (r) undecided.add(r.prefix);
  }

  const out: CheckFailure[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === "if") continue; // the failing `then` says what is wrong
    const where = offender(e);
    if (underUnknown(where, unknownPaths)) continue; // an unknown, or a placeholder for an unknown array item
    const r = ruleAt(compiled, e.schemaPath);
    if (!r && e.keyword === "anyOf") continue;
    if (r && undecided.has(r.prefix)) continue;
    const property = (r?.rule["x-path"] as string | undefined) ?? propertyPath(where);
    const reason = r ? (r.rule["x-why"] as string) : describe(e);
    const key = property + "\u0000" + reason;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ property, reason });
    }
  }
  return out;
}
