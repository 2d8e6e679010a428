/**
 * `MasterSlavePool` against the ELB v3 master-slave API: a declaration of the pool kind
 * (../pool-kind.ts). No update call exists, so the kind declares none and the engine plans every
 * change as a replacement.
 */
import { definePoolKind } from "../pool-kind";
import { masterSlavePoolSchema } from "./schema";

export const masterSlavePoolKind = definePoolKind({
  schema: masterSlavePoolSchema,
  what: "master-slave pool",
  collection: "master-slave-pools",
  lookup: { filters: ["name", "protocol"], by: "createdSince" },
  // Deleting an active/standby pool also deletes its two members and its health check: no cascade path.
  updatable: false,
});
