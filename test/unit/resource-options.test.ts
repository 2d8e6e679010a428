/** The deleteBeforeReplace option each resource class sets from its schema's x-delete-before-replace rule. */
import { resourceOptions } from "../../provider/lifecycle/resource";
import { healthMonitorSchema } from "../../provider/resources/health-monitor/schema";
import { masterSlavePoolSchema } from "../../provider/resources/master-slave/schema";
import { memberBatchSchema } from "../../provider/resources/member-batch/schema";
import { poolV2Schema } from "../../provider/resources/pool-v2/schema";
import { poolSchema } from "../../provider/resources/pool/schema";

test("a pool kind deletes first only when the program binds it to a listener", () => {
  for (const schema of [poolSchema, poolV2Schema, masterSlavePoolSchema]) {
    expect(resourceOptions(schema, { listenerId: "l-1" }, undefined)).toEqual({ deleteBeforeReplace: true });
    expect(resourceOptions(schema, { loadbalancerId: "lb-1" }, { protect: true })).toEqual({ protect: true });
    expect(resourceOptions(schema, { listenerId: undefined }, undefined)).toBeUndefined();
  }
});

test("a health check and a member set always delete first", () => {
  for (const schema of [healthMonitorSchema, memberBatchSchema]) {
    expect(resourceOptions(schema, {}, { retainOnDelete: true })).toEqual({ retainOnDelete: true, deleteBeforeReplace: true });
  }
});

test("the program's own option wins, either way", () => {
  expect(resourceOptions(memberBatchSchema, {}, { deleteBeforeReplace: false })).toEqual({ deleteBeforeReplace: false });
  expect(resourceOptions(poolSchema, {}, { deleteBeforeReplace: true })).toEqual({ deleteBeforeReplace: true });
});
