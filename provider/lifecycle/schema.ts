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
   * Top-level inputs; also the fields of array items that have an identity (`x-identity`), where
   * "replace" means that one item is removed and added again, not the whole resource.
   */
  readonly "x-change"?: ChangeRule;
  /**
   * On an array of objects: the item fields that identify an item. The array is then a set: items
   * are matched by identity (order does not matter), and two items with the same identity fail check.
   */
  readonly "x-identity"?: readonly string[];
  /** The sentence shown when a property-level keyword (pattern, enum...) fails. */
  readonly "x-why"?: string;
  /** The default the API applies when the input is omitted (documentation only). */
  readonly "x-default"?: string | number | boolean;
}

/** A cross-field rule: any JSON Schema, plus the message and the property to blame. */
export interface RuleSchema {
  readonly "x-why": string;
  /** The property to blame, relative to the object the rule is on ("" for that object itself). */
  readonly "x-path"?: string;
  readonly [keyword: string]: unknown;
}

export interface ResourceSchema {
  readonly type: "object";
  readonly title: string;
  readonly description?: string;
  readonly properties: { readonly [name: string]: PropSchema };
  readonly required: readonly string[];
  readonly allOf?: readonly RuleSchema[];
}

/** The custom keywords ajv must accept as annotations. */
export const SCHEMA_KEYWORDS = ["x-change", "x-why", "x-path", "x-default", "x-identity"] as const;

/** camelCase → snake_case, the one mechanical rule for wire names. */
export function wireName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

export function inputNames(schema: ResourceSchema): string[] {
  return Object.keys(schema.properties).filter((k) => !schema.properties[k].readOnly);
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

/** The key of an item of an array with `x-identity` (undefined while an identity field is not known). */
export function identityKey(fields: readonly string[], item: unknown): string | undefined {
  if (item === null || typeof item !== "object") return undefined;
  const values = fields.map((f) => (item as Record<string, unknown>)[f]);
  if (values.some((v) => v === undefined || (typeof v === "string" && v === UNKNOWN_TEXT))) return undefined;
  return JSON.stringify(values);
}
