/** Run with the pulumi CLI: see docs/migrating.md ("A worked example"). */
import * as pulumi from "@pulumi/pulumi";
import { adoptExisting, type AdoptBackend } from "./program";

const config = new pulumi.Config();
const out = adoptExisting({
  poolId: config.require("poolId"),
  loadbalancerId: config.require("loadbalancerId"),
  backends: config.requireObject<AdoptBackend[]>("backends"),
  description: config.get("description"),
  readOnlyPoolId: config.get("readOnlyPoolId"),
  healthMonitorId: config.get("healthMonitorId"),
  healthCheckPath: config.get("healthCheckPath"),
});

export const webPoolId = out.webPoolId;
export const adoptedMembers = out.adoptedMembers;
export const healthMonitorId = out.healthMonitorId;
export const otherPoolName = out.otherPoolName;
