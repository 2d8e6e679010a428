// One truth scenario: a resource created from configuration A, then the program changed to B, through the
// SDK's dynamic-provider server (the engine's calls, in the engine's order) against the emulator. Each
// invariant the issue names is checked and any breach is reported as a sentence; nothing here asserts.
import { autonamedProperty } from "../../provider/lifecycle/autoname";
import type { Emulator } from "../../emulator";
import type { ProviderServer } from "../provider-client";
import { urnFor } from "../provider-client";
import { satisfies } from "../../provider/lifecycle/diff";
import { recordedPaths } from "../../provider/lifecycle/removal";
import { removalRule, type PropSchema, type ResourceSchema } from "../../provider/lifecycle/schema";

type Props = Record<string, unknown>;

/** What a scenario is run with. */
export interface KindUnderTest {
  /** The kind's name (the type token's last part). */
  kind: string;
  schema: ResourceSchema;
  /** The real serialized `__provider` of the kind. */
  providerText: string;
}

export interface Scenario {
  a: Props;
  b: Props;
  /** B as preview sees it: some values not known yet (the engine's sentinel), or undefined. */
  bUnknown?: Props;
}

export interface Outcome {
  /** The plan preview showed for A → B ("refused": check failed on B; "skipped": A itself was refused). */
  plan: "none" | "update" | "replace" | "refused" | "skipped";
  /** Removed properties whose removal rule was checked against the cloud. */
  removals: number;
  /** Breached invariants, one sentence each. */
  violations: string[];
}

/** Top-level and nested paths A sets that B no longer sets, with a reset value. */
export function removedResets(schema: ResourceSchema, a: Props, b: Props): { path: string[]; reset: unknown }[] {
  const out: { path: string[]; reset: unknown }[] = [];
  const walk = (props: { readonly [k: string]: PropSchema } | undefined, x: unknown, y: unknown, path: string[]) => {
    if (!props || x === null || typeof x !== "object" || Array.isArray(x)) return;
    if (y === null || typeof y !== "object" || Array.isArray(y)) return;
    for (const [k, v] of Object.entries(x as Props)) {
      if (v === undefined) continue;
      const p = props[k];
      const w = (y as Props)[k];
      const rule = removalRule(p);
      if (w === undefined && typeof rule === "object") out.push({ path: [...path, k], reset: rule.reset });
      else if (w !== undefined) walk(p?.properties, v, w, [...path, k]);
    }
  };
  walk(schema.properties, a, b, []);
  return out;
}

const at = (v: unknown, path: string[]): unknown =>
  path.reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Props)[k] : undefined), v);

/** A value and an API default that both say "off". */
const resetHolds = (reset: unknown, held: unknown) => satisfies(reset, held) || (reset === null && held === undefined);

const verdict = (d: { changes: string; replaces: string[] }): Outcome["plan"] =>
  d.changes === "none" ? "none" : d.replaces.length > 0 ? "replace" : "update";

/** Runs one scenario; the resources it creates are deleted before it returns. */
export async function runScenario(server: ProviderServer, emu: Emulator, k: KindUnderTest, s: Scenario, n: number): Promise<Outcome> {
  const urn = urnFor(`pulumi-nodejs:dynamic/huaweicloud-elb:${k.kind}`, `truth-${n}`);
  const withProvider = (p: Props) => ({ ...p, __provider: k.providerText });
  const violations: string[] = [];
  const checkedA = await server.check(urn, {}, withProvider(s.a));
  if (checkedA.failures.length > 0) return { plan: "skipped", removals: 0, violations };
  let created: { id: string; properties: Props };
  try {
    created = await server.create(urn, checkedA.inputs);
  } catch (e) {
    return { plan: "skipped", removals: 0, violations: [`create of a checked A failed: ${(e as Error).message}`] };
  }
  let { id, properties: outs } = created;
  const live: { id: string; outs: Props }[] = [{ id, outs }];
  try {
    // preview: Check and Diff only, and not one request to the API
    emu.resetCounts();
    if (s.bUnknown) {
      const u = await server.check(urn, checkedA.inputs, withProvider(s.bUnknown));
      if (u.failures.length === 0) {
        const d = await server.diff(urn, id, outs, u.inputs, checkedA.inputs);
        if (d.changes === "none") violations.push("a preview with unknowns planned no change");
      }
    }
    const checkedB = await server.check(urn, checkedA.inputs, withProvider(s.b));
    if (checkedB.failures.length > 0) {
      if (emu.count() > 0) violations.push("preview (a refused check) sent a request");
      return { plan: "refused", removals: 0, violations };
    }
    const diff = await server.diff(urn, id, outs, checkedB.inputs, checkedA.inputs);
    if (emu.count() > 0) violations.push(`preview sent ${emu.count()} request(s)`);
    const plan = verdict(diff);
    // up does what preview said
    if (plan === "update") {
      try {
        outs = (await server.update(urn, id, outs, checkedB.inputs, checkedA.inputs)).properties;
        live[0].outs = outs;
      } catch (e) {
        violations.push(`the planned update was refused: ${(e as Error).message}`);
        return { plan, removals: 0, violations };
      }
    } else if (plan === "replace") {
      try {
        ({ id, properties: outs } = await server.create(urn, checkedB.inputs));
        live.push({ id, outs });
      } catch (e) {
        violations.push(`the planned replacement's create failed: ${(e as Error).message}`);
        return { plan, removals: 0, violations };
      }
    }
    await afterUp(server, urn, id, outs, checkedB.inputs, violations);
    // a replacement creates anew from B (the API's create defaults); an update or no change must hold the resets
    const removed = plan === "replace" ? [] : removedResets(k.schema, s.a, s.b);
    if (removed.length > 0) {
      const held = (await server.read(urn, id, outs)).properties;
      for (const r of removed) {
        // an autonamed property goes back to the autoname check gave it, not to the declared reset
        const reset = r.path.length === 1 && r.path[0] === autonamedProperty(k.schema) ? checkedB.inputs[r.path[0]] : r.reset;
        if (!resetHolds(reset as typeof r.reset, at(held, r.path)))
          violations.push(`removing ${r.path.join(".")} left ${JSON.stringify(at(held, r.path))}, not ${JSON.stringify(reset)}`);
      }
    }
    return { plan, removals: removed.length, violations };
  } finally {
    for (const r of live.reverse()) await server.delete(urn, r.id, r.outs).catch(() => undefined);
  }
}

/**
 * After up: the next preview is empty; after a refresh with no drift, too; refreshed inputs have the keys the
 * state recorded as the program's (those of the last create or update: a plan with no change records none).
 */
async function afterUp(server: ProviderServer, urn: string, id: string, outs: Props, news: Props, violations: string[]): Promise<void> {
  const again = await server.diff(urn, id, outs, news, news);
  if (again.changes !== "none") violations.push(`after up the preview is not empty (replaces ${JSON.stringify(again.replaces)})`);
  const refreshed = await server.read(urn, id, outs, news);
  if (!refreshed.id) return void violations.push("refresh found the resource gone");
  const afterRefresh = await server.diff(urn, id, refreshed.properties, news, refreshed.inputs);
  if (afterRefresh.changes !== "none") violations.push("after a refresh with no drift the preview is not empty");
  const keys = (p: Props | undefined) =>
    Object.keys(p ?? {})
      .filter((k) => !k.startsWith("__"))
      .sort();
  const recorded = [...new Set(recordedPaths(outs).map((p) => p.split(/[.[]/)[0]))].sort();
  if (refreshed.inputs && JSON.stringify(keys(refreshed.inputs)) !== JSON.stringify(recorded))
    violations.push(`refreshed inputs ${JSON.stringify(keys(refreshed.inputs))} are not the program's ${JSON.stringify(recorded)}`);
}
