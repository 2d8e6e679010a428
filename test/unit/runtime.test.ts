/**
 * The provider process's runtime: configure may run more than once (once per distinct provider
 * text) and while requests are in flight; it must not break them.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { configure, context } from "../../provider/lifecycle/runtime";
import { emulatorConfig } from "../../harness";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

// Tests here delete credential variables: each gets the environment back as it found it. The
// canary (a variable such a test deletes) shows that the next test finds it again.
const CANARY = "HW_RUNTIME_TEST_CANARY";
beforeAll(() => {
  process.env[CANARY] = "set before the tests";
});
afterAll(() => {
  delete process.env[CANARY];
});
let savedEnv: NodeJS.ProcessEnv;
beforeEach(() => {
  savedEnv = { ...process.env };
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

const config = (over: Record<string, string> = {}) => {
  const values: Record<string, string> = { ...emulatorConfig(emu), ...over };
  return { config: { get: (k: string) => values[k] } };
};

test("the same settings keep the client (and its discovered project ID)", async () => {
  configure(config());
  const first = context().client;
  await first.projectId();
  configure(config());
  expect(context().client).toBe(first);
  expect(emu.count({ path: "/v3/projects" })).toBe(1);
});

test("new settings give a new client, and the old one finishes what it was doing", async () => {
  configure(config());
  const old = context().client;
  const inFlight = old.elb({ method: "GET", path: ["pools"] });
  configure(config({ "huaweicloud:projectId": emu.projectId }));
  const fresh = context().client;
  expect(fresh).not.toBe(old);
  await expect(inFlight).resolves.toMatchObject({ status: 200 });
  await expect(old.elb({ method: "GET", path: ["loadbalancers"] })).resolves.toMatchObject({ status: 200 });
  await expect(fresh.elb({ method: "GET", path: ["pools"] })).resolves.toMatchObject({ status: 200 });
});

test("configure without any config falls back to the environment; a bad setting fails API calls, not check", () => {
  for (const k of Object.keys(process.env)) if (/^(HW_|HUAWEICLOUD_SDK_|CLOUD_SDK_)/.test(k)) delete process.env[k];
  configure({
    config: {
      get: () => {
        throw new Error("no config");
      },
    },
  } as never);
  expect(() => context()).toThrow(/huaweicloud:region/);
  configure(config({ "huaweicloud:elbEndpoint": "ftp://nope" }));
  expect(() => context()).toThrow(/elbEndpoint/);
});

test("the environment a test changed is back for the next one", () => {
  // runs after the test above deleted every HW_* variable
  expect(process.env[CANARY]).toBe("set before the tests");
});
