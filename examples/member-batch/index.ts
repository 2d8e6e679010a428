/** Run with the pulumi CLI: the config keys are declared, with their meaning, in Pulumi.yaml. */
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { memberBatch, readServers } from "./program";

const config = new pulumi.Config();
const out = memberBatch({
  loadbalancerId: config.require("loadbalancerId"),
  subnetCidrId: config.require("subnetCidrId"),
  servers: readServers(join(__dirname, config.get("backendsFile") ?? "backends.json")),
  drain: config.getObject<string[]>("drain"),
});

export const poolId = out.poolId;
export const memberCount = out.memberCount;
