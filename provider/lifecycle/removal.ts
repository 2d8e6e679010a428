/**
 * What a program's silence means. A property the program never set is "no opinion"; one it set
 * before and no longer sets follows its declared `x-removal` rule: `keep` (the cloud keeps its value),
 * `{ reset }` (back to that value), `provider` (the provider's choice) or, for a nested field, `default`
 * (the API's own default). The
 * outputs record which paths the program set (`__inputKeys`), so diff knows what was set before.
 */
import { removalRule, type PropSchema, type ResourceSchema } from "./schema";
import { isObject } from "./wire";

/** Outputs record the dotted paths of the values the program set. */
export const INPUT_KEYS = "__inputKeys";

type Values = Record<string, unknown>;

export interface Desired {
  /** The program's inputs with every removed property at its reset value: what the cloud must hold. */
  inputs: Values;
  /** Top-level properties a nested field of which goes back to an API default (the object is sent without it). */
  defaulted: string[];
}

/** The paths the program set, as the outputs record them (none for state written before they were recorded). */
export function recordedPaths(olds: Values): string[] {
  const keys = olds[INPUT_KEYS];
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string") : [];
}

/** A reset value, copied so that no two states share an object. */
function resetValue(p: PropSchema | undefined): { value: unknown } | undefined {
  const rule = removalRule(p);
  return typeof rule === "object" ? { value: structuredClone(rule.reset) } : undefined;
}

/**
 * Apply one removed path (`a.b.c`) to `inputs` (a copy of the program's `news`): the first segment the
 * program no longer sets decides. A parent that is now null or unknown was changed whole: nothing to do.
 */
function applyRemoval(schema: ResourceSchema, news: Values, inputs: Values, path: string, defaulted: Set<string>, provided: Values): void {
  const segs = path.split(".");
  let props: { readonly [name: string]: PropSchema } | undefined = schema.properties;
  let src: Values = news;
  let dst: Values = inputs;
  for (const seg of segs) {
    const p: PropSchema | undefined = props?.[seg];
    if (!p || p.readOnly) return;
    if (src[seg] === undefined) {
      // the provider's choice, when the caller worked it out (else nothing to compare: kept)
      if (removalRule(p) === "provider") {
        if (src === news && Object.hasOwn(provided, seg)) dst[seg] = provided[seg];
        return;
      }
      const reset = resetValue(p);
      if (reset) dst[seg] = reset.value;
      else if (src !== news && removalRule(p) === "default") defaulted.add(segs[0]);
      return;
    }
    const [nextSrc, nextDst] = [src[seg], dst[seg]];
    if (!isObject(nextSrc) || !isObject(nextDst)) return;
    [src, dst, props] = [nextSrc, nextDst, p.properties];
  }
}

/**
 * What the program's inputs (`news`) ask the cloud to hold, given what it set before (`olds`, the outputs).
 * `provided`: the provider's choices for the removed properties whose rule is `provider` (./placement.ts).
 */
export function desiredInputs(schema: ResourceSchema, olds: Values, news: Values, provided: Values = {}): Desired {
  const paths = recordedPaths(olds).filter((path) => !path.includes("[]"));
  if (paths.length === 0) return { inputs: news, defaulted: [] };
  const inputs = structuredClone(news);
  const defaulted = new Set<string>();
  for (const path of paths) applyRemoval(schema, news, inputs, path, defaulted, provided);
  return { inputs, defaulted: [...defaulted] };
}
