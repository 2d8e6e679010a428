/**
 * A legacy v2 pool on a shared load balancer, with cookie stickiness. As a function of its
 * settings, so the same program runs under the `pulumi` CLI (index.ts) and the repo's stack runner.
 */
import { PoolV2 } from "pulumi-huaweicloud-elb";

export interface V2PoolSettings {
  /** the shared load balancer */
  loadbalancerId: string;
  /** changed in place */
  description?: string;
  /** changed in place (sticky sessions on a cookie the application sets) */
  cookieName?: string;
  /** TCP or HTTP: a change replaces the pool */
  protocol?: "TCP" | "HTTP";
}

export function v2Pool(s: V2PoolSettings) {
  const protocol = s.protocol ?? "HTTP";
  const pool = new PoolV2("legacy", {
    name: "legacy-web",
    description: s.description ?? "shared load balancer backends",
    protocol,
    lbAlgorithm: "LEAST_CONNECTIONS",
    loadbalancerId: s.loadbalancerId,
    sessionPersistence: protocol === "HTTP" ? { type: "APP_COOKIE", cookieName: s.cookieName ?? "session" } : { type: "SOURCE_IP" },
  });
  return { poolId: pool.id, tenantId: pool.tenantId };
}
