/**
 * Checks of the package as a user's project has it installed, whichever way it got there (the release
 * tarball, or a git URL): the program a user writes, the files the manifest points at, the source maps,
 * and the program going up and down through the stack runner against the emulator.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { startEmulator } from "../../emulator";
import { destroy, emulatorStack, startProviderServer, up } from "../../harness";

export const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { MemberBatch, Pool } from "pulumi-huaweicloud-elb";
import { startEmulator } from "pulumi-huaweicloud-elb/emulator";
import { startTestKit } from "pulumi-huaweicloud-elb/testing";

export function program(loadbalancerId: string) {
  const pool = new Pool("web", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId, description: pulumi.output("installed") });
  new MemberBatch("backends", { poolId: pool.id, members: [{ address: "10.0.0.7", protocolPort: 80, weight: 0 }] });
  return { poolId: pool.id, protocol: pool.protocol };
}
export const tools = [startEmulator, startTestKit];
`;

/** The template's tsconfig (`pulumi new typescript`). */
export const TEMPLATE: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  sourceMap: true,
  experimentalDecorators: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

/** Every file a package.json points at: main, types, typesVersions, exports and bin (paths without "./"). */
export function entryPoints(manifest: Record<string, unknown>): string[] {
  const paths: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") paths.push(v.replace(/^\.\//, ""));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const key of ["main", "types", "typesVersions", "exports", "bin"]) walk(manifest[key]);
  return [...new Set(paths)].sort();
}

/** The package's source maps, and those that do not carry every source they point at (the sources themselves are not shipped). */
export function sourceMaps(pkgDir: string): { maps: string[]; unresolved: string[] } {
  const maps = (readdirSync(pkgDir, { recursive: true }) as string[]).filter((f) => f.endsWith(".js.map") && !f.includes("node_modules"));
  const unresolved = maps.filter((f) => {
    const map = JSON.parse(readFileSync(join(pkgDir, f), "utf8")) as { sources: string[]; sourcesContent?: unknown[] };
    return map.sourcesContent?.filter((s) => typeof s === "string" && s.length > 0).length !== map.sources.length;
  });
  return { maps, unresolved };
}

/**
 * PROGRAM, compiled as Pulumi's runner compiles it, goes up and down through the stack runner against the
 * emulator, with the provider server started in the user's folder `app` (the stub loads the installed
 * package from there).
 */
export async function upAndDown(app: string): Promise<void> {
  const emu = await startEmulator();
  const server = await startProviderServer({ cwd: app }).catch(async (e: unknown) => {
    await emu.close();
    throw e;
  });
  try {
    writeFileSync(join(app, "program.js"), ts.transpileModule(PROGRAM, { compilerOptions: TEMPLATE }).outputText);
    const { program } = require(join(app, "program.js")) as { program: (lb: string) => Record<string, unknown> };
    const opts = emulatorStack(emu, { server, statePath: join(app, "state.json"), project: "installed", stack: "dev" });
    const res = await up(() => program(emu.fixtures.loadbalancers[0]!.id), opts);
    expect(res.steps.map((s) => `${s.op} ${s.name}`).sort()).toEqual(["create backends", "create web"]);
    const pool = emu.pools().find((p) => p.description === "installed")!;
    expect(pool.protocol).toBe("HTTP");
    expect(emu.members(pool.id).map((m) => [m.address, m.weight])).toEqual([["10.0.0.7", 0]]);
    await destroy(opts);
    expect(emu.pools().filter((p) => p.description === "installed")).toEqual([]);
  } finally {
    await server.close();
    await emu.close();
  }
}
