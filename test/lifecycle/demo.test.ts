// `npm run demo` is the package's main job (the README's first command after `npm ci`): run the compiled demo
// end to end, so a change that breaks it fails here instead of in front of a new user.
import { execFile } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "../..");

function runDemo(): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, "dist/scripts/demo.js")], { cwd: root, timeout: 150_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

test("the demo runs to the end: plans without calls, the member changes it names, and an emulator left empty", async () => {
  const { code, out } = await runDemo();
  expect({ code, tail: out.slice(-600) }).toMatchObject({ code: 0 });
  expect(out).toMatch(/== preview \(a new stack\)[\s\S]*?\[0 API calls, 0 of them writes\]/);
  expect(out).toContain("~ 192.168.0.11:8080 weight 1 → 0");
  expect(out).toContain("- 192.168.0.12:8080");
  expect(out).toContain("the emulator holds 0 pools, 0 members and 0 health monitors");
  expect(out).toContain("the emulator holds 0 active/standby pools, 0 members, 0 health checks");
}, 180_000);
