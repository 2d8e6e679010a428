/**
 * `pulumi up --replace <urn>`: the engine plans the replacement itself, without asking the provider's Diff, so only
 * the `deleteBeforeReplace` resource option decides the order. Each class sets it from its schema's
 * x-delete-before-replace rule: a pool bound to a listener, a health check (one per pool) and a member set (the
 * replacement would take the same members over and the old one's delete would remove them) go first.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { quickstart, type QuickstartSettings } from "../../examples/quickstart/program";
import { MemberBatch, Pool } from "../../provider";
import {
  emulatorConfig,
  readState,
  SECRET_CONFIG_KEYS,
  startProviderServer,
  up,
  type PlanStep,
  type ProviderServer,
  type StackOptions,
} from "../../harness";

let emu: Emulator;
let server: ProviderServer;
let dir: string;
let runs = 0;
let settings: QuickstartSettings;

const plan = (steps: PlanStep[]) =>
  steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.name}${s.fields.length ? ` [${s.fields.join(",")}]` : ""}${s.detail ? ` (${s.detail})` : ""}`)
    .sort();

beforeAll(async () => {
  emu = await startEmulator();
  server = await startProviderServer();
  dir = mkdtempSync(join(tmpdir(), "elb-replace-"));
  const lb = emu.fixtures.loadbalancers[0]!.id;
  settings = {
    loadbalancerId: lb,
    listenerId: emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb)!.id,
    subnetCidrId: emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id,
  };
});

afterAll(async () => {
  await server?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const stack = (): StackOptions => ({
  server,
  statePath: join(dir, `stack-${++runs}.json`),
  config: emulatorConfig(emu),
  secretConfigKeys: SECRET_CONFIG_KEYS,
});
const urnOf = (opts: StackOptions, name: string) => readState(opts.statePath).resources.find((r) => r.name === name)!.urn;

test("--replace of a listener's pool, a health check and a member set: each deleted first, nothing left over or lost", async () => {
  const opts = stack();
  await up(() => quickstart(settings), opts);
  const tcp = emu.pools().find((p) => p.name === "tcp")!;
  const web = emu.pools().find((p) => p.name === "web")!;
  const monitor = web.healthmonitor_id!;
  const members = emu.members(web.id).map((m) => `${m.address}:${m.protocol_port}`);
  expect(members).toHaveLength(3);

  const targets = ["tcp", "web-check", "web-backends"].map((n) => urnOf(opts, n));
  const r = await up(() => quickstart(settings), { ...opts, replace: targets });
  expect(plan(r.steps)).toEqual([
    "replace tcp [id] (delete-before-replace)",
    "replace web-backends [id] (delete-before-replace)",
    "replace web-check [id] (delete-before-replace)",
  ]);
  // a new pool holds the listener, a new health check the web pool, and every member is still there
  const newTcp = emu.pools().find((p) => p.name === "tcp")!;
  expect(newTcp.id).not.toBe(tcp.id);
  expect(newTcp.listeners).toEqual([{ id: settings.listenerId }]);
  expect(emu.pool(web.id)!.healthmonitor_id).not.toBe(monitor);
  expect(emu.records().healthmonitors).toBe(1);
  expect(emu.members(web.id).map((m) => `${m.address}:${m.protocol_port}`)).toEqual(members);
  const held = readState(opts.statePath).resources.find((r) => r.name === "web-backends")!;
  expect((held.outputs.members as { id: string }[]).map((m) => m.id).sort()).toEqual(
    emu
      .members(web.id)
      .map((m) => m.id)
      .sort(),
  );
});

test("with the option set false by the program, the engine creates first: the pool's replacement is refused (409), the member set's loses its members", async () => {
  const opts = stack();
  const lb = settings.loadbalancerId;
  const program = () => {
    const pool = new Pool(
      "bound",
      { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", listenerId: settings.listenerId },
      { deleteBeforeReplace: false },
    );
    const members = new MemberBatch(
      "set",
      { poolId: pool.id, members: [{ address: "192.168.0.10", protocolPort: 80, subnetCidrId: settings.subnetCidrId }] },
      { deleteBeforeReplace: false },
    );
    return { pool: pool.id, members: members.id, lb };
  };
  // the quickstart's pools hold the listener otherwise: start from an empty emulator state for this listener
  for (const p of emu.pools()) emu.outOfBand.deletePool(p.id);
  await up(program, opts);
  const [pool] = emu.pools().filter((p) => p.listeners.some((l) => l.id === settings.listenerId));
  await expect(up(program, { ...opts, replace: [urnOf(opts, "bound")] })).rejects.toThrow(/409|ELB\.\d+/);
  expect(emu.pool(pool!.id)).toBeDefined();

  const r = await up(program, { ...opts, replace: [urnOf(opts, "set")] });
  expect(plan(r.steps)).toEqual(["replace set [id] (create-before-delete)"]);
  expect(emu.members(pool!.id)).toEqual([]); // the replacement adopted the member, then the old one's delete removed it
});
