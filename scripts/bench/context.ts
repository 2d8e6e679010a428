/** What the bench's sections share: the plain emulator, its config and fixtures, a typical Pool input. */
import { startEmulator, type Emulator } from "../../emulator";
import { emulatorConfig, type ProviderServer } from "../../harness";
import { quickstartFixtures } from "../shared/fixtures";

export type Props = Record<string, unknown>;

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

export interface BenchContext {
  emu: Emulator;
  config: Record<string, string>;
  /** the emulator's first load balancer, and the quickstart's listener and subnet on it */
  fixtures: ReturnType<typeof quickstartFixtures>;
}

export async function setUp(): Promise<BenchContext> {
  const emu = await startEmulator({ port: 0 });
  return { emu, config: emulatorConfig(emu), fixtures: quickstartFixtures(emu) };
}

export async function tearDown(ctx: BenchContext, server: ProviderServer | undefined): Promise<void> {
  await server?.close();
  await ctx.emu.close();
}
