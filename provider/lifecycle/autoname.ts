/**
 * Autonames. A property declared `x-autoname` (a pool's `name`) that the program omits gets a
 * Pulumi-style name, `<resource name>-<7 hex>`, chosen in check and kept: two resources with the
 * same inputs then never look alike in the cloud, so the lookup after an ambiguous create finds
 * exactly its own pool.
 *
 * check is not told the resource's name (a dynamic provider's check gets only olds and news), so the
 * resource classes pass it as hidden inputs (`__resourceName`, `__stackName`; `__` keys are neither validated nor
 * sent nor shown in a diff). The suffix is derived from the stack, the kind and the resource name,
 * not drawn at random: `preview` and `up` run check separately and must show the same name, and a
 * refresh (which rewrites the recorded inputs) must not rename. The checked inputs record the name
 * given (`__autonamed`) so the next check keeps it even when the resource is later renamed.
 */
import { createHash } from "node:crypto";
import { adoptProperty, type ResourceSchema } from "./schema";

type Values = Record<string, unknown>;

/** The hidden inputs a resource class adds: its resource name and `<project>/<stack>`. */
export const RESOURCE_NAME = "__resourceName";
export const STACK = "__stackName";
/** Recorded in the checked inputs: the autoname given (absent when the program chose the name). */
export const AUTONAMED = "__autonamed";

/** Length of the suffix (Pulumi's autonames use 7 characters too). */
const SUFFIX_LENGTH = 7;

/** The property declared `x-autoname`, if the kind has one. */
export function autonamedProperty(schema: ResourceSchema): string | undefined {
  return Object.keys(schema.properties).find((k) => schema.properties[k]["x-autoname"] === true);
}

/** `<resource name>-<suffix>`, the resource name shortened so the whole fits the property's maxLength. */
export function autoname(schema: ResourceSchema, prop: string, news: Values): string {
  const resource = typeof news[RESOURCE_NAME] === "string" && news[RESOURCE_NAME] !== "" ? news[RESOURCE_NAME] : schema.title.toLowerCase();
  const stack = typeof news[STACK] === "string" ? news[STACK] : "";
  const suffix = createHash("sha256").update(`${stack}\u0000${schema.title}\u0000${resource}`).digest("hex").slice(0, SUFFIX_LENGTH);
  const max = schema.properties[prop].maxLength ?? 255;
  return `${resource.slice(0, max - SUFFIX_LENGTH - 1)}-${suffix}`;
}

/**
 * The inputs check returns. An explicit value is used as given. Without one: the autoname given
 * before is kept; a resource recorded before autonames existed (old inputs, no value, no marker)
 * keeps having none (no rename on upgrade); otherwise (a new resource, or a value the program set
 * and has now removed) the autoname is given.
 */
export function withAutoname(schema: ResourceSchema, olds: Values, news: Values): Values {
  const prop = autonamedProperty(schema);
  if (!prop) return news;
  const rest = Object.fromEntries(Object.entries(news).filter(([k]) => k !== AUTONAMED));
  if (news[prop] !== undefined) return rest;
  // adopting an existing resource: a name left out is no opinion (the resource keeps the name it has)
  const adoptKey = adoptProperty(schema);
  if (adoptKey && typeof news[adoptKey] === "string") return rest;
  const before = olds[AUTONAMED];
  if (typeof before === "string" && olds[prop] === before) return { ...rest, [prop]: before, [AUTONAMED]: before };
  const recorded = Object.keys(olds).length > 0;
  if (recorded && olds[prop] === undefined && before === undefined) return rest;
  const name = autoname(schema, prop, news);
  return { ...rest, [prop]: name, [AUTONAMED]: name };
}
