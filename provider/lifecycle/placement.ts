/**
 * Where a resource lives: the region, and the project within it, that its API calls go to (the
 * properties marked `x-placement`: `region` and `projectId` of resources/common.ts). The program may
 * say; else the provider chooses at create (its own region; that region's project), and the outputs
 * record the choice. Every later call of the resource (read, update, delete) goes where its state
 * says, whatever the provider's configuration says by then, so changing `huaweicloud:region` never
 * loses track of a resource. The engine hands the kinds a context for that place and keeps these
 * properties to itself: a kind never sends them to the API.
 */
import type { CheckFailure } from "./check";
import { INPUT_KEYS, recordedPaths } from "./removal";
import type { PlacementKey, ResourceSchema } from "./schema";
import { UNKNOWN } from "./unknown";

type Values = Record<string, unknown>;

/** Where a resource lives, as the program or state says it; what is absent is the provider's choice. */
export interface Placement {
  region?: string;
  projectId?: string;
}

/** What the provider process knows about places (lifecycle/runtime.ts). */
export interface Placements {
  /** The provider's own region (`huaweicloud:region`); throws when the configuration is invalid. */
  home(): string;
  /** Why the provider cannot work in `region` (a sentence naming config keys), or undefined. */
  problem(region: string): string | undefined;
  /** The project the provider chooses in `region`: configured, or discovered through IAM (once per region). */
  project(region: string): Promise<string>;
}

/** What a client says about where it calls (http/client.ts ElbClient). */
interface Placed {
  readonly region: string;
  projectId(): Promise<string>;
}

const KEYS: readonly PlacementKey[] = ["region", "projectId"];
const names = new WeakMap<ResourceSchema, Partial<Record<PlacementKey, string>>>();

/** The schema's placement properties, by what they say. */
export function placementNames(schema: ResourceSchema): Partial<Record<PlacementKey, string>> {
  let found = names.get(schema);
  if (!found) {
    found = {};
    for (const [name, p] of Object.entries(schema.properties)) if (p["x-placement"]) found[p["x-placement"]] = name;
    names.set(schema, found);
  }
  return found;
}

const known = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN;

/** Where `values` (the program's inputs, or the outputs state keeps) say the resource lives. */
export function placementOf(schema: ResourceSchema, values: Values | undefined): Placement {
  const out: Placement = {};
  for (const key of KEYS) {
    const name = placementNames(schema)[key];
    const v = name === undefined ? undefined : values?.[name];
    if (known(v)) out[key] = v;
  }
  return out;
}

/** The inputs a kind sees: the placement properties are the engine's, never sent to the API. */
export function withoutPlacement(schema: ResourceSchema, values: Values): Values {
  const drop = new Set(Object.values(placementNames(schema)));
  return drop.size === 0 ? values : Object.fromEntries(Object.entries(values).filter(([k]) => !drop.has(k)));
}

/** The outputs' placement properties: where `client` calls (its region, and its project, discovered if need be). */
export async function placedBy(schema: ResourceSchema, client: Placed): Promise<Values> {
  const { region, projectId } = placementNames(schema);
  const out: Values = {};
  if (region) out[region] = client.region;
  if (projectId) out[projectId] = await client.projectId();
  return out;
}

/**
 * State written before places were recorded (no `region` output): it lives in the provider's region, which is
 * only right while `huaweicloud:region` stays. Diff answers "changes" for it, and the update that sends nothing
 * records where it lives, so a later change of the provider's region loses track of nothing.
 */
export function placementUnrecorded(schema: ResourceSchema, olds: Values | undefined): boolean {
  const { region } = placementNames(schema);
  // outputs the provider wrote (they record the program's keys) that do not say where the resource lives
  return region !== undefined && olds !== undefined && Array.isArray(olds[INPUT_KEYS]) && olds[region] === undefined;
}

/** check: a region the provider cannot work in (a token scoped to its own region, an endpoint of one region). */
export function placementFailures(schema: ResourceSchema, inputs: Values, placements: Placements | undefined): CheckFailure[] {
  const name = placementNames(schema).region;
  const region = name === undefined ? undefined : inputs[name];
  const problem = placements && known(region) ? placements.problem(region) : undefined;
  return problem && name ? [{ property: name, reason: problem }] : [];
}

/**
 * What diff and update compare with: the outputs `olds`, filled where state written before places were
 * recorded says nothing (it lives where reads of it go: the provider's region and that region's project)
 * and the program now names the place; and `provided`, the provider's current choices for the placement
 * properties the program set before and has removed (their rule `provider`): its own region, and the
 * project of the region the resource would be in (which may take an IAM lookup).
 */
export async function placementView(
  schema: ResourceSchema,
  olds: Values,
  news: Values,
  placements: Placements | undefined,
): Promise<{ olds: Values; provided: Values }> {
  const { region, projectId } = placementNames(schema);
  if (!placements || (!region && !projectId)) return { olds, provided: {} };
  const filled = { ...olds };
  if (region && filled[region] === undefined && news[region] !== undefined) filled[region] = placements.home();
  if (projectId && filled[projectId] === undefined && news[projectId] !== undefined) {
    const where = (region ? filled[region] : undefined) ?? placements.home();
    if (known(where)) filled[projectId] = await placements.project(where);
  }
  const removed = (name: string | undefined): name is string =>
    name !== undefined && news[name] === undefined && recordedPaths(olds).includes(name);
  const provided: Values = {};
  if (removed(region)) provided[region] = placements.home();
  if (removed(projectId)) {
    const where = (region ? (news[region] ?? provided[region] ?? filled[region]) : undefined) ?? placements.home();
    if (known(where)) provided[projectId] = await placements.project(where);
  }
  return { olds: filled, provided };
}
