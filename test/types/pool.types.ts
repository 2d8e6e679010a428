/**
 * Compile-time tests of the types derived from Pool's schema. Never run: `npm test` builds with
 * tsc first, and an `@ts-expect-error` that no longer finds its error fails the build.
 */
import * as pulumi from "@pulumi/pulumi";
import { Pool, type PoolArgs } from "../../provider";

export function poolTypes(): unknown[] {
  const ok: PoolArgs = {
    protocol: "HTTP",
    lbAlgorithm: "ROUND_ROBIN",
    loadbalancerId: pulumi.output("lb"),
    sessionPersistence: null,
    slowStart: { enable: true, duration: pulumi.output(30) },
    azAffinity: pulumi.output({ enable: false }),
  };
  const fromOutputs: PoolArgs = {
    protocol: pulumi.output<"HTTP" | "TCP">("HTTP"),
    lbAlgorithm: pulumi.output("ROUND_ROBIN" as const),
    memberDeletionProtectionEnable: pulumi.output(true as boolean),
    sessionPersistence: pulumi.output<{ type: "SOURCE_IP" } | null>(null),
    slowStart: pulumi.output({ enable: true, duration: 30 }),
  };
  // @ts-expect-error protocol is required
  const missing: PoolArgs = { lbAlgorithm: "ROUND_ROBIN" };
  // @ts-expect-error not one of the protocols
  const badEnum: PoolArgs = { protocol: "SCTP", lbAlgorithm: "ROUND_ROBIN" };
  // @ts-expect-error a typo in a property name
  const typo: PoolArgs = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", lbAlgoritm: "ROUND_ROBIN" };
  // @ts-expect-error computed properties are not inputs
  const computed: PoolArgs = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", createdAt: "now" };
  // @ts-expect-error the API accepts only true
  const down: PoolArgs = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", adminStateUp: false };
  // @ts-expect-error nested properties are typed too
  const nested: PoolArgs = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", slowStart: { enable: "yes" } };

  const pool = new Pool("p", ok);
  const listeners: pulumi.Output<{ id: string }[]> = pool.listeners;
  const protocol: pulumi.Output<"TCP" | "UDP" | "IP" | "TLS" | "GRPC" | "HTTP" | "HTTPS" | "QUIC"> = pool.protocol;
  const created: pulumi.Output<string | undefined> = pool.createdAt; // a detail: in state only on request
  const name: pulumi.Output<string | undefined> = pool.name;
  // @ts-expect-error an optional input may be absent from the outputs
  const nameAlways: pulumi.Output<string> = pool.name;
  const sticky: pulumi.Output<
    { type: "SOURCE_IP" | "HTTP_COOKIE" | "APP_COOKIE"; cookieName?: string; persistenceTimeout?: number } | null | undefined
  > = pool.sessionPersistence;
  // @ts-expect-error outputs are typed
  const wrong: pulumi.Output<number | undefined> = pool.name;
  // get: the same typed outputs, an ID (or an Output of one) and the usual options
  const read: Pool = Pool.get("shared", pulumi.output("pool-id"), { protect: true });
  const readAlgorithm: pulumi.Output<string> = read.lbAlgorithm;
  const adopting: PoolArgs = { ...ok, adoptId: "pool-id" };
  // @ts-expect-error get takes an ID, not args
  const readArgs = Pool.get("shared", ok);
  // @ts-expect-error an adoptId is a string
  const adoptNumber: PoolArgs = { ...ok, adoptId: 7 };
  return [
    read,
    readAlgorithm,
    adopting,
    readArgs,
    adoptNumber,
    fromOutputs,
    protocol,
    created,
    nameAlways,
    missing,
    badEnum,
    typo,
    computed,
    down,
    nested,
    listeners,
    name,
    sticky,
    wrong,
  ];
}
