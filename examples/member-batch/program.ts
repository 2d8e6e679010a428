/**
 * Hundreds of backend servers, read from a file, as one MemberBatch: adding, draining (weight 0)
 * and removing servers is editing the file (or the `drain` list); each `up` is a handful of batch
 * calls whatever the count. A function of its settings, so the pulumi CLI (index.ts) and the repo's
 * stack runner (the tests) run the same program.
 */
import { readFileSync } from "node:fs";
import { MemberBatch, Pool } from "pulumi-huaweicloud-elb";

/** One line of the backends file. */
export interface BackendServer {
  address: string;
  port: number;
  name?: string;
}

export interface MemberBatchSettings {
  /** the load balancer of the pool */
  loadbalancerId: string;
  /** the subnet of the backend servers, in the load balancer's VPC */
  subnetCidrId: string;
  /** the backend servers: a server left out of the list is removed from the pool */
  servers: BackendServer[];
  /** addresses that take no new requests (weight 0) while they are drained before removal */
  drain?: string[];
}

/** The backends file: a JSON array of `{ address, port, name? }`. */
export function readServers(path: string): BackendServer[] {
  const servers = JSON.parse(readFileSync(path, "utf8")) as BackendServer[];
  if (!Array.isArray(servers)) throw new Error(`${path}: expected a JSON array of { address, port, name? }`);
  return servers;
}

export function memberBatch(s: MemberBatchSettings) {
  const pool = new Pool("app", { name: "app", protocol: "HTTP", lbAlgorithm: "LEAST_CONNECTIONS", loadbalancerId: s.loadbalancerId });
  const drain = new Set(s.drain ?? []);
  const backends = new MemberBatch("app-backends", {
    poolId: pool.id,
    // the file is the whole truth: members someone added by hand are removed too
    exclusive: true,
    members: s.servers.map((b) => ({
      address: b.address,
      protocolPort: b.port,
      subnetCidrId: s.subnetCidrId,
      weight: drain.has(b.address) ? 0 : 1,
      ...(b.name ? { name: b.name } : {}),
    })),
  });
  return { poolId: pool.id, memberCount: backends.members.apply((m) => m.length) };
}
