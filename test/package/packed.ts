/**
 * The release tarball, installed into an empty folder as a user's project gets it: `npm run
 * pack:release`'s tarball unpacked into node_modules/pulumi-huaweicloud-elb. Its dependencies are
 * linked from this repo's node_modules (the machine has no registry cache of them: a real `npm install`
 * of the tarball needs the registry, and is what the README's install lines do).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packRelease } from "../../scripts/pack";

export const ROOT = join(__dirname, "..", "..");

export interface Installed {
  /** The user's project folder. */
  app: string;
  tarball: string;
  /** The installed package's folder. */
  pkg: string;
}

export function installPacked(): Installed {
  const dir = mkdtempSync(join(tmpdir(), "elb-install-"));
  const tarball = packRelease(ROOT, dir);
  const app = join(dir, "app");
  const modules = join(app, "node_modules");
  mkdirSync(modules, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", modules]);
  const pkg = join(modules, "pulumi-huaweicloud-elb");
  renameSync(join(modules, "package"), pkg);
  mkdirSync(join(modules, "@types"));
  // what a Pulumi TypeScript project has: the package's dependencies, and @types/node
  for (const dep of ["@pulumi", "ajv", "undici", "@types/node"]) symlinkSync(join(ROOT, "node_modules", dep), join(modules, dep), "dir");
  return { app, tarball, pkg };
}
