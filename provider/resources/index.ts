/** Every resource schema of the package, for generated documentation and tests. */
import { memberBatchSchema } from "./member-batch/schema";
import { poolSchema } from "./pool/schema";
import type { ResourceSchema } from "../lifecycle/schema";

export const schemas: readonly ResourceSchema[] = [poolSchema, memberBatchSchema];
