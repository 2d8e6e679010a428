/** Public exports of pulumi-huaweicloud-elb. */
export { Pool, type PoolArgs } from "./resources/pool";
export { MemberBatch, type MemberBatchArgs } from "./resources/member-batch";
