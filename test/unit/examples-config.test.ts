/**
 * Each example is a Pulumi project of its own: a Pulumi.yaml that declares, with a description, every
 * config key its index.ts reads (and no other), so `pulumi config` and the reader know what to set.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const EXAMPLES = join(__dirname, "..", "..", "examples");
const projects = readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, "index.ts")));

/** The config keys Pulumi.yaml declares (its `config:` block, two-space keys), with whether each has a description. */
function declared(yaml: string): Record<string, boolean> {
  const block = yaml.split(/^config:\n/m)[1] ?? "";
  const out: Record<string, boolean> = {};
  let key = "";
  for (const line of block.split("\n")) {
    if (/^\S/.test(line)) break;
    const m = /^ {2}(\w+):\s*$/.exec(line);
    if (m) out[(key = m[1]!)] = false;
    else if (key && /^ {4}description: \S/.test(line)) out[key] = true;
  }
  return out;
}

test("there are examples, the member batch among them", () => {
  expect(projects).toEqual(expect.arrayContaining(["quickstart", "master-slave", "v2-pool", "member-batch"]));
});

test.each(projects)("examples/%s has a Pulumi.yaml that documents every config key index.ts reads", (name) => {
  const yaml = readFileSync(join(EXAMPLES, name, "Pulumi.yaml"), "utf8");
  expect(yaml).toMatch(/^runtime:\n {2}name: nodejs/m);
  const reads = [
    ...readFileSync(join(EXAMPLES, name, "index.ts"), "utf8").matchAll(/config\.(?:require|get)\w*(?:<[^>]*>)?\("(\w+)"\)/g),
  ].map((m) => m[1]);
  const keys = declared(yaml);
  expect(Object.keys(keys).sort()).toEqual([...new Set(reads)].sort());
  expect(Object.entries(keys).filter(([, described]) => !described)).toEqual([]);
  // Pulumi's project schema: an array type names its items, and items are strings, integers, booleans or arrays;
  // a list of objects (read with getObject) is declared without a type
  const arraysWithoutItems = [...yaml.matchAll(/^ {2}(\w+):\n {4}type: array\n(?! {4}items:)/gm)].map((m) => m[1]);
  expect(arraysWithoutItems).toEqual([]);
});

test.each(projects)(
  "examples/%s is an npm workspace of the repo: its package.json takes the package by path, and the lockfile holds it",
  (name) => {
    const manifest = JSON.parse(readFileSync(join(EXAMPLES, name, "package.json"), "utf8")) as {
      main?: string;
      dependencies?: Record<string, string>;
    };
    expect(manifest.main).toBe("index.ts");
    expect(manifest.dependencies?.["pulumi-huaweicloud-elb"]).toBe("file:../..");
    expect(manifest.dependencies).toHaveProperty("@pulumi/pulumi");
    // `npm ci` installs only what the lockfile lists
    const lock = JSON.parse(readFileSync(join(EXAMPLES, "..", "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
    expect(lock.packages).toHaveProperty([`examples/${name}`]);
  },
);
