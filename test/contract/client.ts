/**
 * The provider's API client as the contract tests run it against the emulator: the emulator's account with its
 * project given (no lookup), on the test's clock, with the retry jitter fixed.
 */
import type { Emulator } from "../../emulator";
import { emulatorConfig } from "../../harness";
import { resolveSettings } from "../../provider/config";
import { ElbClient } from "../../provider/http/client";
import type { Clock } from "../../provider/http/retry";

export function emulatorClient(emu: Emulator, clock: Clock): ElbClient {
  const config: Record<string, string> = { ...emulatorConfig(emu), "huaweicloud:projectId": emu.projectId };
  return new ElbClient(resolveSettings({ get: (k) => config[k] }, {}), { clock, random: () => 0.5 });
}
