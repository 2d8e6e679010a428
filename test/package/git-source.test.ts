/**
 * What a git install (README: `npm install --allow-git=root "git+https://…/pulumi-huaweicloud-elb.git#v0.1.0"`)
 * relies on. npm clones the repository, runs `npm install` in the clone (dependencies, devDependencies and
 * workspaces from the lockfile, under the clone's own `allowScripts`), then its `prepare` script, packs the
 * folder by `files` and installs that. The whole run takes minutes, so `npm run test:install` does it (from a
 * local bare clone, see git-install.test.ts); these are its preconditions, checked cheaply in `npm test`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { entryPoints } from "./installed";
import { ROOT } from "./packed";

interface Manifest extends Record<string, unknown> {
  scripts: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;
const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" });

test("a clone has the lockfile and no build: prepare builds it", () => {
  expect(git("ls-files", "package-lock.json").trim()).toBe("package-lock.json");
  expect(git("ls-files", "dist").trim()).toBe(""); // a committed build would be installed as it is, stale
  expect(manifest.scripts.prepare).toBe("npm run build");
});

test("everything the manifest points at is made by the build and packed by `files`", () => {
  const [{ files }] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  ) as [{ files: { path: string }[] }];
  const packed = new Set(files.map((f) => f.path));
  const points = entryPoints(manifest);
  expect(points.length).toBeGreaterThan(8);
  expect(points.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]); // `npm test` builds first
  expect(points.filter((f) => !packed.has(f))).toEqual([]);
});

test("the clone's install passes npm 12's script policy: every dependency with an install script is decided in allowScripts", () => {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };
  const withScripts = Object.entries(lock.packages)
    .filter(([, p]) => p.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  expect(withScripts.length).toBeGreaterThan(0);
  expect(withScripts.filter((name) => typeof manifest.allowScripts?.[name] !== "boolean")).toEqual([]);
});
