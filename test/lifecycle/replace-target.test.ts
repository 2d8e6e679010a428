/**
 * `pulumi up --replace <urn>`: the engine plans the replacement itself, without asking the provider's Diff, so only
 * the `deleteBeforeReplace` resource option decides the order. Each class sets it from its schema's
 * x-delete-before-replace rule: a pool bound to a listener, a health check (one per pool) and a member set (the
 * replacement would take the same members over and the old one's delete would remove them) go first.
 */
import { quickstart, type QuickstartSettings } from "../../examples/quickstart/program";
import { Pool } from "../../provider";
import { preview, readState, up, type StackOptions } from "../../harness";
import { planLines as plan, useEmulatorStacks } from "../harness/env";

const env = useEmulatorStacks("replace");
let settings: QuickstartSettings;

beforeAll(() => {
  const lb = env.emu.fixtures.loadbalancers[0]!.id;
  settings = {
    loadbalancerId: lb,
    listenerId: env.emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb)!.id,
    subnetCidrId: env.emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id,
  };
});

const urnOf = (opts: StackOptions, name: string) => readState(opts.statePath).resources.find((r) => r.name === name)!.urn;

test("--replace of a listener's pool, a health check and a member set: each deleted first, nothing left over or lost", async () => {
  const opts = env.stack();
  await up(() => quickstart(settings), opts);
  const tcp = env.emu.pools().find((p) => p.name === "tcp")!;
  const web = env.emu.pools().find((p) => p.name === "web")!;
  const monitor = web.healthmonitor_id!;
  const members = env.emu.members(web.id).map((m) => `${m.address}:${m.protocol_port}`);
  expect(members).toHaveLength(3);

  const targets = ["tcp", "web-check", "web-backends"].map((n) => urnOf(opts, n));
  const log: string[] = [];
  const r = await up(() => quickstart(settings), { ...opts, replace: targets, log: (l) => log.push(l) });
  // as the engine: each target checked once, with no olds, and never diffed
  for (const urn of targets) {
    expect(log.filter((l) => l.startsWith(`check ${urn}`))).toEqual([`check ${urn} (replace target)`]);
    expect(log.filter((l) => l.startsWith(`diff ${urn}`))).toEqual([]);
  }
  expect(plan(r.steps)).toEqual([
    "replace tcp [id] (delete-before-replace)",
    "replace web-backends [id] (delete-before-replace)",
    "replace web-check [id] (delete-before-replace)",
  ]);
  // a new pool holds the listener, a new health check the web pool, and every member is still there
  const newTcp = env.emu.pools().find((p) => p.name === "tcp")!;
  expect(newTcp.id).not.toBe(tcp.id);
  expect(newTcp.listeners).toEqual([{ id: settings.listenerId }]);
  expect(env.emu.pool(web.id)!.healthmonitor_id).not.toBe(monitor);
  expect(env.emu.records().healthmonitors).toBe(1);
  expect(env.emu.members(web.id).map((m) => `${m.address}:${m.protocol_port}`)).toEqual(members);
  const held = readState(opts.statePath).resources.find((r) => r.name === "web-backends")!;
  expect((held.outputs.members as { id: string }[]).map((m) => m.id).sort()).toEqual(
    env.emu
      .members(web.id)
      .map((m) => m.id)
      .sort(),
  );
});

test("a deleteBeforeReplace the program sets wins over the schema's rule: false makes the engine create first, and a listener's pool is then refused (409)", async () => {
  const opts = env.stack();
  const program = () => ({
    pool: new Pool(
      "bound",
      { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", listenerId: settings.listenerId },
      { deleteBeforeReplace: false },
    ).id,
  });
  // the quickstart's pools hold the listener otherwise: start from an empty emulator state for this listener
  for (const p of env.emu.pools()) env.emu.outOfBand.deletePool(p.id);
  await up(program, opts);
  const [pool] = env.emu.pools().filter((p) => p.listeners.some((l) => l.id === settings.listenerId));
  const urn = urnOf(opts, "bound");
  expect(plan((await preview(program, { ...opts, replace: [urn] })).steps)).toEqual(["replace bound [id] (create-before-delete)"]);
  await expect(up(program, { ...opts, replace: [urn] })).rejects.toThrow(/409|ELB\.\d+/);
  expect(env.emu.pool(pool!.id)).toBeDefined();
});
