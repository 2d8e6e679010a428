/** `Pool` against the ELB v3 API: a declaration of the pool kind (../pool-kind.ts); check and diff come from the schema. */
import { definePoolKind } from "../pool-kind";
import { poolSchema } from "./schema";

export const poolKind = definePoolKind({
  schema: poolSchema,
  what: "pool",
  collection: "pools",
  lookup: { filters: ["protocol", "name", "listenerId", "loadbalancerId"], by: "createdSince" },
  // delete-cascade also removes members and the health check, which would otherwise hold the pool (409).
  deleteCascade: true,
  updatable: true,
});
