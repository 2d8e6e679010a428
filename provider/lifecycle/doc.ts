/** The README field table of a resource, generated from its schema (a test keeps README in step). */
import { removalRule, wireName, type PropSchema, type ResourceSchema, type RuleSchema } from "./schema";

const CHANGE: Record<string, string> = {
  update: "update in place",
  replace: "**replace**",
  updateWhileEmpty: "update while empty, else **replace**",
};

function typeOf(p: PropSchema): string {
  let t: string;
  if (p.enum) t = p.enum.map((v) => (v === "" ? '`""`' : `\`${String(v)}\``)).join(" \\| ");
  else if (p.const !== undefined) t = `\`${String(p.const)}\``;
  else if (p.type === "array") t = `${p.items?.type === "object" ? "object" : (p.items?.type ?? "any")}[]`;
  else t = p.type ?? "any";
  return p.nullable ? `${t} \\| null` : t;
}

/** Ranges, lengths, the rule's sentence (or pattern) and the API default, as one line (README and TSDoc). */
export function limits(p: PropSchema): string {
  const out: string[] = [];
  if (p.minimum !== undefined && p.maximum !== undefined) out.push(`${p.minimum}–${p.maximum}`);
  else if (p.minimum !== undefined) out.push(`≥ ${p.minimum}`);
  else if (p.maximum !== undefined) out.push(`≤ ${p.maximum}`);
  if (p.maxLength !== undefined) out.push(`≤ ${p.maxLength} chars`);
  if (p.minItems !== undefined && p.minItems === p.maxItems) out.push(`exactly ${p.minItems} items`);
  if (p["x-why"]) out.push(p["x-why"]);
  else if (p.pattern) out.push(`pattern \`${p.pattern}\``);
  if (p["x-default"] !== undefined) out.push(`default \`${p["x-default"] === "" ? '""' : String(p["x-default"])}\``);
  return out.join("; ");
}

const ITEM_CHANGE: Record<string, string> = {
  update: "update in place",
  replace: "re-adds this item",
};

/** What removing the property from the program does (top-level inputs and nested fields). */
function removal(p: PropSchema, level: "top" | "nested" | "item"): string {
  if (p.readOnly) return "";
  if (level === "item") return p["x-default"] !== undefined ? `back to \`${p["x-default"] === "" ? '""' : String(p["x-default"])}\`` : "";
  const rule = removalRule(p);
  if (rule === "keep") return level === "top" ? "kept" : "";
  if (rule === "default") return "API default";
  if (rule === "provider") return "the provider's choice (**replace** if that differs)";
  return `reset to \`${JSON.stringify(rule.reset)}\``;
}

function rows(name: string, p: PropSchema, required: boolean, level: "top" | "nested" | "item", identity?: boolean): string[] {
  const itemChange = identity ? "identity: a new value is another item" : (ITEM_CHANGE[p["x-change"] ?? ""] ?? "");
  const change = p["x-detail"]
    ? "computed, detail (opt-in)"
    : p.readOnly
      ? "computed"
      : level === "top"
        ? (CHANGE[p["x-change"] ?? ""] ?? "")
        : level === "item"
          ? itemChange
          : "";
  const identifiedBy = p["x-identity"] ? `Items are identified by (${p["x-identity"].join(", ")}).` : "";
  const desc = [p.description, identifiedBy, limits(p)].filter(Boolean).join(" ");
  const wire = p["x-local"] ? "–" : `\`${wireName(name.split(".").pop()!.replace("[]", ""))}\``;
  const gone = required && level === "top" ? "" : removal(p, level);
  const out = [`| \`${name}\` | ${wire} | ${typeOf(p)} | ${required ? "yes" : ""} | ${change} | ${gone} | ${desc.replace(/\|/g, "\\|")} |`];
  if (p.type === "object" && p.properties) {
    for (const [k, sub] of Object.entries(p.properties)) out.push(...rows(`${name}.${k}`, sub, (p.required ?? []).includes(k), "nested"));
  }
  // the fields of array items that have an identity each carry their own change rule
  const item = p.items;
  if (p.type === "array" && p["x-identity"] && item?.properties) {
    for (const [k, sub] of Object.entries(item.properties))
      out.push(...rows(`${name}[].${k}`, sub, (item.required ?? []).includes(k), "item", p["x-identity"].includes(k)));
  }
  return out;
}

function ruleLines(rules: readonly RuleSchema[] | undefined): string[] {
  return (rules ?? []).map((r) => `- ${r["x-why"]}`);
}

export function fieldTable(schema: ResourceSchema): string {
  const lines = ["| Property | Wire field | Type | Required | On change | On removal | Notes |", "|---|---|---|---|---|---|---|"];
  for (const [name, p] of Object.entries(schema.properties)) lines.push(...rows(name, p, schema.required.includes(name), "top"));
  const rules = [...ruleLines(schema.allOf)];
  for (const p of Object.values(schema.properties)) rules.push(...ruleLines(p.allOf), ...ruleLines(p.items?.allOf));
  if (Object.values(schema.properties).some((p) => p["x-identity"]))
    rules.push(
      ...Object.entries(schema.properties)
        .filter(([, p]) => p["x-identity"])
        .map(([n, p]) => `- two items of ${n} may not share (${p["x-identity"]!.join(", ")})`),
    );
  if (rules.length) lines.push("", "Checked at preview, before any API call:", "", ...new Set(rules));
  const dbr = replacementOrder(schema);
  if (dbr) lines.push("", dbr);
  return lines.join("\n");
}

/** The x-delete-before-replace rule in words (the README tables), or undefined. */
function replacementOrder(schema: ResourceSchema): string | undefined {
  const rule = schema["x-delete-before-replace"];
  if (!rule) return undefined;
  const when = rule.when === "always" ? "" : ` when ${rule.when.map((k) => `\`${k}\``).join(" or ")} is set`;
  return (
    `Replaced: deleted before its replacement is created${when}, also with \`pulumi up --replace\` ` +
    `(the \`deleteBeforeReplace\` option, unless the program sets it): ${rule.why}.`
  );
}

/** Replace the block between `<!-- fields:Title -->` and `<!-- /fields:Title -->` in a document. */
export function withFieldTable(doc: string, schema: ResourceSchema): string {
  const start = `<!-- fields:${schema.title} -->`;
  const end = `<!-- /fields:${schema.title} -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`the document has no ${start} … ${end} block`);
  return doc.slice(0, i + start.length) + "\n" + fieldTable(schema) + "\n" + doc.slice(j);
}
