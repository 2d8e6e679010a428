/**
 * The resource schema: one JSON Schema per resource, written with the Pulumi (camelCase) property
 * names, is the single source of truth. Every top-level property carries its change rule in
 * `x-change`; API-computed properties are `readOnly`. Cross-field rules are JSON Schema `allOf`
 * items (`if`/`then`, `anyOf`, `not`) that carry the sentence shown to the user in `x-why` and,
 * when the failing keyword sits on the parent object, the property to blame in `x-path`.
 *
 * From this one value the rest is derived: the TypeScript types (./types.ts), the ajv validator
 * (./check.ts), the diff (./diff.ts), the wire mapping (./wire.ts) and the README table (./doc.ts).
 */

import { UNKNOWN as UNKNOWN_TEXT } from "./unknown";

/** How a change to a top-level input is applied. */
export type ChangeRule =
  /** changed with the update API */
  | "update"
  /** the API cannot change it: a new resource replaces the old */
  | "replace"
  /** the API may set it only while the current value is empty; any other change replaces */
  | "updateWhileEmpty";

/**
 * What removing a property from the program means (the program set it before, and no longer does):
 * `keep`, the cloud keeps its value (properties the API computes when omitted); `{ reset }`, the
 * property goes back to that value; `default`, a nested field the API fills with a default it does
 * not document as one value (the enclosing object is sent without it). Left out: `keep`.
 */
export type RemovalRule = "keep" | "default" | { readonly reset: string | number | boolean | null | { readonly [k: string]: unknown } };

export interface PropSchema {
  readonly type?: "string" | "integer" | "number" | "boolean" | "object" | "array";
  readonly nullable?: boolean;
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly const?: string | number | boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly properties?: { readonly [name: string]: PropSchema };
  readonly required?: readonly string[];
  readonly items?: PropSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly allOf?: readonly RuleSchema[];
  readonly description?: string;
  /** Computed by the API; never an input. */
  readonly readOnly?: boolean;
  /**
   * On a computed property: a detail (a timestamp, a constant, a list another resource holds) left out of
   * the outputs, so state stays small; kept when the provider runs with HW_ELB_OUTPUT_DETAILS=1.
   */
  readonly "x-detail"?: true;
  /**
   * Top-level inputs; also the fields of array items that have an identity (`x-identity`), where
   * "replace" means that one item is removed and added again, not the whole resource.
   */
  readonly "x-change"?: ChangeRule;
  /**
   * On an array of objects: the item fields that identify an item. The array is then a set: items
   * are matched by identity (order does not matter), and two items with the same identity fail check.
   */
  readonly "x-identity"?: readonly string[];
  /** A setting of the provider, not a field of the API (the README shows no wire name). */
  readonly "x-local"?: true;
  /** On an identity field: compare values in one spelling ("ip": IPv6 addresses lower-cased and compressed). */
  readonly "x-canonical"?: "ip";
  /** The sentence shown when a property-level keyword (pattern, enum...) fails. */
  readonly "x-why"?: string;
  /** What removing it from the program does (top-level inputs and nested fields). */
  readonly "x-removal"?: RemovalRule;
  /** The default the API applies when the input is omitted (documentation only). */
  readonly "x-default"?: string | number | boolean;
  /** Omitted, it gets `<resource name>-<suffix>`, chosen once and kept (./autoname.ts). */
  readonly "x-autoname"?: true;
  /**
   * The ID of an existing resource to take under management instead of creating one (engine.ts
   * adopts it at create). Diff compares it with the resource's own ID: equal or left out is no
   * change, another ID is a replacement (the new resource adopts that one).
   */
  readonly "x-adopt"?: true;
}

/** A cross-field rule: any JSON Schema, plus the message and the property to blame. */
export interface RuleSchema {
  readonly "x-why": string;
  /** The property to blame, relative to the object the rule is on ("" for that object itself). */
  readonly "x-path"?: string;
  /**
   * The rule binds the resource as it will be after an update (the cloud's values of the properties
   * the program leaves out, with the change applied): an in-place change that would break it is
   * planned as a replacement of the changed properties the rule reads.
   */
  readonly "x-held"?: true;
  readonly [keyword: string]: unknown;
}

/**
 * When the resource is deleted before its replacement is created, whatever asks for the replacement. The
 * provider's diff says so for the replacements it plans, but `pulumi up --replace <urn>` never asks the provider
 * (the engine plans the replacement itself and takes deleteBeforeReplace from the resource option only), so the
 * resource class sets the `deleteBeforeReplace` option: always, or when one of the listed inputs is set. An
 * option the program sets wins. `why` is the documentation.
 */
export interface DeleteBeforeReplaceRule {
  readonly when: "always" | readonly string[];
  readonly why: string;
}

export interface ResourceSchema {
  readonly type: "object";
  readonly title: string;
  readonly description?: string;
  readonly "x-delete-before-replace"?: DeleteBeforeReplaceRule;
  readonly properties: { readonly [name: string]: PropSchema };
  readonly required: readonly string[];
  readonly allOf?: readonly RuleSchema[];
}

/** The custom keywords ajv must accept as annotations. */
export const SCHEMA_KEYWORDS = [
  "x-change",
  "x-why",
  "x-path",
  "x-default",
  "x-identity",
  "x-canonical",
  "x-local",
  "x-autoname",
  "x-adopt",
  "x-removal",
  "x-held",
  "x-detail",
  "x-delete-before-replace",
] as const;

/** camelCase → snake_case, the one mechanical rule for wire names. */
export function wireName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

export function inputNames(schema: ResourceSchema): string[] {
  return Object.keys(schema.properties).filter((k) => !schema.properties[k].readOnly);
}

/** The schema's adopt property (`x-adopt`), if the kind can adopt an existing resource. */
export function adoptProperty(schema: ResourceSchema): string | undefined {
  return Object.keys(schema.properties).find((k) => schema.properties[k]["x-adopt"] === true);
}

export function removalRule(p: PropSchema | undefined): RemovalRule {
  return p?.["x-removal"] ?? "keep";
}

export function changeRule(schema: ResourceSchema, name: string): ChangeRule {
  const rule = schema.properties[name]?.["x-change"];
  if (!rule) throw new Error(`${schema.title}.${name} declares no change rule`);
  return rule;
}

/** The schema check validates: inputs only, no other property allowed at any depth. */
export function inputSchema(schema: ResourceSchema): object {
  const properties: Record<string, unknown> = {};
  for (const name of inputNames(schema)) properties[name] = closeObjects(schema.properties[name]);
  return {
    type: "object",
    properties,
    required: schema.required,
    additionalProperties: false,
    ...(schema.allOf ? { allOf: schema.allOf } : {}),
  };
}

function closeObjects(p: PropSchema): PropSchema {
  if (p.type === "object" && p.properties) {
    const properties: Record<string, PropSchema> = {};
    for (const [k, v] of Object.entries(p.properties)) if (!v.readOnly) properties[k] = closeObjects(v);
    return { ...p, properties, additionalProperties: false } as PropSchema;
  }
  if (p.type === "array" && p.items) return { ...p, items: closeObjects(p.items) };
  return p;
}

/** An IP address in one spelling (IPv6 lower-cased and compressed, RFC 5952, through the URL parser). */
function canonicalIp(v: string): string {
  if (!v.includes(":")) return v;
  try {
    return new URL(`http://[${v}]/`).hostname.slice(1, -1);
  } catch {
    return v;
  }
}

/** A value as identity compares it: `x-canonical: "ip"` fields in one spelling. */
function canonical(p: PropSchema | undefined, v: unknown): unknown {
  return p?.["x-canonical"] === "ip" && typeof v === "string" ? canonicalIp(v) : v;
}

/**
 * The key of an item of an array with `x-identity` (`p` is the array's schema); undefined while
 * an identity field is not known. Fields marked `x-canonical` compare in one spelling.
 */
export function identityKey(p: PropSchema, item: unknown): string | undefined {
  const fields = p["x-identity"];
  if (!fields || item === null || typeof item !== "object") return undefined;
  const values = fields.map((f) => canonical(p.items?.properties?.[f], (item as Record<string, unknown>)[f]));
  if (values.some((v) => v === undefined || v === UNKNOWN_TEXT)) return undefined;
  return JSON.stringify(values);
}

/**
 * An item of an identity array as the program means it: an item field it leaves out that declares
 * an `x-default` stands for that default (a set of items is declared whole, unlike a resource's
 * top-level inputs, where an omitted input is no opinion).
 */
export function itemWithDefaults(p: PropSchema, item: unknown): unknown {
  if (!p["x-identity"] || item === null || typeof item !== "object" || Array.isArray(item)) return item;
  const out: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const [k, f] of Object.entries(p.items?.properties ?? {}))
    if (out[k] === undefined && f["x-default"] !== undefined) out[k] = f["x-default"];
  return out;
}

/** `v` (schema names) without the properties marked `x-detail`, at any depth (objects and array items). */
export function withoutDetails(props: { readonly [name: string]: PropSchema } | undefined, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => withoutDetails(props, x));
  if (v === null || typeof v !== "object" || !props) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const p = props[k];
    if (p?.["x-detail"]) continue;
    out[k] = p ? withoutDetails(p.items?.properties ?? p.properties, x) : x;
  }
  return out;
}
