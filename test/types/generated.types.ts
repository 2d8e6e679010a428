/**
 * Compile-time test: the generated interfaces (provider/generated/, `npm run codegen`) are the
 * types computed from the schemas (provider/lifecycle/types.ts), in both directions. A schema change
 * not regenerated, or a generator that types a keyword wrongly, fails the build (`npm test` runs tsc).
 */
import type { ArgsOf, OutputsOf } from "../../provider/lifecycle/types";
import type { PoolSchema } from "../../provider/resources/pool/schema";
import type { MemberBatchSchema } from "../../provider/resources/member-batch/schema";
import type { MasterSlavePoolSchema } from "../../provider/resources/master-slave/schema";
import type { PoolV2Schema } from "../../provider/resources/pool-v2/schema";
import type { HealthMonitorSchema } from "../../provider/resources/health-monitor/schema";
import type * as gen from "../../provider";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type GeneratedMatchesSchemas = [
  Assert<Same<gen.PoolArgs, ArgsOf<PoolSchema>>>,
  Assert<Same<gen.PoolOutputs, OutputsOf<PoolSchema>>>,
  Assert<Same<gen.MemberBatchArgs, ArgsOf<MemberBatchSchema>>>,
  Assert<Same<gen.MemberBatchOutputs, OutputsOf<MemberBatchSchema>>>,
  Assert<Same<gen.MasterSlavePoolArgs, ArgsOf<MasterSlavePoolSchema>>>,
  Assert<Same<gen.MasterSlavePoolOutputs, OutputsOf<MasterSlavePoolSchema>>>,
  Assert<Same<gen.PoolV2Args, ArgsOf<PoolV2Schema>>>,
  Assert<Same<gen.PoolV2Outputs, OutputsOf<PoolV2Schema>>>,
  Assert<Same<gen.HealthMonitorArgs, ArgsOf<HealthMonitorSchema>>>,
  Assert<Same<gen.HealthMonitorOutputs, OutputsOf<HealthMonitorSchema>>>,
];
