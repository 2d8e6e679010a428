// The SDK's dynamic-provider server as a child process (node_modules/@pulumi/pulumi/cmd/dynamic-provider).
//
// Findings (SDK 3.216 and 3.248, cmd/dynamic-provider/index.js):
// - The positional "engine address" argument is only checked for presence; the server never dials it
//   (provider-side `pulumi.log` falls back to the console). "127.0.0.1:1" is therefore safe.
// - It binds 127.0.0.1:0 and prints the port as the first stdout line.
import { spawn, type ChildProcess } from "child_process";
import { join } from "path";

export interface ServerProcess {
  port: number;
  /** The child's process id (undefined only if the OS gave none). */
  pid: number | undefined;
  /** Everything the process printed (stdout+stderr) so far. */
  output(): string;
  /** The output once it matches; rejects after `timeoutMs`. */
  waitForOutput(match: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Kills the process (if it still runs) and waits for it to exit. Idempotent. */
  kill(): Promise<void>;
}

const PORT_TIMEOUT_MS = 20000;

/** The dynamic-provider server script of the `@pulumi/pulumi` copy installed in `sdkDir`. */
export function dynamicProviderScript(sdkDir: string): string {
  return join(sdkDir, "cmd", "dynamic-provider", "index.js");
}

/** Resolves with the port once the first stdout line arrives; rejects on a bad line, an early exit or a timeout. */
function waitForPort(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let stdoutBuf = "";
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`provider server printed no port within 20s; output:\n${output()}`)), PORT_TIMEOUT_MS);
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    };
    child.stdout!.on("data", (d: Buffer) => {
      if (settled) return;
      stdoutBuf += d.toString();
      const nl = stdoutBuf.indexOf("\n");
      if (nl >= 0) {
        const p = Number(stdoutBuf.slice(0, nl).trim());
        settled = true;
        clearTimeout(timer);
        if (Number.isInteger(p) && p > 0) resolve(p);
        else reject(new Error(`unexpected first line from provider server: ${stdoutBuf.slice(0, nl)}`));
      }
    });
    child.once("exit", (code, signal) =>
      fail(new Error(`provider server exited (${code ?? signal}) before printing a port:\n${output()}`)),
    );
    child.once("error", (e) => fail(e));
  });
}

/** Starts `node <serverScript> 127.0.0.1:1` in `cwd` and waits for the port it prints. */
export async function spawnServerProcess(serverScript: string, cwd: string, env?: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [serverScript, "127.0.0.1:1"], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    const done = () => {
      exited = true;
      resolve();
    };
    child.once("exit", done);
    child.once("error", done);
  });
  const collect = (d: Buffer) => {
    out += d.toString();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const kill = async () => {
    if (!exited) child.kill("SIGKILL");
    await exitPromise;
  };
  const port = await waitForPort(child, () => out).catch(async (e: unknown) => {
    await kill();
    throw e;
  });
  let killed: Promise<void> | undefined;
  return {
    port,
    pid: child.pid,
    output: () => out,
    async waitForOutput(match, timeoutMs = 5000) {
      const found = () => (typeof match === "string" ? out.includes(match) : match.test(out));
      for (const start = Date.now(); !found(); await new Promise((r) => setTimeout(r, 10))) {
        if (Date.now() - start > timeoutMs)
          throw new Error(`the provider server printed nothing matching ${String(match)} within ${timeoutMs} ms`);
      }
      return out;
    },
    kill() {
      killed ??= kill().then(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      });
      return killed;
    },
  };
}
