/** Public exports of pulumi-huaweicloud-elb. */
export { Pool, type PoolArgs } from "./resources/pool";
