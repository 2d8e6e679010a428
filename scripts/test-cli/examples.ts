/**
 * The examples as `npm run test:cli` runs them: each with its settings (config keys named as in its
 * Pulumi.yaml, so the same values go to the CLI as stack config and to the program function), and a
 * change that makes the second `up` update or replace something.
 */
import { join } from "node:path";
import { FIXTURE_IDS, type Emulator } from "../../emulator";
import type { Program } from "../../harness";
import { masterSlave, type MasterSlaveSettings } from "../../examples/master-slave/program";
import { memberBatch, readServers } from "../../examples/member-batch/program";
import { quickstart, type QuickstartSettings } from "../../examples/quickstart/program";
import { v2Pool, type V2PoolSettings } from "../../examples/v2-pool/program";

export interface CliExample {
  dir: string;
  /** Stack config of the example (no namespace), as strings; the change overrides some. */
  config(emu: Emulator): Record<string, string>;
  change: Record<string, string>;
  /** The same program for the stack runner, from the same config. */
  program(config: Record<string, string>): Program;
}

const EXAMPLES_DIR = join(__dirname, "..", "..", "..", "examples");

export const CLI_EXAMPLES: readonly CliExample[] = [
  {
    dir: "quickstart",
    config: (emu) => {
      const lb = emu.fixtures.loadbalancers[0]!.id;
      return {
        loadbalancerId: lb,
        listenerId: emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb)!.id,
        subnetCidrId: FIXTURE_IDS.subnetA,
      };
    },
    change: { webDescription: "changed", tcpIpVersion: "dualstack" },
    program: (c) => () => quickstart(c as unknown as QuickstartSettings),
  },
  {
    dir: "master-slave",
    config: () => ({
      listenerId: FIXTURE_IDS.listenerSeedTcp,
      subnetId: FIXTURE_IDS.subnetA,
      masterAddress: "192.168.0.21",
      slaveAddress: "192.168.0.22",
    }),
    change: { healthCheckDelay: "7" },
    program: (c) => () =>
      masterSlave({
        ...c,
        healthCheckDelay: c.healthCheckDelay ? Number(c.healthCheckDelay) : undefined,
      } as unknown as MasterSlaveSettings),
  },
  {
    dir: "v2-pool",
    config: () => ({ loadbalancerId: FIXTURE_IDS.lbShared }),
    change: { description: "changed" },
    program: (c) => () => v2Pool(c as unknown as V2PoolSettings),
  },
  {
    dir: "member-batch",
    config: (emu) => ({ loadbalancerId: emu.fixtures.loadbalancers[0]!.id, subnetCidrId: FIXTURE_IDS.subnetA }),
    change: { drain: JSON.stringify(["192.168.0.10", "192.168.0.11"]) },
    program: (c) => () =>
      memberBatch({
        loadbalancerId: c.loadbalancerId!,
        subnetCidrId: c.subnetCidrId!,
        servers: readServers(join(EXAMPLES_DIR, "member-batch", "backends.json")),
        drain: c.drain ? (JSON.parse(c.drain) as string[]) : undefined,
      }),
  },
];

export { EXAMPLES_DIR };
