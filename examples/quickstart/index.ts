/** Run with the pulumi CLI: the config keys are declared, with their meaning, in Pulumi.yaml. */
import * as pulumi from "@pulumi/pulumi";
import { quickstart, type Backend } from "./program";

const config = new pulumi.Config();
const out = quickstart({
  loadbalancerId: config.require("loadbalancerId"),
  listenerId: config.require("listenerId"),
  webDescription: config.get("webDescription"),
  tcpIpVersion: config.get("tcpIpVersion") as "v4" | "dualstack" | undefined,
  subnetCidrId: config.require("subnetCidrId"),
  webBackends: config.getObject<Backend[]>("webBackends"),
});

export const webPoolId = out.webPoolId;
export const webHealthMonitorId = out.webHealthMonitorId;
export const tcpPoolId = out.tcpPoolId;
export const webMemberIds = out.webMemberIds;
