// What `pulumi preview --diff` prints for an update of a dynamic resource, ported from the engine's display
// (pkg/backend/display/object_diff.go over sdk/go/common/resource/properties_diff.go): a dynamic provider
// returns no detailed diff, so the engine shows the old checked inputs against the new checked inputs.
// Rules kept: objects compared key by key, arrays index by index, keys starting with "__" hidden,
// unchanged top-level properties printed as context, inside a changed object or array only the changes.
import { deepEqual, isEngineKey } from "./values";

type Values = Record<string, unknown>;

const isObj = (v: unknown): v is Values => v !== null && typeof v === "object" && !Array.isArray(v);
const show = (v: unknown): string => JSON.stringify(v) ?? "undefined";
const pad = (depth: number) => "    ".repeat(depth);

function entries(v: unknown): [string, unknown][] {
  if (Array.isArray(v)) return v.map((x, i) => [`[${i}]`, x]);
  return isObj(v) ? Object.entries(v).filter(([k]) => !isEngineKey(k)) : [];
}

/** The lines of one changed value: `~` with old => new, or a bracketed block of the changed entries inside. */
function changed(key: string, a: unknown, b: unknown, depth: number): string[] {
  const sameShape = (Array.isArray(a) && Array.isArray(b)) || (isObj(a) && isObj(b));
  if (!sameShape) return [`${pad(depth)}~ ${key}: ${show(a)} => ${show(b)}`];
  const [open, close] = Array.isArray(a) ? ["[", "]"] : ["{", "}"];
  return [`${pad(depth)}~ ${key}: ${open}`, ...diffEntries(a, b, depth + 1, false), `${pad(depth)}  ${close}`];
}

function diffEntries(a: unknown, b: unknown, depth: number, context: boolean): string[] {
  const olds = new Map(entries(a));
  const news = new Map(entries(b));
  const keys = [...new Set([...olds.keys(), ...news.keys()])];
  if (!Array.isArray(a) || !Array.isArray(b)) keys.sort();
  const lines: string[] = [];
  for (const k of keys) {
    const [o, n] = [olds.get(k), news.get(k)];
    if (!olds.has(k)) lines.push(`${pad(depth)}+ ${k}: ${show(n)}`);
    else if (!news.has(k)) lines.push(`${pad(depth)}- ${k}: ${show(o)}`);
    else if (!deepEqual(o, n)) lines.push(...changed(k, o, n, depth));
    else if (context) lines.push(`${pad(depth)}  ${k}: ${show(n)}`);
  }
  return lines;
}

/** The text the engine's display prints for an update of `type` `name` from `oldInputs` to `newInputs`. */
export function renderUpdate(type: string, name: string, oldInputs: Values, newInputs: Values): string {
  return [`  ~ ${type}: (update) ${name}`, ...diffEntries(oldInputs, newInputs, 1, true)].join("\n");
}

/** The changed lines of a rendering, by their mark ("+", "-", "~"). */
export function markedLines(rendered: string, mark: "+" | "-" | "~"): string[] {
  return rendered
    .split("\n")
    .slice(1)
    .filter((l) => l.trimStart().startsWith(`${mark} `));
}
