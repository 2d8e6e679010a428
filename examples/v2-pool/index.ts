/** Run with the pulumi CLI: see the README ("Running with the pulumi CLI"). */
import * as pulumi from "@pulumi/pulumi";
import { v2Pool } from "./program";

const config = new pulumi.Config();
const out = v2Pool({
  loadbalancerId: config.require("loadbalancerId"),
  description: config.get("description"),
  cookieName: config.get("cookieName"),
  protocol: config.get("protocol") as "TCP" | "HTTP" | undefined,
});

export const poolId = out.poolId;
export const tenantId = out.tenantId; // the pool's project
