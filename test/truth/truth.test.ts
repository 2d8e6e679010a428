/**
 * The truth suite inside `npm test`: a few hundred seeded scenarios (every kind; set, change, remove, null,
 * nested fields, unknowns, member churn) through the SDK's dynamic-provider server against the emulator.
 * Each must hold every invariant: preview sends no request; up does what preview said (an update is
 * accepted by the API); after up, and after a refresh with no drift, the preview is empty; a removal
 * resets as declared. `npm run test:truth` runs thousands with the same code.
 */
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { Pool } from "../../provider";
import { poolSchema } from "../../provider/resources/pool/schema";
import { emulatorConfig, registrations, SECRET_CONFIG_KEYS, startProviderServer, type ProviderServer } from "../../harness";
import { runScenario, runTruth, type KindFigures } from "../../harness/truth";

const PER_KIND = 40;
let figures: KindFigures[];

beforeAll(async () => {
  figures = await runTruth({ perKind: PER_KIND, seed: 7, msPerKind: 60_000 });
}, 280_000);

test.each(["Pool", "PoolV2", "MasterSlavePool", "MemberBatch", "HealthMonitor"])("%s: every scenario holds every invariant", (kind) => {
  const f = figures.find((x) => x.kind === kind)!;
  expect(f.violations.map((v) => v.violations)).toEqual([]);
  // the generators make valid configurations: every scenario ran (none skipped, none out of time)
  expect(f.scenarios).toBe(PER_KIND);
  // and the scenarios cover each kind of plan the kind can make
  if (kind !== "MasterSlavePool") expect(f.plans.update).toBeGreaterThan(0);
  if (kind !== "MemberBatch" && kind !== "HealthMonitor") expect(f.plans.replace).toBeGreaterThan(0);
  if (kind !== "MemberBatch") expect(f.removalScenarios).toBeGreaterThan(0);
});

describe("the issue's scenario, through the provider server against the emulator", () => {
  let emu: Emulator;
  let server: ProviderServer;
  let providerText: string;
  beforeAll(async () => {
    emu = await startEmulator();
    server = await startProviderServer();
    await server.configure(emulatorConfig(emu), { secretKeys: SECRET_CONFIG_KEYS });
    const regs = await registrations(() => new Pool("p", { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "x" }));
    providerText = regs[0].inputs.__provider as string;
  });
  afterAll(async () => {
    await server?.close();
    await emu?.close();
  });

  test('a Pool created with type "ip", then given vpcId with type dropped, plans a replacement the API can carry out', async () => {
    const base = { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbMain };
    const k = { kind: "Pool", schema: poolSchema, providerText };
    const outcome = await runScenario(server, emu, k, { a: { ...base, type: "ip" }, b: { ...base, vpcId: FIXTURE_IDS.vpc } }, 0);
    expect(outcome).toEqual({ plan: "replace", removals: 0, violations: [] });
  });

  test("dropping sessionPersistence turns stickiness off in the cloud (and the next preview is empty)", async () => {
    const base = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbMain };
    const k = { kind: "Pool", schema: poolSchema, providerText };
    const a = { ...base, sessionPersistence: { type: "HTTP_COOKIE" }, description: "d" };
    const outcome = await runScenario(server, emu, k, { a, b: base }, 1);
    expect(outcome).toEqual({ plan: "update", removals: 2, violations: [] });
    const puts = emu.requests.filter((r) => r.method === "PUT");
    expect(puts.at(-1)?.body).toEqual({ pool: { description: "", session_persistence: null } });
  });
});
