/**
 * The one route table, assembled from each kind's routes, and the lookup of a request's route.
 */
import { IAM_ROUTES } from "./iam";
import { HEALTH_MONITOR_ROUTES } from "./kinds/health-monitors";
import { LOAD_BALANCER_ROUTES } from "./kinds/load-balancers";
import { MASTER_SLAVE_ROUTES } from "./kinds/master-slave";
import { MEMBER_ROUTES } from "./kinds/members";
import { POOL_ROUTES } from "./kinds/pools";
import { POOL_V2_ROUTES } from "./kinds/pools-v2";
import type { Route } from "./route";

export const ROUTES: readonly Route[] = [
  ...IAM_ROUTES,
  ...POOL_ROUTES,
  ...MEMBER_ROUTES,
  ...LOAD_BALANCER_ROUTES,
  ...MASTER_SLAVE_ROUTES,
  ...POOL_V2_ROUTES,
  ...HEALTH_MONITOR_ROUTES,
];

function decodeParam(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The route for this method and path (without the query), with its decoded parameters. */
export function findRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map(decodeParam) };
  }
  return undefined;
}
