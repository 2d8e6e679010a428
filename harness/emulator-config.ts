/** Stack config that points the provider at an emulator: used by the tests, the demo and the bench. */
import { EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY, type Emulator } from "../emulator";
import type { ProviderServer } from "./provider-client";
import type { StackOptions } from "./stack-runner";

/** Config keys sent to the provider as secrets. */
export const SECRET_CONFIG_KEYS = ["huaweicloud:secretKey"];

export function emulatorConfig(
  emu: Emulator,
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

/** Options for a stack run against `emu` with the emulator's credentials (the secret key sent as a secret). */
export function emulatorStack(
  emu: Emulator,
  stack: { server: ProviderServer; statePath: string; project: string; stack: string },
): StackOptions {
  return { ...stack, config: emulatorConfig(emu), secretConfigKeys: SECRET_CONFIG_KEYS };
}
