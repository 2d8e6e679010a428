/**
 * State written before places were recorded (0.1.0: no `region`/`projectId` outputs) lives in the provider's region,
 * which is only right while `huaweicloud:region` stays. The first `up` records where each resource lives (an
 * update that sends nothing), so changing the stack's region afterwards loses track of nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { FIXTURE_IDS } from "../../emulator";
import { Pool } from "../../provider";
import {
  regionalConfig,
  preview,
  readState,
  refresh,
  startProviderServer,
  up,
  type ProviderServer,
  type StackOptions,
} from "../../harness";
import { planLines, useEmulatorStacks } from "../harness/env";

const EAST = "cn-east-3";
const env = useEmulatorStacks("legacy-placement", { regions: { [EAST]: "e4e5e6e7e8e9eaebecedeeeff0f1f2f3" } });
/** The stack config: the emulator's, with `{region}` in the ELB endpoint so that every region is reachable. */
const config = (region: string): Record<string, string> => regionalConfig(env.emu, region);
const stack = (region: string, on?: ProviderServer): StackOptions => env.stack({ config: config(region), ...(on ? { server: on } : {}) });
const program = () => ({
  id: new Pool("web", { name: "web", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: FIXTURE_IDS.lbMain }).id,
});

/** Rewrites the state file as 0.1.0 wrote it: no region or projectId anywhere. */
function asLegacy(statePath: string): void {
  const state = JSON.parse(readFileSync(statePath, "utf8")) as {
    resources: { inputs: Record<string, unknown>; outputs: Record<string, unknown> }[];
  };
  for (const r of state.resources) {
    for (const side of [r.inputs, r.outputs]) for (const k of ["region", "projectId"]) delete side[k];
    r.outputs.__inputKeys = (r.outputs.__inputKeys as string[]).filter((k) => k !== "region" && k !== "projectId");
  }
  writeFileSync(statePath, JSON.stringify(state));
}

test("the first up after the upgrade records where each resource lives, writing nothing; a later change of region keeps track of it", async () => {
  const opts = stack(env.emu.region);
  await up(program, opts);
  const [pool] = env.emu.pools();
  asLegacy(opts.statePath);

  expect(planLines((await preview(program, opts)).steps)).toEqual(["update web"]);
  const writes = env.emu.requests.filter((r) => r.method !== "GET").length;
  await up(program, opts);
  expect(env.emu.requests.filter((r) => r.method !== "GET").length).toBe(writes);
  expect(readState(opts.statePath).resources[0]!.outputs).toMatchObject({ region: env.emu.region, projectId: env.emu.projectId });
  expect(planLines((await preview(program, opts)).steps)).toEqual([]);

  // the stack moves to another region (a new provider process): the pool is still found where it lives
  const moved = await startProviderServer();
  try {
    const east = { ...stack(EAST, moved), statePath: opts.statePath };
    expect(planLines((await refresh(east)).steps)).toEqual([]);
    expect(readState(opts.statePath).resources.map((r) => r.id)).toEqual([pool!.id]);
  } finally {
    await moved.close();
  }
});
