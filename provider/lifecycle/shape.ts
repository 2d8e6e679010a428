/**
 * The shape of the checked inputs, which is what `pulumi preview --diff` shows a reviewer: the engine
 * prints a dynamic resource's old checked inputs against its new ones, arrays index by index and
 * objects key by key. An array with `x-identity` is a set, so check returns it as a map keyed by each
 * item's identity (`10.0.0.5:80`): one added member then shows as one `+` entry, not as every later
 * index changed. The program keeps writing arrays; the provider turns the map back into the array
 * before it compares or calls the API, and the outputs (what the program reads) keep arrays.
 */
import { identityKey, type ResourceSchema } from "./schema";
import { isObject } from "./wire";

type Values = Record<string, unknown>;

/**
 * The program's order of each map's items (`{ members: [key, ...] }`): a Struct map does not keep it, and
 * the outputs list the items in the program's order. A `__` key, which the engine's display hides.
 */
const ORDER = "__order";

/** An item's identity as the display's map key: its identity values (canonical) joined by ":" (IPv6 in brackets). */
function displayKey(p: ResourceSchema["properties"][string], item: unknown, index: number): string {
  const key = identityKey(p, item);
  if (key === undefined) return `?${index}`; // identity not known yet (preview)
  return (JSON.parse(key) as unknown[]).map((v) => (typeof v === "string" && v.includes(":") ? `[${v}]` : String(v))).join(":");
}

/** Identity arrays as maps keyed by identity (inputs that fail check are returned unchanged by the caller). */
export function toCheckedShape(schema: ResourceSchema, inputs: Values): Values {
  let out: Values | undefined;
  for (const [name, p] of Object.entries(schema.properties)) {
    const v = inputs[name];
    if (!p["x-identity"] || !Array.isArray(v)) continue;
    const keys = v.map((item, i) => displayKey(p, item, i));
    out ??= { ...inputs };
    out[name] = Object.fromEntries(v.map((item, i) => [keys[i], item]));
    out[ORDER] = { ...(isObject(out[ORDER]) ? out[ORDER] : {}), [name]: keys };
  }
  return out ?? inputs;
}

/** The program's arrays back from the checked maps (state written before the maps is already arrays). */
export function fromCheckedShape(schema: ResourceSchema, inputs: Values): Values {
  let out: Values | undefined;
  for (const [name, p] of Object.entries(schema.properties)) {
    const v = inputs[name];
    if (!p["x-identity"] || !isObject(v)) continue;
    const order = isObject(inputs[ORDER]) ? inputs[ORDER][name] : undefined;
    const keys = Array.isArray(order) ? order.filter((k): k is string => typeof k === "string" && k in v) : [];
    out ??= { ...inputs };
    out[name] = [...keys, ...Object.keys(v).filter((k) => !keys.includes(k))].map((k) => v[k]);
  }
  if (out) delete out[ORDER];
  return out ?? inputs;
}
