/**
 * The quickstart as a function of its settings, so the same program runs under the `pulumi` CLI
 * (index.ts reads stack config) and under the repo's stack runner (the demo and the tests).
 */
import { HealthMonitor, MemberBatch, Pool } from "pulumi-huaweicloud-elb";

export interface Backend {
  address: string;
  protocolPort: number;
  weight?: number;
  name?: string;
}

export interface QuickstartSettings {
  /** the load balancer to add the pools to */
  loadbalancerId: string;
  /** a TCP listener for the second pool (a listener holds one pool) */
  listenerId: string;
  /** changed in place */
  webDescription?: string;
  /** v4 or dualstack: a change replaces the TCP pool */
  tcpIpVersion?: "v4" | "dualstack";
  /** the subnet of the web pool's backend servers (in the load balancer's VPC) */
  subnetCidrId: string;
  /** the web pool's backend servers; added, changed and removed in place */
  webBackends?: Backend[];
}

export const DEFAULT_BACKENDS: Backend[] = [10, 11, 12].map((n) => ({ address: `192.168.0.${n}`, protocolPort: 8080, name: `web-${n}` }));

export function quickstart(s: QuickstartSettings) {
  const web = new Pool("web", {
    name: "web",
    description: s.webDescription ?? "HTTP backends",
    protocol: "HTTP",
    lbAlgorithm: "ROUND_ROBIN",
    loadbalancerId: s.loadbalancerId,
    sessionPersistence: { type: "HTTP_COOKIE", persistenceTimeout: 30 },
    slowStart: { enable: true, duration: 60 },
  });

  const tcp = new Pool("tcp", {
    name: "tcp",
    protocol: "TCP",
    lbAlgorithm: "LEAST_CONNECTIONS",
    listenerId: s.listenerId,
    ipVersion: s.tcpIpVersion ?? "v4",
    connectionDrain: { enable: true, timeout: 60 },
  });

  // The pool's ID is not known until the pool exists: during the first preview it is an unknown.
  const backends = new MemberBatch("web-backends", {
    poolId: web.id,
    members: (s.webBackends ?? DEFAULT_BACKENDS).map((b) => ({ ...b, subnetCidrId: s.subnetCidrId })),
  });

  // The web pool's health check: members that fail it turn OFFLINE and get no traffic.
  const webCheck = new HealthMonitor("web-check", {
    poolId: web.id,
    type: "HTTP",
    delay: 5,
    timeout: 3,
    maxRetries: 3,
    urlPath: "/healthz",
    expectedCodes: "200-204",
  });

  return {
    webPoolId: web.id,
    webHealthMonitorId: webCheck.id,
    tcpPoolId: tcp.id,
    tcpListeners: tcp.listeners,
    webMemberIds: backends.members.apply((ms) => ms.map((m) => m.id)),
  };
}
