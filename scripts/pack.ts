/**
 * `npm run pack:release`: the release tarball. The files `package.json` lists are staged with a
 * published package.json (no scripts, devDependencies, workspaces or allowScripts: what only this repo needs)
 * and `npm pack`ed there, so the repo's own package.json is never rewritten.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO_ONLY = ["scripts", "devDependencies", "workspaces", "allowScripts"] as const;

/** The package.json a user installs: the repo's without what only this repo needs. */
export function publishedManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...manifest };
  for (const k of REPO_ONLY) delete out[k];
  return out;
}

/** Packs the built package (run `npm run build` first) into `outDir`; returns the tarball's path. */
export function packRelease(root: string, outDir: string): string {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] } & Record<string, unknown>;
  const stage = mkdtempSync(join(tmpdir(), "elb-pack-"));
  try {
    for (const f of manifest.files) cpSync(join(root, f), join(stage, f), { recursive: true });
    writeFileSync(join(stage, "package.json"), JSON.stringify(publishedManifest(manifest), null, 2) + "\n");
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", resolve(outDir)], { cwd: stage, encoding: "utf8" });
    const [{ filename }] = JSON.parse(out) as { filename: string }[];
    return join(resolve(outDir), filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const root = join(__dirname, "..", "..");
  console.log(packRelease(root, process.argv[2] ?? root));
}
