/** Every resource schema of the package, for generated documentation and tests. */
import { memberBatchSchema } from "./member-batch/schema";
import { poolSchema } from "./pool/schema";
import { masterSlavePoolSchema } from "./master-slave/schema";
import { poolV2Schema } from "./pool-v2/schema";
import { healthMonitorSchema } from "./health-monitor/schema";
import type { ResourceSchema } from "../lifecycle/schema";

export const schemas: readonly ResourceSchema[] = [poolSchema, memberBatchSchema, masterSlavePoolSchema, poolV2Schema, healthMonitorSchema];
