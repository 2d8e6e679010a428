/**
 * The camelCase ↔ snake_case wire mapping, derived from the schema: the key rule is mechanical
 * (schema.ts `wireName`), and the schema says which keys exist at each depth, so API fields the
 * schema does not know never reach state.
 */
import { wireName, type PropSchema, type ResourceSchema } from "./schema";

type Props = { readonly [name: string]: PropSchema };

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A value (of any depth) to its wire form, keys renamed as the schema `p` describes. */
export function valueToWire(p: PropSchema | undefined, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => valueToWire(p?.items, x));
  if (isObject(v) && p?.properties) return objectToWire(p.properties, v);
  return v;
}

function objectToWire(props: Props, v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined || k.startsWith("__")) continue;
    out[wireName(k)] = valueToWire(props[k], x);
  }
  return out;
}

/** A wire value back to schema names; keys the schema does not know are dropped. */
export function valueFromWire(p: PropSchema, v: unknown): unknown {
  if (Array.isArray(v)) return p.items ? v.map((x) => valueFromWire(p.items!, x)) : v;
  if (isObject(v) && p.properties) return objectFromWire(p.properties, v);
  return v;
}

function objectFromWire(props: Props, v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(props)) {
    const x = v[wireName(name)];
    if (x !== undefined) out[name] = valueFromWire(p, x);
  }
  return out;
}

/** Pulumi inputs (camelCase) → API body fields (snake_case). */
export function toWire(schema: ResourceSchema, values: Record<string, unknown>): Record<string, unknown> {
  return objectToWire(schema.properties, values);
}

/** An API object (snake_case) → the resource's properties (camelCase), schema keys only. */
export function fromWire(schema: ResourceSchema, body: Record<string, unknown>): Record<string, unknown> {
  return objectFromWire(schema.properties, body);
}

/** Drop `undefined` at every depth: outputs must convert to a protobuf Struct. */
export function structSafe<T>(v: T): T {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(structSafe) as T;
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = structSafe(x);
    return out as T;
  }
  return v;
}
