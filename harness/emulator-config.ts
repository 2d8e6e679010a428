/** Stack config that points the provider at an emulator: used by the tests, the demo and the bench. */
import { EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY, type Emulator } from "../emulator";
import { resolveSettings } from "../provider/config";
import { ElbClient } from "../provider/http/client";
import type { ProviderServer } from "./provider-client";
import type { StackOptions } from "./stack-runner";

/** Config keys sent to the provider as secrets. */
export const SECRET_CONFIG_KEYS = ["huaweicloud:secretKey"];

export function emulatorConfig(
  emu: Pick<Emulator, "region" | "url">,
  credentials: { accessKey: string; secretKey: string } = { accessKey: EMULATOR_ACCESS_KEY, secretKey: EMULATOR_SECRET_KEY },
): Record<string, string> {
  return {
    "huaweicloud:region": emu.region,
    // the keys pulumi-huaweicloud also knows: a map of endpoints by service, as JSON text
    "huaweicloud:endpoints": JSON.stringify({ elb: emu.url, iam: emu.url }),
    "huaweicloud:accessKey": credentials.accessKey,
    "huaweicloud:secretKey": credentials.secretKey,
  };
}

/**
 * Stack config for an emulator with several regions: the provider's region is `region`, and `{region}` in the ELB
 * endpoint reaches every region of the emulator (its `regionalUrl`).
 */
export function regionalConfig(emu: Emulator, region: string): Record<string, string> {
  return {
    ...emulatorConfig(emu),
    "huaweicloud:region": region,
    "huaweicloud:endpoints": JSON.stringify({ elb: emu.regionalUrl, iam: emu.url }),
  };
}

/** A client of the package's own (outside any provider process) configured as a stack against `emu` would be. */
export function emulatorClient(emu: Pick<Emulator, "region" | "url">, options?: ConstructorParameters<typeof ElbClient>[1]): ElbClient {
  const config = emulatorConfig(emu);
  return new ElbClient(resolveSettings({ get: (k) => config[k] }, {}), options);
}

/** Options for a stack run against `emu` with the emulator's credentials (the secret key sent as a secret). */
export function emulatorStack(
  emu: Emulator,
  stack: { server: ProviderServer; statePath: string; project: string; stack: string },
): StackOptions {
  return { ...stack, config: emulatorConfig(emu), secretConfigKeys: SECRET_CONFIG_KEYS };
}
