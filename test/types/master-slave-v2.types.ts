/**
 * Compile-time tests of the types derived from the MasterSlavePool and PoolV2 schemas. Never run:
 * `npm test` builds with tsc first, and an `@ts-expect-error` that no longer finds its error fails
 * the build.
 */
import * as pulumi from "@pulumi/pulumi";
import { MasterSlavePool, PoolV2, type MasterSlavePoolArgs, type PoolV2Args } from "../../provider";

export function masterSlaveTypes(): unknown[] {
  const members: MasterSlavePoolArgs["members"] = [
    { address: "10.0.0.1", protocolPort: 80, role: "master" },
    { address: pulumi.output("10.0.0.2"), protocolPort: 80, role: "slave", subnetCidrId: "s" },
  ];
  const ok: MasterSlavePoolArgs = {
    protocol: "TCP",
    lbAlgorithm: "ROUND_ROBIN",
    type: "ip",
    listenerId: "l",
    members,
    healthmonitor: { type: "TCP", delay: 5, timeout: 3, maxRetries: 3, monitorPort: null },
  };
  // @ts-expect-error a member's computed id is not an input
  const memberId: MasterSlavePoolArgs["members"] = [{ address: "a", role: "master", id: "m" }];
  // @ts-expect-error the health check's computed id is not an input
  const hmId: MasterSlavePoolArgs["healthmonitor"] = { type: "TCP", delay: 5, timeout: 3, maxRetries: 3, id: "h" };
  // @ts-expect-error roles are master or slave
  const role: MasterSlavePoolArgs["members"] = [{ address: "a", role: "backup" }];
  // @ts-expect-error the health check is required
  const noHm: MasterSlavePoolArgs = { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", type: "ip", members };
  // @ts-expect-error HTTP is not an active/standby protocol
  const http: MasterSlavePoolArgs = { ...ok, protocol: "HTTP" };

  const pool = new MasterSlavePool("ms", ok);
  const ids: pulumi.Output<string | undefined> = pool.members.apply((m) => m[0]!.id);
  const status: pulumi.Output<{ listenerId?: string; operatingStatus?: string }[] | undefined> = pool.members.apply((m) => m[0]!.status);
  const hm: pulumi.Output<string | undefined> = pool.healthmonitor.apply((h) => h.id);
  // a detail (x-detail) is in state only on request: it may be undefined
  const created: pulumi.Output<string | undefined> = pool.createdAt;
  // @ts-expect-error details are not always there
  const alwaysCreated: pulumi.Output<string> = pool.createdAt;
  return [memberId, hmId, role, noHm, http, ids, status, hm, created, alwaysCreated];
}

export function poolV2Types(): unknown[] {
  const ok: PoolV2Args = {
    protocol: "HTTP",
    lbAlgorithm: "ROUND_ROBIN",
    loadbalancerId: "lb",
    sessionPersistence: { type: "APP_COOKIE", cookieName: "c" },
    tenantId: pulumi.output("p"),
  };
  // @ts-expect-error QUIC is not a v2 protocol
  const quic: PoolV2Args = { protocol: "QUIC", lbAlgorithm: "ROUND_ROBIN" };
  // @ts-expect-error computed properties are not inputs
  const computed: PoolV2Args = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", healthmonitorId: "h" };
  const pool = new PoolV2("v2", ok);
  const project: pulumi.Output<string | undefined> = pool.projectId;
  const hm: pulumi.Output<string | null> = pool.healthmonitorId;
  return [quic, computed, project, hm];
}
