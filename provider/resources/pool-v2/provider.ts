/**
 * `PoolV2` against the legacy ELB v2 API (`/v2/{project_id}/elb/pools`): a declaration of the pool
 * kind (../pool-kind.ts). v2 answers carry no `request_id` and no `created_at`.
 */
import { definePoolKind } from "../pool-kind";
import { poolV2Schema } from "./schema";

export const poolV2Kind = definePoolKind({
  schema: poolV2Schema,
  what: "v2 pool",
  api: "v2",
  collection: "pools",
  // v2 pools show no creation time: the look-alikes listed before the POST tell the pool this POST
  // made from one that already existed.
  lookup: { filters: ["name", "protocol"], by: "snapshot" },
  projectFields: ["tenantId"],
  updatable: true,
});
