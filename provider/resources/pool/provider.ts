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
  extraReplaces(olds, news, outcome) {
    const set = (v: unknown) => typeof v === "string" && v !== "";
    // Setting type "ip" in place is refused while the pool holds a vpcId the program does not clear.
    return outcome.updates.includes("type") && news.type === "ip" && news.vpcId === undefined && set(olds.vpcId) ? ["type"] : [];
  },
});
