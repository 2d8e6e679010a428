/**
 * `npm run test:install` (not part of `npm test`: it takes minutes): the README's git install, run as
 * written against a local bare clone of this repository's HEAD, into an empty folder. The README's git URL
 * is replaced by the clone's `git+file://` URL (in the command and in the `allowScripts` approval); the ref
 * (`#v0.1.0`) is a tag set on HEAD in the clone. `--strict-allow-scripts` makes npm 11 fail where npm 12
 * would skip a script the approval does not cover. npm fetches the dependencies from its cache or registry.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { entryPoints, sourceMaps, upAndDown } from "./installed";
import { ROOT } from "./packed";

const README_URL = "git+https://<git host>/<owner>/pulumi-huaweicloud-elb.git";
const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();

/** The README's git install command (its words) and the `allowScripts` it says to add, with `url` for its git URL. */
function readmeInstall(url: string): { args: string[]; allowScripts: Record<string, boolean> } {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8").replaceAll(README_URL, url);
  const line = readme.split("\n").find((l) => l.startsWith("npm install ") && l.includes(url));
  const policy = /^"allowScripts": (\{.*\})$/m.exec(readme);
  if (!line || !policy) throw new Error("the README has no git install line or no allowScripts for it");
  const args = (line.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"(.*)"$/, "$1"));
  return { args: args.slice(1), allowScripts: JSON.parse(policy[1]!) as Record<string, boolean> };
}

let dir: string;
let app: string;
let pkg: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "elb-git-install-"));
  const bare = join(dir, "pulumi-huaweicloud-elb.git");
  execFileSync("git", ["clone", "--quiet", "--bare", ROOT, bare]);
  execFileSync("git", ["tag", "--force", "v0.1.0", "HEAD"], { cwd: bare, stdio: "ignore" });
  const { args, allowScripts } = readmeInstall(`git+file://${bare}`);
  app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, allowScripts }, null, 2));
  const started = Date.now();
  await promisify(execFile)("npm", [...args, "--strict-allow-scripts", "--no-audit", "--no-fund"], { cwd: app, maxBuffer: 64 << 20 });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  pkg = join(app, "node_modules", "pulumi-huaweicloud-elb");
  const sdk = (JSON.parse(readFileSync(join(app, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string })
    .version;
  console.log(`git install of ${head}: npm ${args.join(" ")} took ${seconds} s (with @pulumi/pulumi ${sdk})`);
}, 900_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`installed from git (HEAD ${head}) as the README says`, () => {
  test("the project records the git dependency, and the package has what its manifest points at, built in the clone", () => {
    const deps = (JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies;
    expect(deps["pulumi-huaweicloud-elb"]).toMatch(/^git\+file:\/\/.*#v0\.1\.0$/);
    expect(deps).toHaveProperty("@pulumi/pulumi");
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as Record<string, unknown>;
    const points = entryPoints(manifest);
    expect(points.length).toBeGreaterThan(8);
    expect(points.filter((f) => !existsSync(join(pkg, f)))).toEqual([]);
    const { maps, unresolved } = sourceMaps(pkg);
    expect(maps.length).toBeGreaterThan(20);
    expect(unresolved).toEqual([]);
  });

  test("a program compiled as the runner compiles it goes up and down through the stack runner against the emulator", () => upAndDown(app));
});
