/**
 * The active/standby part of `npm run demo`: examples/master-slave against the same emulator and
 * provider server, through the stack runner: preview → up (the members' IDs and the health check's
 * ID come back as outputs) → a changed health check, which replaces the pool since the API has no
 * update call (deleted first: a listener holds one pool) → destroy, which also removes the members
 * and the health check.
 */
import { FIXTURE_IDS, type Emulator } from "../emulator";
import type { MasterSlaveSettings } from "../examples/master-slave/program";
import { destroy, preview, up, type ProviderServer, type RunResult } from "../harness";
import { exampleStack } from "./shared/project";
import { showStep } from "./shared/show-step";

export async function demoMasterSlave(emu: Emulator, server: ProviderServer, dir: string): Promise<void> {
  const { program, opts, at } = exampleStack(emu, server, dir, "master-slave", "demo");
  const listener = emu.fixtures.listeners.find((l) => l.id === FIXTURE_IDS.listenerSeedTcp)!;
  const v1: MasterSlaveSettings = {
    listenerId: listener.id,
    subnetId: FIXTURE_IDS.subnetA,
    masterAddress: "192.168.0.21",
    slaveAddress: "192.168.0.22",
  };
  const v2: MasterSlaveSettings = { ...v1, healthCheckDelay: 10 };
  const step = (title: string, run: () => Promise<RunResult>) =>
    showStep(emu, `active/standby: ${title}`, run, (calls) => `${calls.length} API calls`);

  console.log(`\nactive/standby pool on TCP listener ${listener.name}: master 192.168.0.21, slave 192.168.0.22`);
  await step("preview", () => preview(program, at(v1)));
  const first = await step("up", () => up(program, at(v1)));
  const members = (first.outputs.members as { role: string; id: string; operatingStatus: string }[]).map(
    (m) => `${m.role} ${m.id} (${m.operatingStatus})`,
  );
  console.log(`  members: ${members.join(", ")}; health check ${String(first.outputs.healthmonitorId)}`);
  await step("preview a new health check delay (no update API: a replacement)", () => preview(program, at(v2)));
  await step("up", () => up(program, at(v2)));
  await step("destroy", () => destroy(opts));
  const left = emu.masterSlavePools().length + emu.records().members + emu.records().healthmonitors;
  console.log(
    `\nthe emulator holds ${emu.masterSlavePools().length} active/standby pools, ${emu.records().members} members, ${emu.records().healthmonitors} health checks`,
  );
  if (left !== 0) throw new Error("the active/standby demo left something behind");
}
