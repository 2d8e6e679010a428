/** Run with the pulumi CLI: the config keys are declared, with their meaning, in Pulumi.yaml. */
import * as pulumi from "@pulumi/pulumi";
import { masterSlave } from "./program";

const config = new pulumi.Config();
const out = masterSlave({
  listenerId: config.require("listenerId"),
  subnetId: config.require("subnetId"),
  masterAddress: config.require("masterAddress"),
  slaveAddress: config.require("slaveAddress"),
  healthCheckDelay: config.getNumber("healthCheckDelay"),
});

export const poolId = out.poolId;
export const members = out.members;
export const healthmonitorId = out.healthmonitorId;
