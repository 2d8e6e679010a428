/**
 * The quickstart as a function of its settings, so the same program runs under the `pulumi` CLI
 * (index.ts reads stack config) and under the repo's stack runner (the demo and the tests).
 */
import { Pool } from "pulumi-huaweicloud-elb";

export interface QuickstartSettings {
  /** the load balancer to add the pools to */
  loadbalancerId: string;
  /** a TCP listener for the second pool (a listener holds one pool) */
  listenerId: string;
  /** changed in place */
  webDescription?: string;
  /** v4 or dualstack: a change replaces the TCP pool */
  tcpIpVersion?: "v4" | "dualstack";
}

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

  return { webPoolId: web.id, tcpPoolId: tcp.id, tcpListeners: tcp.listeners };
}
