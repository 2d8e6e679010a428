/** Public exports of pulumi-huaweicloud-elb. */
export { Pool, type PoolArgs } from "./resources/pool";
export { MemberBatch, type MemberBatchArgs } from "./resources/member-batch";
export { MasterSlavePool, type MasterSlavePoolArgs } from "./resources/master-slave";
export { PoolV2, type PoolV2Args } from "./resources/pool-v2";
export { HealthMonitor, type HealthMonitorArgs } from "./resources/health-monitor";
