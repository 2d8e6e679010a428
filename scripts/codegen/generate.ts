/**
 * `npm run codegen`'s generator: each resource schema becomes plain TypeScript interfaces, its
 * `...Args` (inputs, every value a `pulumi.Input` at every depth, as generated Pulumi SDKs type
 * them) and its output properties, each property with its TSDoc. The schema stays the single
 * source: test/unit/codegen.test.ts fails when a checked-in file differs from what this produces,
 * and test/types/generated.types.ts checks that the interfaces equal the types computed from the schema.
 */
import type { PropSchema, ResourceSchema } from "../../provider/lifecycle/schema";
import { comment, propertyDoc, type Where } from "./tsdoc";

type Side = Where["side"];

/** kebab-case file name of a resource kind (`MasterSlavePool` → `master-slave-pool`). */
export function fileName(schema: ResourceSchema): string {
  return schema.title.replace(/[a-z0-9][A-Z]/g, (s) => `${s[0]}-${s[1]}`).toLowerCase();
}

const pascal = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
/** The name of an array's item type: `members` → `Member`, `status` → `StatusItem`. */
const itemName = (s: string): string => (/[^su]s$/.test(s) ? pascal(s.slice(0, -1)) : `${pascal(s)}Item`);

/** A value's place: the path of segments its interface names are made of, and its level. */
interface Place {
  readonly path: readonly string[];
  readonly level: Where["level"];
  /** The property path as a program writes it (`members[].status`), for the interface's doc. */
  readonly doc: string;
  /** On an identity array's item: the identity fields. */
  readonly identity?: readonly string[];
}

class Emitter {
  readonly blocks: string[] = [];
  constructor(readonly schema: ResourceSchema) {}

  /** The TypeScript type of a value (without Input wrapping at the top). */
  valueType(p: PropSchema, side: Side, at: Place): string {
    let t: string;
    if (p.enum) t = p.enum.map((v) => JSON.stringify(v)).join(" | ");
    else if (p.const !== undefined) t = JSON.stringify(p.const);
    else if (p.type === "string") t = "string";
    else if (p.type === "integer" || p.type === "number") t = "number";
    else if (p.type === "boolean") t = "boolean";
    else if (p.type === "array" && p.items) {
      const last = at.path[at.path.length - 1]!;
      const path = [...at.path.slice(0, -1), itemName(last)];
      const identity = p["x-identity"];
      const item = this.valueType(
        p.items,
        side,
        identity ? { path, doc: `${at.doc}[]`, level: "item", identity } : { path, doc: `${at.doc}[]`, level: "nested" },
      );
      t = side === "input" ? `pulumi.Input<${item}>[]` : `${item.includes(" ") ? `(${item})` : item}[]`;
    } else if (p.type === "object" && p.properties) t = this.objectType(p, side, at);
    else t = "unknown";
    return p.nullable ? `${t} | null` : t;
  }

  /** Emits a named interface for an object and returns its name. */
  objectType(p: PropSchema, side: Side, at: Place): string {
    const iface = `${this.schema.title}${at.path.join("")}${side === "input" ? "Args" : ""}`;
    const members = Object.entries(p.properties ?? {})
      .filter(([, sub]) => side === "output" || !sub.readOnly)
      .map(([k, sub]) => this.member(k, sub, (p.required ?? []).includes(k), side, at));
    const what = at.level === "item" ? "An item" : "The value";
    const doc = comment([`${what} of \`${this.schema.title}\` \`${at.doc.replace(/\[\]$/, "")}\`.`]);
    if (!this.blocks.some((b) => b.includes(`export interface ${iface} {`)))
      this.blocks.push(`${doc}export interface ${iface} {\n${members.join("")}}\n`);
    return iface;
  }

  member(k: string, p: PropSchema, required: boolean, side: Side, parent: Place): string {
    const level: Where["level"] = parent.level === "item" ? "item" : "nested";
    const identity = parent.identity?.includes(k);
    const t = this.valueType(p, side, { path: [...parent.path, pascal(k)], doc: `${parent.doc}.${k}`, level: "nested" });
    const doc = comment(propertyDoc(p, { schema: this.schema, name: k, level, side, identity }), "  ");
    const opt = required ? "" : "?";
    return side === "input" ? `${doc}  ${k}${opt}: pulumi.Input<${t}>;\n` : `${doc}  ${k}${opt}: ${t};\n`;
  }
}

/** The generated module of one resource kind. */
export function generate(schema: ResourceSchema, source: string): string {
  const e = new Emitter(schema);
  const args: string[] = [];
  const outs: string[] = [];
  for (const [k, p] of Object.entries(schema.properties)) {
    const required = schema.required.includes(k);
    const docIn = comment(propertyDoc(p, { schema, name: k, level: "top", side: "input" }), "  ");
    const docOut = comment(propertyDoc(p, { schema, name: k, level: "top", side: "output" }), "  ");
    if (!p.readOnly)
      args.push(
        `${docIn}  ${k}${required ? "" : "?"}: pulumi.Input<${e.valueType(p, "input", { path: [pascal(k)], doc: k, level: "top" })}>;\n`,
      );
    if (k === "id") continue;
    const t = e.valueType(p, "output", { path: [pascal(k)], doc: k, level: "top" });
    const always = required || (p.readOnly && !p["x-detail"]) || p["x-placement"] !== undefined;
    outs.push(`${docOut}  readonly ${k}: pulumi.Output<${always ? t : `${t} | undefined`}>;\n`);
  }
  const title = schema.title;
  return [
    `// Generated by \`npm run codegen\` from ${source}: do not edit. Change the schema and run it again.\n`,
    `import type * as pulumi from "@pulumi/pulumi";\n`,
    `${comment([`The inputs of \`${title}\`.`, ...(schema.description ? [schema.description] : [])])}export interface ${title}Args {\n${args.join("")}}\n`,
    `${comment([`The output properties of \`${title}\` (the resource's own ID is \`id\`).`])}export interface ${title}Outputs {\n${outs.join("")}}\n`,
    ...e.blocks,
  ].join("\n");
}
