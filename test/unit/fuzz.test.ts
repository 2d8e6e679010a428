/**
 * A seeded sample of the fuzzing `npm run fuzz` runs at scale (10,000 inputs per resource there):
 * check never throws, names a property for every rejection, catches a misspelt name even when its
 * value is unknown and never reaches the cloud; the emulator never answers 5xx to malformed requests
 * and answers every error in the API's format.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { FUZZED_KINDS, fuzzCheck } from "../../scripts/fuzz/check-properties";
import { fuzzEmulator } from "../../scripts/fuzz/emulator-properties";

const SEED = 20261201;

test.each(Object.entries(FUZZED_KINDS))("check of %s: 300 generated inputs", async (name, kind) => {
  const figures = await fuzzCheck(name, kind, 300, SEED);
  expect(figures.runs).toBe(300);
  // the generator reaches rejections (and the properties held for every input)
  expect(figures.rejected).toBeGreaterThan(0);
});

describe("the emulator under malformed requests", () => {
  let emu: Emulator;
  afterEach(() => emu?.close());

  test.each([true, false])("auth %s: 300 requests, never a 5xx, errors in the API's format", async (auth) => {
    emu = await startEmulator({ auth });
    const { errors } = await fuzzEmulator(emu, 300, SEED);
    expect(errors).toBeGreaterThan(100);
  });
});
