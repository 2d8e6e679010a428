/** URNs as the engine makes them (deployment.generateURN): the parent's whole type chain, the root stack left out. */
import * as pulumi from "@pulumi/pulumi";
import { FIXTURE_IDS } from "../../emulator";
import { Pool } from "../../provider";
import { registrations, urnOf } from "../../harness";

test("a resource two components down carries both components' types; one of the stack carries none", async () => {
  const regs = await registrations(() => {
    const a = new pulumi.ComponentResource("my:x:A", "a");
    const b = new pulumi.ComponentResource("my:x:B", "b", {}, { parent: a });
    new Pool("p", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbMain }, { parent: b });
  });
  expect(regs.map((r) => r.urn)).toEqual([
    "urn:pulumi:stack::project::my:x:A::a",
    "urn:pulumi:stack::project::my:x:A$my:x:B::b",
    "urn:pulumi:stack::project::my:x:A$my:x:B$pulumi-nodejs:dynamic/huaweicloud-elb:Pool::p",
  ]);
  const stackUrn = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
  expect(urnOf("my:x:A", "a", stackUrn, "proj", "dev")).toBe("urn:pulumi:dev::proj::my:x:A::a");
});
