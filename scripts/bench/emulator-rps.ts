/** Section 7: the emulator alone (its own process, as `npm run emulator` starts it), signed GETs on loopback. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { EMULATOR_REGION } from "../../emulator";
import { emulatorClient, repoRoot } from "../../harness";
import { runPool } from "./measure";

export async function emulatorRps(requests = 6000, concurrency = 32): Promise<number> {
  const child = spawn(process.execPath, [join(repoRoot(), "dist", "emulator", "cli.js"), "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf("\n");
        if (nl >= 0) resolve(out.slice(0, nl).trim());
      });
      child.once("exit", (code) => reject(new Error(`the emulator exited (${code})`)));
    });
    const client = emulatorClient({ region: EMULATOR_REGION, url });
    try {
      await runPool(500, concurrency, () => client.elb({ method: "GET", path: ["loadbalancers"] }).then(() => undefined)); // warm-up
      const t0 = performance.now();
      await runPool(requests, concurrency, () => client.elb({ method: "GET", path: ["loadbalancers"] }).then(() => undefined));
      return Math.round(requests / ((performance.now() - t0) / 1000));
    } finally {
      await client.close();
    }
  } finally {
    child.kill();
  }
}
