/**
 * Compile-time tests of the types derived from HealthMonitor's schema. Never run: `npm test` builds
 * with tsc first, and an `@ts-expect-error` that no longer finds its error fails the build.
 */
import * as pulumi from "@pulumi/pulumi";
import { HealthMonitor, Pool, type HealthMonitorArgs } from "../../provider";

export function healthMonitorTypes(): unknown[] {
  const pool = new Pool("p", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb" });
  const ok: HealthMonitorArgs = {
    poolId: pool.id,
    type: "HTTP",
    delay: 5,
    timeout: pulumi.output(3),
    maxRetries: 3,
    monitorPort: null,
    domainName: null,
    urlPath: "/healthz",
    adminStateUp: false,
  };
  // @ts-expect-error poolId is required
  const missing: HealthMonitorArgs = { type: "TCP", delay: 5, timeout: 3, maxRetries: 3 };
  // @ts-expect-error not one of the check types
  const badType: HealthMonitorArgs = { poolId: "p", type: "PING", delay: 5, timeout: 3, maxRetries: 3 };
  // @ts-expect-error computed properties are not inputs
  const computed: HealthMonitorArgs = { poolId: "p", type: "TCP", delay: 5, timeout: 3, maxRetries: 3, pools: [] };
  // @ts-expect-error urlPath cannot be null (only monitorPort and domainName clear with null)
  const nullPath: HealthMonitorArgs = { poolId: "p", type: "TCP", delay: 5, timeout: 3, maxRetries: 3, urlPath: null };

  const hm = new HealthMonitor("hm", ok);
  const pools: pulumi.Output<{ id: string }[]> = hm.pools;
  const type: pulumi.Output<"TCP" | "UDP_CONNECT" | "HTTP" | "HTTPS"> = hm.type;
  const port: pulumi.Output<number | null | undefined> = hm.monitorPort;
  return [missing, badType, computed, nullPath, pools, type, port];
}
