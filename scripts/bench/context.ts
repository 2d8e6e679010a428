/** What the bench's sections share: the emulator, the serialized provider, the in-process provider, a scratch folder. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { startEmulator, type Emulator } from "../../emulator";
import { Pool } from "../../provider";
import { resolveSettings } from "../../provider/config";
import { ElbClient } from "../../provider/http/client";
import { makeProvider } from "../../provider/lifecycle/engine";
import { poolKind } from "../../provider/resources/pool/provider";
import { emulatorConfig, registrations, type ProviderServer } from "../../harness";
import { quickstartFixtures } from "../shared/fixtures";

export type Props = Record<string, unknown>;

/** pools per gRPC phase, and how many at a time */
export const N = 200;
export const CONCURRENCY = 8;
/** a load balancer id for inputs checked before the emulator runs */
export const PLACEHOLDER_LB = "00000000-0000-4000-8000-000000000000";

/** A typical Pool input: the quickstart's web pool. */
export const typical = (loadbalancerId: string, name = "web"): Props => ({
  name,
  description: "HTTP backends",
  protocol: "HTTP",
  lbAlgorithm: "ROUND_ROBIN",
  loadbalancerId,
  sessionPersistence: { type: "HTTP_COOKIE", persistenceTimeout: 30 },
  slowStart: { enable: true, duration: 60 },
});

/** The serialized `__provider` of a Pool, as the SDK registers it. */
export async function serializedPoolProvider(): Promise<string> {
  const regs = await registrations(() => new Pool("probe", typical(PLACEHOLDER_LB) as unknown as ConstructorParameters<typeof Pool>[1]));
  return regs[0].inputs.__provider as string;
}

export interface BenchContext {
  emu: Emulator;
  config: Record<string, string>;
  /** the emulator's first load balancer, and the quickstart's listener and subnet on it */
  fixtures: ReturnType<typeof quickstartFixtures>;
  providerText: string;
  withProvider(p: Props): Props;
  /** the in-process provider (what the provider process runs, without gRPC) and its client */
  prov: pulumi.dynamic.ResourceProvider;
  inProcClient: ElbClient;
  dir: string;
}

export async function setUp(providerText: string): Promise<BenchContext> {
  const emu = await startEmulator({ port: 0 });
  const config = emulatorConfig(emu);
  const settings = resolveSettings({ get: (k) => config[k] }, {});
  const inProcClient = new ElbClient(settings);
  const ctx = { client: inProcClient };
  return {
    emu,
    config,
    fixtures: quickstartFixtures(emu),
    providerText,
    withProvider: (p) => ({ ...p, __provider: providerText }),
    prov: makeProvider(poolKind, () => ctx),
    inProcClient,
    dir: mkdtempSync(join(tmpdir(), "elb-bench-")),
  };
}

export async function tearDown(ctx: BenchContext, server: ProviderServer | undefined): Promise<void> {
  await ctx.inProcClient.close();
  await server?.close();
  await ctx.emu.close();
  rmSync(ctx.dir, { recursive: true, force: true });
}
