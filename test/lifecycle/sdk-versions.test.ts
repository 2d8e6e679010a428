/**
 * The `@pulumi/pulumi` versions this package works with: the lowest it declares (installed as the
 * devDependency alias `@pulumi/pulumi-lowest`) and the installed one. For each, the compiled stub is
 * serialized by that SDK's own closure serializer (as the program side of that version does, here in a
 * project without `typescript`, the strictest case), and its dynamic-provider server runs the Pool through
 * Configure, Check, Create, a refresh after an out-of-band change, the preview after it, Update and Delete
 * against the emulator. The runtime the stub loads is this package's; its own `require("@pulumi/pulumi")`
 * (for `log`) gets the copy next to the package, which for a user is the one copy they have.
 *
 * The floor is where refresh works: from 3.216 on the server hands back the inputs Read returns, so the
 * engine's next preview compares the cloud's value with the program's; 3.215 and older drop them, and the
 * preview shows an update with nothing visibly changed. To run these tests against another copy (a newer
 * release, or 3.215 to see them fail): `ELB_SDK_DIRS=<dir>[:<dir>] npx jest test/lifecycle/sdk-versions`,
 * each dir an installed `@pulumi/pulumi` folder.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { startEmulator, type Emulator } from "../../emulator";
import { emulatorConfig, markedLines, renderUpdate, SECRET_CONFIG_KEYS, startProviderServer, type ProviderServer } from "../../harness";
import { refreshOutcome } from "../../harness/stack-runner/plan";
import { kindRpc } from "../harness/kind-rpc";

type Props = Record<string, unknown>;
const ROOT = join(__dirname, "..", "..");
const LOWEST = "@pulumi/pulumi-lowest";
const TYPE = "pulumi-nodejs:dynamic/huaweicloud-elb:Pool";

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Manifest;
const sdkDir = (name: string) => dirname(require.resolve(`${name}/package.json`, { paths: [ROOT] }));
const copies = [
  { label: "the lowest declared", dir: sdkDir(LOWEST) },
  { label: "installed", dir: sdkDir("@pulumi/pulumi") },
  ...(process.env.ELB_SDK_DIRS ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => ({ label: "ELB_SDK_DIRS", dir })),
].map((c) => ({ ...c, version: readJson(join(c.dir, "package.json")).version }));

test("the declared floor is the lowest copy tested, pinned exactly, in the package, every example and the README", () => {
  const root = readJson(join(ROOT, "package.json"));
  const lowest = copies[0]!.version;
  expect(root.devDependencies?.[LOWEST]).toBe(`npm:@pulumi/pulumi@${lowest}`);
  const examples = readdirSync(join(ROOT, "examples"))
    .map((d) => join(ROOT, "examples", d, "package.json"))
    .filter(existsSync);
  expect(examples.length).toBeGreaterThanOrEqual(4);
  for (const file of [join(ROOT, "package.json"), ...examples])
    expect({ file, range: readJson(file).dependencies?.["@pulumi/pulumi"] }).toEqual({ file, range: `^${lowest}` });
  expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(`\`@pulumi/pulumi\` ${lowest} or later`);
});

/**
 * What the SDK in `dir` writes as a Pool's `__provider` (the call its `dynamic.Resource` makes, on the
 * compiled stub users install), in a project that has no `typescript` package (a JavaScript project): the
 * SDK's closure serializer then parses functions with the TypeScript 3.8 it vendors, the oldest parser the
 * stub meets. Run in a child process, where `typescript` is made unresolvable.
 */
async function serializedWithoutTypescript(dir: string): Promise<{ typescript: string; text: string }> {
  const script = `
    const Module = require("module");
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === "typescript") throw Object.assign(new Error("Cannot find module 'typescript'"), { code: "MODULE_NOT_FOUND" });
      return resolve.call(this, request, ...rest);
    };
    const [dir, stub] = process.argv.slice(1);
    const provider = require(stub).providerStub("pool");
    require(dir + "/runtime/closure/serializeClosure")
      .serializeFunction(() => provider, { allowSecrets: true })
      .then((sf) => console.log(JSON.stringify({ typescript: require(dir + "/typescript-shim").version, text: sf.text })));`;
  const stub = join(ROOT, "dist", "provider", "lifecycle", "stub.js");
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", script, dir, stub], { cwd: ROOT });
  return JSON.parse(stdout) as { typescript: string; text: string };
}

let emu: Emulator;
let lb: string;
beforeAll(async () => {
  emu = await startEmulator();
  lb = emu.fixtures.loadbalancers[0]!.id;
});
afterAll(async () => {
  await emu?.close();
});

describe.each(copies)("@pulumi/pulumi $version ($label)", ({ dir, version }) => {
  let server: ProviderServer;
  let providerText: string;
  let typescript: string;
  beforeAll(async () => {
    ({ typescript, text: providerText } = await serializedWithoutTypescript(dir));
    server = await startProviderServer({ sdkDir: dir });
    await server.configure(emulatorConfig(emu), { secretKeys: SECRET_CONFIG_KEYS });
  });
  afterAll(async () => {
    await server?.close();
  });
  const { urn, create, plan } = kindRpc("Pool", () => ({ server, providerText }));

  test("its serializer writes the compiled stub, which loads this package's runtime by name, with the TypeScript 3.8 it vendors", () => {
    expect(typescript).toBe("3.8.3");
    expect(providerText).toContain('require("pulumi-huaweicloud-elb/runtime")');
    expect(providerText).not.toContain(ROOT); // no path of this machine in state
  });

  test("create; a refresh after a console edit hands back the cloud's inputs; the preview shows cloud → program; update; delete", async () => {
    const program: Props = {
      name: `sdk-${version}`,
      protocol: "HTTP",
      lbAlgorithm: "ROUND_ROBIN",
      loadbalancerId: lb,
      description: "mine",
    };
    const { id, outs, news } = await create("drift", program);
    expect(emu.pool(id)).toMatchObject({ name: `sdk-${version}`, description: "mine" });

    emu.outOfBand.updatePool(id, { description: "console edit" });
    const read = await server.read(urn("drift"), id, outs, news);
    expect(read.properties).toMatchObject({ description: "console edit" });
    // what 3.215 and older drop: the inputs Read returns, with the stub the engine stores
    expect(read.inputs).toMatchObject({ description: "console edit", __provider: providerText });
    // the engine keeps Read's inputs when there are any, else the old ones
    const { entry } = refreshOutcome({ urn: urn("drift"), type: TYPE, name: "drift", id, inputs: news, outputs: outs }, read);

    const { diff, news: planned } = await plan(id, entry!.outputs, program);
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const shown = renderUpdate(TYPE, "drift", entry!.inputs, planned);
    expect(markedLines(shown, "~")).toEqual(['    ~ description: "console edit" => "mine"']);

    const { properties } = await server.update(urn("drift"), id, entry!.outputs, planned, entry!.inputs);
    expect(emu.pool(id)).toMatchObject({ description: "mine" });
    expect((await plan(id, properties, program)).diff.changes).toBe("none");
    await server.delete(urn("drift"), id, properties, planned);
    expect(emu.pool(id)).toBeUndefined();
  });
});
