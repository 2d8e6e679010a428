/**
 * The package as a user gets it: the release tarball's contents, a user's program type-checked with
 * the compiler options Pulumi's TypeScript runner uses (and hover docs through the language service),
 * the program run through the stack runner against the emulator from the install folder, and the bin.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { entryPoints, PROGRAM, sourceMaps, TEMPLATE, upAndDown } from "./installed";
import { installPacked, type Installed } from "./packed";

let inst: Installed;
beforeAll(() => {
  inst = installPacked();
});
afterAll(() => rmSync(dirname(inst.app), { recursive: true, force: true }));

const manifest = () =>
  JSON.parse(readFileSync(join(inst.pkg, "package.json"), "utf8")) as Record<string, unknown> & { bin: Record<string, string> };

test("the tarball ships LICENSE, CHANGELOG, README, the compiled package with declarations and the bin, and nothing of the repo's", () => {
  const files = execFileSync("tar", ["-tzf", inst.tarball], { encoding: "utf8" }).trim().split("\n");
  for (const f of [
    "LICENSE",
    "CHANGELOG.md",
    "README.md",
    "package.json",
    "dist/emulator/cli.js",
    "dist/provider/generated/pool.d.ts",
    "dist/provider/testing/index.d.ts",
  ])
    expect(files).toContain(`package/${f}`);
  expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
  expect(files.filter((f) => /^package\/dist\/(test|harness|scripts|examples)\//.test(f))).toEqual([]);
  const m = manifest();
  for (const k of ["scripts", "devDependencies", "workspaces", "allowScripts"]) expect(m).not.toHaveProperty(k);
  expect(Object.keys(m.dependencies as object).sort()).toEqual(["@pulumi/pulumi", "ajv", "undici"]);
  expect(readFileSync(join(inst.pkg, m.bin["huaweicloud-elb-emulator"]!), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
});

test("every source map carries the sources it points at", () => {
  const { maps, unresolved } = sourceMaps(inst.pkg);
  expect(maps.length).toBeGreaterThan(20);
  expect(unresolved).toEqual([]);
});

test("everything the manifest points at (main, types, typesVersions, exports, bin) is in the tarball", () => {
  const files = execFileSync("tar", ["-tzf", inst.tarball], { encoding: "utf8" }).trim().split("\n");
  const points = entryPoints(manifest());
  expect(points.length).toBeGreaterThan(8);
  expect(points.filter((f) => f !== "package.json" && !files.includes(`package/${f}`))).toEqual([]);
});

/** The options the runner uses when a program has none (TS ≥ 4.7); the template's are TEMPLATE. */
const RUNNER_DEFAULT: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  sourceMap: true,
};

const BAD = `import { Pool } from "pulumi-huaweicloud-elb";\nnew Pool("p", { lbAlgorithm: "ROUND_ROBIN" });\n`;

/**
 * Type-checks the program (index.ts) and a wrong one (bad.ts) in one compiler run; the messages per
 * file. The package's own declarations are checked in full too (as a project without skipLibCheck
 * does); the SDK's and Node's are left to their authors, which keeps this run short.
 */
function diagnostics(options: ts.CompilerOptions): { good: string[]; bad: string[]; pkg: string[] } {
  const good = join(inst.app, "index.ts");
  const bad = join(inst.app, "bad.ts");
  writeFileSync(good, PROGRAM);
  writeFileSync(bad, BAD);
  const program = ts.createProgram([good, bad], { ...options, noEmit: true });
  const text = (ds: readonly ts.Diagnostic[]) =>
    ds.map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  const of = (f: ts.SourceFile) => text([...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]);
  const pkgFiles = program.getSourceFiles().filter((f) => f.fileName.startsWith(inst.pkg));
  return {
    good: [...text(program.getOptionsDiagnostics()), ...text(program.getGlobalDiagnostics()), ...of(program.getSourceFile(good)!)],
    bad: of(program.getSourceFile(bad)!),
    pkg: pkgFiles.length > 10 ? pkgFiles.flatMap(of) : ["the package's declarations were not loaded"],
  };
}

test.each([
  ["moduleResolution node (the template's tsconfig)", TEMPLATE],
  ["moduleResolution nodenext (the runner's default)", RUNNER_DEFAULT],
])("a program importing the main entry, /emulator and /testing type-checks with %s; an error names PoolArgs", (_name, options) => {
  const { good, bad, pkg } = diagnostics(options);
  expect(good).toEqual([]);
  expect(pkg).toEqual([]);
  expect(bad.join("\n")).toMatch(/Property 'protocol' is missing in type .* but required in type 'PoolArgs'/);
});

test("hovering an input, a nested item field and an output shows the schema's documentation", () => {
  const file = join(inst.app, "index.ts");
  writeFileSync(file, PROGRAM);
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) => (ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
    getCurrentDirectory: () => inst.app,
    getCompilationSettings: () => TEMPLATE,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  const hover = (needle: string) => {
    const info = service.getQuickInfoAtPosition(file, PROGRAM.indexOf(needle) + 1);
    return ts.displayPartsToString(info?.documentation);
  };
  expect(hover("lbAlgorithm")).toMatch(/^Load balancing algorithm[\s\S]*One of `ROUND_ROBIN`[\s\S]*Changing it updates in place/);
  expect(hover("protocol:")).toMatch(/Backend protocol[\s\S]*Changing it replaces the Pool/);
  expect(hover("weight")).toMatch(/Share of requests[\s\S]*0–100; default `1`/);
  expect(hover("protocol }")).toMatch(/Backend protocol/);
});

test("a program compiled as the runner compiles it goes up and down through the stack runner against the emulator", () =>
  upAndDown(inst.app));

test("the bin starts the emulator, prints its URL first, and stops on SIGTERM", async () => {
  const child = spawn(process.execPath, [join(inst.pkg, manifest().bin["huaweicloud-elb-emulator"]!), "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.once("exit", () => reject(new Error(`exited early: ${out}`)));
  });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect((await fetch(`${url}/v3/projects?name=cn-north-4`)).status).toBeLessThan(500);
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
});
