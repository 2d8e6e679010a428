/**
 * The examples as `npm run test:cli` runs them: each with its settings (config keys named as in its
 * Pulumi.yaml, so the same values go to the CLI and to the stack runner as stack config, and both run the
 * same program through the SDK's program entry), and a change that makes the second `up` update or replace something.
 */
import { join } from "node:path";
import { FIXTURE_IDS, type Emulator } from "../../emulator";

export interface CliExample {
  dir: string;
  /** Stack config of the example (no namespace), as strings; the change overrides some. */
  config(emu: Emulator): Record<string, string>;
  change: Record<string, string>;
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
  },
  {
    dir: "v2-pool",
    config: () => ({ loadbalancerId: FIXTURE_IDS.lbShared }),
    change: { description: "changed" },
  },
  {
    dir: "member-batch",
    config: (emu) => ({ loadbalancerId: emu.fixtures.loadbalancers[0]!.id, subnetCidrId: FIXTURE_IDS.subnetA }),
    change: { drain: JSON.stringify(["192.168.0.10", "192.168.0.11"]) },
  },
];

export { EXAMPLES_DIR };
