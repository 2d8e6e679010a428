// The truth suite's runner: seeded scenarios per kind through the SDK's dynamic-provider server against the
// emulator, bounded in count and in time, with figures per kind. Used by `npm run test:truth` (thousands)
// and by a jest test (a few hundred).
import fc from "fast-check";
import { FIXTURE_IDS, startEmulator } from "../../emulator";
import { HealthMonitor, MasterSlavePool, MemberBatch, Pool, PoolV2 } from "../../provider";
import { emulatorConfig, SECRET_CONFIG_KEYS } from "../emulator-config";
import { providerTexts } from "../mocks";
import type { ResourceSchema } from "../../provider/lifecycle/schema";
import { schemas } from "../../provider/resources";
import { startProviderServer, urnFor, type ProviderServer } from "../provider-client";
import { healthMonitorScenarios, masterSlaveScenarios, memberBatchScenarios, poolScenarios, poolV2Scenarios } from "./arbitraries";
import { runScenario, type KindUnderTest, type Outcome, type Scenario } from "./scenario";

export { removedResets, runScenario, type Outcome, type Scenario } from "./scenario";

export interface KindFigures {
  kind: string;
  /** scenarios run (those whose A was refused are not counted) */
  scenarios: number;
  plans: Record<Outcome["plan"], number>;
  /** scenarios that removed at least one property with a reset rule, and the removals checked */
  removalScenarios: number;
  removals: number;
  /** breaches, with the scenario that showed each (at most 20 kept) */
  violations: { scenario: Scenario; violations: string[] }[];
  violationCount: number;
  ms: number;
}

export interface TruthOptions {
  /** scenarios per kind */
  perKind: number;
  seed: number;
  /** stop a kind after this long (the figures say how many ran) */
  msPerKind: number;
  kinds?: string[];
  log?: (line: string) => void;
}

const KINDS = ["Pool", "PoolV2", "MasterSlavePool", "MemberBatch", "HealthMonitor"] as const;

/** Each kind's serialized provider, from one probe resource of each. */
const providersOfEachKind = () =>
  providerTexts(() => {
    new Pool("p", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "x" });
    new PoolV2("v", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "x" });
    new MemberBatch("m", { poolId: "x", members: [] });
    new HealthMonitor("h", { poolId: "x", type: "TCP", delay: 5, timeout: 3, maxRetries: 3 });
    new MasterSlavePool("s", { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", type: "ip", members: [], healthmonitor: {} } as never);
  });

/** A pool for the member and health check scenarios, created through the provider like any other. */
async function pool(server: ProviderServer, providerText: string, protocol: string): Promise<string> {
  const urn = urnFor("pulumi-nodejs:dynamic/huaweicloud-elb:Pool", `truth-${protocol}`);
  const inputs = { protocol, lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbMain, __provider: providerText };
  return (await server.create(urn, (await server.check(urn, {}, inputs)).inputs)).id;
}

/** The schemas by kind (their titles). */
const SCHEMAS: Record<string, ResourceSchema> = Object.fromEntries(schemas.map((schema) => [schema.title, schema]));

async function scenariosOf(kind: string, server: ProviderServer, poolText: string): Promise<fc.Arbitrary<Scenario>> {
  if (kind === "Pool") return poolScenarios();
  if (kind === "PoolV2") return poolV2Scenarios();
  if (kind === "MasterSlavePool") return masterSlaveScenarios();
  if (kind === "MemberBatch") return memberBatchScenarios(await pool(server, poolText, "TCP"));
  return healthMonitorScenarios(await pool(server, poolText, "HTTP"));
}

async function runKind(
  server: ProviderServer,
  emu: Awaited<ReturnType<typeof startEmulator>>,
  k: KindUnderTest,
  arb: fc.Arbitrary<Scenario>,
  o: TruthOptions,
) {
  const figures: KindFigures = {
    kind: k.kind,
    scenarios: 0,
    plans: { none: 0, update: 0, replace: 0, refused: 0, skipped: 0 },
    removalScenarios: 0,
    removals: 0,
    violations: [],
    violationCount: 0,
    ms: 0,
  };
  const start = Date.now();
  const samples = fc.sample(arb, { seed: o.seed, numRuns: o.perKind });
  for (let i = 0; i < samples.length && Date.now() - start < o.msPerKind; i++) {
    const outcome = await runScenario(server, emu, k, samples[i], i);
    figures.plans[outcome.plan]++;
    if (outcome.plan !== "skipped") figures.scenarios++;
    if (outcome.removals > 0) {
      figures.removalScenarios++;
      figures.removals += outcome.removals;
    }
    if (outcome.violations.length > 0) {
      figures.violationCount++;
      if (figures.violations.length < 20) figures.violations.push({ scenario: samples[i], violations: outcome.violations });
    }
  }
  figures.ms = Date.now() - start;
  return figures;
}

/** Runs the suite: one emulator and one provider server for all kinds. */
export async function runTruth(o: TruthOptions): Promise<KindFigures[]> {
  const emu = await startEmulator();
  const server = await startProviderServer();
  try {
    await server.configure(emulatorConfig(emu), { secretKeys: SECRET_CONFIG_KEYS });
    const texts = await providersOfEachKind();
    const out: KindFigures[] = [];
    for (const kind of o.kinds ?? KINDS) {
      const k: KindUnderTest = { kind, schema: SCHEMAS[kind]!, providerText: texts[kind] };
      const arb = await scenariosOf(kind, server, texts.Pool);
      const figures = await runKind(server, emu, k, arb, o);
      o.log?.(formatFigures(figures));
      out.push(figures);
    }
    return out;
  } finally {
    await server.close();
    await emu.close();
  }
}

export function formatFigures(f: KindFigures): string {
  const p = f.plans;
  return (
    `${f.kind.padEnd(16)} ${String(f.scenarios).padStart(5)} scenarios in ${(f.ms / 1000).toFixed(1)} s: ` +
    `${p.none} no change, ${p.update} update, ${p.replace} replace, ${p.refused} refused at preview; ` +
    `${f.removalScenarios} removing a property (${f.removals} removals checked); ${f.violationCount} breaking an invariant`
  );
}
