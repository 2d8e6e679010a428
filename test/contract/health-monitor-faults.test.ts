/**
 * HealthMonitor's create against the emulator when the POST's outcome is unknown: never re-sent
 * blindly. A pool holds one monitor, so the lookup lists the pool's monitors: one created since the
 * POST was sent is adopted; none → sent once more; an older one is not ours. Also the stack runner's
 * plan when the Pool a monitor points at is replaced.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ElbClient } from "../../provider/http/client";
import { makeProvider } from "../../provider/lifecycle/engine";
import { healthMonitorKind } from "../../provider/resources/health-monitor/provider";
import { poolKind } from "../../provider/resources/pool/provider";
import { HealthMonitor, Pool } from "../../provider";
import { emulatorConfig, SECRET_CONFIG_KEYS, startProviderServer, preview, up, destroy } from "../../harness";
import { planLinesWithoutDetail as plan } from "../harness/env";
import { useEmulator } from "../emulator/helpers";
import { emulatorClient } from "./client";

/** the emulator clock may run behind ours (whole seconds, skew) */
let emulatorLag = 0;
const env = useEmulator({ now: () => Date.now() - emulatorLag });
let client: ElbClient;
let monitors: ReturnType<typeof makeProvider>;
let pools: ReturnType<typeof makeProvider>;
let lb: string;

beforeAll(() => {
  lb = env.emu.fixtures.loadbalancers[0].id;
});

beforeEach(() => {
  const clock = { now: () => Date.now(), sleep: async () => undefined };
  client = emulatorClient(env.emu, clock);
  monitors = makeProvider(healthMonitorKind, () => ({ client }));
  pools = makeProvider(poolKind, () => ({ client }));
  emulatorLag = 0;
});
afterEach(() => client.close());

const newPool = async () => (await pools.create!({ protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb })).id;
const check = (poolId: string) => ({ poolId, type: "HTTP", delay: 5, timeout: 3, maxRetries: 3 });
const posts = () => env.emu.count({ method: "POST", path: `/v3/${env.emu.projectId}/elb/healthmonitors` });

test("500 after the monitor was made: not re-sent; the pool's monitor is found and adopted (despite a lagging cloud clock)", async () => {
  const poolId = await newPool();
  emulatorLag = 20_000;
  env.emu.faults.inject({ method: "POST", path: /\/healthmonitors$/, status: 500, when: "after" });
  const { id, outs } = await monitors.create!(check(poolId));
  expect(posts()).toBe(1);
  expect(env.emu.count({ method: "GET", path: `/v3/${env.emu.projectId}/elb/healthmonitors` })).toBe(1);
  expect(env.emu.pool(poolId)?.healthmonitor_id).toBe(id);
  expect(outs).toMatchObject({ poolId, type: "HTTP" });
});

test("a reset before anything was made: the lookup finds none, and the create is sent once more", async () => {
  const poolId = await newPool();
  env.emu.faults.inject({ method: "POST", path: /\/healthmonitors$/, kind: "reset" });
  const { id } = await monitors.create!(check(poolId));
  expect(posts()).toBe(2);
  expect(env.emu.records().healthmonitors).toBe(1);
  expect(env.emu.pool(poolId)?.healthmonitor_id).toBe(id);
});

test("an older monitor on the pool is not adopted: the re-sent create meets the API's 409", async () => {
  const poolId = await newPool();
  emulatorLag = 5 * 60_000; // made five minutes ago, with the very fields this create sends
  const older = env.emu.outOfBand.attachHealthMonitor(poolId);
  env.emu.outOfBand.updateHealthMonitor(older, { type: "HTTP" });
  emulatorLag = 0;
  expect(env.emu.pool(poolId)!.healthmonitor_id).toBe(older);
  env.emu.faults.inject({ method: "POST", path: /\/healthmonitors$/, status: 502 });
  await expect(monitors.create!(check(poolId))).rejects.toThrow(/409 ELB\.8907/);
  expect(posts()).toBe(2);
});

test("a recent monitor on the pool that does not hold what was sent is not ours: not adopted", async () => {
  const poolId = await newPool();
  env.emu.outOfBand.attachHealthMonitor(poolId); // a TCP check someone made just now
  env.emu.faults.inject({ method: "POST", path: /\/healthmonitors$/, status: 502 });
  await expect(monitors.create!(check(poolId))).rejects.toThrow(/409 ELB\.8907/);
  expect(posts()).toBe(2);
});

test("persistent 500s: two sends at most, then a clear error; nothing left behind", async () => {
  const poolId = await newPool();
  env.emu.faults.inject({ method: "POST", path: /\/healthmonitors$/, status: 500, times: 5 });
  await expect(monitors.create!(check(poolId))).rejects.toThrow(/500/);
  expect(posts()).toBe(2);
  expect(env.emu.records().healthmonitors).toBe(0);
});

test("delete of a monitor already gone is not an error", async () => {
  const poolId = await newPool();
  const { id, outs } = await monitors.create!(check(poolId));
  env.emu.outOfBand.deleteHealthMonitor(id);
  await expect(monitors.delete!(id, outs)).resolves.toBeUndefined();
});

test("stack runner: a Pool replaced while a HealthMonitor points at it — the plan shows both replaced, and up does it", async () => {
  const server = await startProviderServer();
  const dir = mkdtempSync(join(tmpdir(), "elb-hm-"));
  try {
    const opts = { server, statePath: join(dir, "state.json"), config: emulatorConfig(env.emu), secretConfigKeys: SECRET_CONFIG_KEYS };
    const program = (ipVersion: "v4" | "dualstack") => () => {
      const web = new Pool("web", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb, ipVersion });
      const hc = new HealthMonitor("web-check", { poolId: web.id, type: "HTTP", delay: 5, timeout: 3, maxRetries: 3 });
      return { monitor: hc.id };
    };
    await up(program("v4"), opts);
    const before = env.emu.pools()[0]!;
    const p = await preview(program("dualstack"), opts);
    expect(plan(p.steps)).toEqual(["replace web [ipVersion]", "replace web-check [poolId]"]);
    const u = await up(program("dualstack"), opts);
    expect(plan(u.steps)).toEqual(["replace web [ipVersion]", "replace web-check [poolId]"]);
    const after = env.emu.pools();
    expect(after.map((x) => x.id)).not.toContain(before.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.healthmonitor_id).toBe(u.outputs.monitor);
    expect(env.emu.records().healthmonitors).toBe(1);
    await destroy(opts);
    expect(env.emu.records().healthmonitors).toBe(0);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
