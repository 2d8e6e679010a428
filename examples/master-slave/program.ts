/**
 * An active/standby pool: traffic goes to the master; the slave takes over when the health check
 * marks the master down. As a function of its settings, so the same program runs under the `pulumi`
 * CLI (index.ts reads stack config) and under the repo's stack runner (the demo and the tests).
 */
import { MasterSlavePool } from "pulumi-huaweicloud-elb";

export interface MasterSlaveSettings {
  /** a TCP listener with no pool yet */
  listenerId: string;
  /** the subnet of the two backends */
  subnetId: string;
  /** addresses of the active and the standby backend */
  masterAddress: string;
  slaveAddress: string;
  /** seconds between health checks; the API has no update call, so a change replaces the pool */
  healthCheckDelay?: number;
  /** an existing active/standby pool to take under management instead of creating one */
  adoptId?: string;
}

export function masterSlave(s: MasterSlaveSettings) {
  const pool = new MasterSlavePool("db", {
    adoptId: s.adoptId,
    name: "db-active-standby",
    protocol: "TCP",
    lbAlgorithm: "ROUND_ROBIN",
    type: "instance",
    listenerId: s.listenerId,
    connectionDrain: { enable: true, timeout: 30 },
    members: [
      { name: "db-a", address: s.masterAddress, protocolPort: 5432, subnetCidrId: s.subnetId, role: "master" },
      { name: "db-b", address: s.slaveAddress, protocolPort: 5432, subnetCidrId: s.subnetId, role: "slave" },
    ],
    healthmonitor: { type: "TCP", delay: s.healthCheckDelay ?? 5, timeout: 3, maxRetries: 3, maxRetriesDown: 2 },
  });

  return { poolId: pool.id, members: pool.members, healthmonitorId: pool.healthmonitor.apply((h) => h.id) };
}
