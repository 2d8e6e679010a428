/**
 * The TSDoc of one property, built from its schema. Each schema keyword that says something to a
 * user has one entry in `KEYWORD_DOCS`; a new keyword is documented by adding an entry there.
 */
import { limits } from "../../provider/lifecycle/doc";
import type { PropSchema, ResourceSchema, RuleSchema } from "../../provider/lifecycle/schema";

/** Where a property sits: a top-level input decides for the resource, an identity item's field for that item. */
export interface Where {
  readonly schema: ResourceSchema;
  /** The property's name (the last path segment). */
  readonly name: string;
  readonly level: "top" | "nested" | "item";
  /** On an item of an identity array: whether this field is part of the identity. */
  readonly identity?: boolean;
  /** Outputs document what the API computes; inputs leave computed fields out. */
  readonly side: "input" | "output";
}

type KeywordDoc = (p: PropSchema, at: Where) => string | undefined;

const literal = (v: unknown): string => (v === "" ? '`""`' : `\`${String(v)}\``);

function changeDoc(p: PropSchema, at: Where): string | undefined {
  const rule = p["x-change"];
  const kind = at.schema.title;
  if (at.level === "item") {
    if (at.identity) return "Identifies the item: a new value is another item (the old one is removed, the new one added).";
    if (rule === "replace") return "Changing it removes this item and adds it again.";
    return rule === "update" ? "Changing it updates the item in place." : undefined;
  }
  if (at.level !== "top") return undefined;
  if (p["x-adopt"])
    return `Another ID replaces the ${kind} (the new one adopts that resource); leaving it out, or the ${kind}'s own ID, changes nothing.`;
  if (rule === "replace") return `Changing it replaces the ${kind} (a new one is created, the old one deleted).`;
  if (rule === "updateWhileEmpty")
    return `Set in place only while the ${kind}'s current value is empty; any other change replaces the ${kind}.`;
  return rule === "update" ? "Changing it updates in place." : undefined;
}

/** The cross-field rules that name the property (checked at preview, before any API call). */
function rulesDoc(p: PropSchema, at: Where): string | undefined {
  if (at.side === "output") return undefined;
  const own = [...(p.allOf ?? []), ...(p.items?.allOf ?? [])];
  const named = (at.level === "top" ? (at.schema.allOf ?? []) : []).filter((r) => mentions(r, at.name));
  const lines = [...new Set([...own, ...named].map((r) => r["x-why"]))];
  return lines.length ? `Checked at preview: ${lines.join("; ")}.` : undefined;
}

function mentions(rule: RuleSchema, name: string): boolean {
  return rule["x-path"]?.split(".")[0] === name || new RegExp(`\\b${name}\\b`).test(rule["x-why"]);
}

/** `x-removal`: what leaving the input out, after the program set it, does. */
function removalDoc(p: PropSchema, at: Where): string | undefined {
  const rule = p["x-removal"];
  if (at.side === "output" || p.readOnly || rule === undefined) return undefined;
  if (rule === "keep") return "Removing it from the program keeps the cloud's value.";
  if (rule === "default") return "Removing it from the program lets the API apply its default.";
  if (rule === "provider")
    return `Removing it from the program (after setting it) means the provider's current choice: the ${at.schema.title} is replaced only if that differs from where it lives.`;
  return `Removing it from the program sets it back to \`${JSON.stringify(rule.reset)}\`.`;
}

/** One entry per keyword, in the order the lines appear. */
export const KEYWORD_DOCS: readonly KeywordDoc[] = [
  (p) => p.description,
  (p) => (p.readOnly ? "Computed by the API." : undefined),
  (p) => (p["x-detail"] ? "A detail: in state only when the provider runs with `HW_ELB_OUTPUT_DETAILS=1` (else undefined)." : undefined),
  (p) => (p["x-local"] ? "A setting of this package: never sent to the API." : undefined),
  (p, at) =>
    p["x-placement"] && at.side === "output"
      ? "Always set: where the resource lives (the provider's choice at create when the program left it out)."
      : undefined,
  (p) => (p.enum && p.enum.length > 1 ? `One of ${p.enum.map(literal).join(", ")}.` : undefined),
  (p) => (p.nullable ? "`null` is allowed." : undefined),
  (p) => {
    const l = limits(p);
    return l ? `${l[0]!.toUpperCase()}${l.slice(1)}.` : undefined;
  },
  (p) => (p["x-identity"] ? `Items are identified by (${p["x-identity"].join(", ")}); two items may not share them.` : undefined),
  changeDoc,
  removalDoc,
  rulesDoc,
];

/** The property's TSDoc lines (without comment markers). */
export function propertyDoc(p: PropSchema, at: Where): string[] {
  return KEYWORD_DOCS.map((d) => d(p, at)).filter((s): s is string => !!s);
}

/** A JSDoc block, indented. */
export function comment(lines: readonly string[], indent = ""): string {
  if (!lines.length) return "";
  const body = lines.flatMap((l, i) => (i ? ["", l] : [l])).map((l) => `${indent} *${l ? " " + l.replace(/\*\//g, "*\\/") : ""}`);
  return [`${indent}/**`, ...body, `${indent} */`].join("\n") + "\n";
}
