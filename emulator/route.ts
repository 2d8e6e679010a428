/**
 * What a route is: a method and a path pattern, the service it belongs to, and a thin handler that
 * hands the request to its kind's model. Each kind declares its routes next to its model; `routes.ts`
 * assembles the one table.
 */
import type { Credential, TokenStore } from "./auth";
import type { Faults } from "./faults";
import type { Query } from "./lists";
import type { Store } from "./store";

/** One region of the account: its project (IAM lists it by the region's name) and that project's records. */
export interface RegionScope {
  region: string;
  projectId: string;
  store: Store;
}

/**
 * Everything a handler may use. `store`, `region` and `projectId` are those of the project the request
 * addresses (ELB routes; the home region's for IAM routes); `regions` lists every region, the home one first.
 */
export interface RouteDeps {
  store: Store;
  faults: Faults;
  tokens: TokenStore;
  credentials: Map<string, Credential>;
  now: () => number;
  auth: boolean;
  region: string;
  projectId: string;
  regions: readonly RegionScope[];
  user: string;
  password: string;
}

export interface Result {
  status: number;
  body?: object;
  headers?: Record<string, string>;
}

export interface Call {
  /** the pattern's groups, decoded; ELB routes carry the project ID first */
  params: string[];
  query: Query;
  body: unknown;
  baseUrl: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** ELB routes carry the project ID as the first parameter and answer with `request_id` in the body */
  service: "elb" | "iam";
  /** reachable without credentials (the token API itself) */
  open?: boolean;
  handle(deps: RouteDeps, call: Call): Result;
}

/** A success answer (no body for 204). */
export const ok = (status: number, body?: object): Result => (body ? { status, body } : { status });

/** The n-th path parameter after the project ID (`param(c, 1)` = the first ID in the path). */
export function param(call: Call, index: number): string {
  const value = call.params[index];
  if (value === undefined) throw new Error(`route has no parameter ${index}`);
  return value;
}

/** An ELB route: `path` is what follows `/{version}/{project_id}/elb`, `{id}` marks an ID segment. */
export function elbRoute(method: string, version: "v2" | "v3", path: string, handle: Route["handle"]): Route {
  const source = path.replace(/\{id\}/g, "([^/]+)").replace(/\//g, "\\/");
  return { method, pattern: new RegExp(`^\\/${version}\\/([^/]+)\\/elb${source}$`), service: "elb", handle };
}
