#!/usr/bin/env node
/**
 * `node dist/emulator/cli.js --port 9464 [--host 127.0.0.1] [--no-auth] [--latency-ms 20] [--rate-limit 20]
 * [--region cn-east-3=<32-character project ID> ...]`
 * Prints the URL alone on the first line, then the credentials and environment hints.
 */
import { execFileSync } from "node:child_process";
import { EMULATOR_ACCESS_KEY, EMULATOR_PROJECT_ID, EMULATOR_REGION, EMULATOR_SECRET_KEY, startEmulator } from "./index";

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write(
    "usage: emulator [--port 9464] [--host 127.0.0.1] [--no-auth] [--latency-ms N] [--rate-limit N requests/s] [--region NAME=PROJECT_ID ...]\n",
  );
  process.exit(2);
}

interface Args {
  port: number;
  host: string;
  auth: boolean;
  latencyMs?: number;
  rateLimit?: { requestsPerSecond: number };
  /** more regions: name → project ID */
  regions: Record<string, string>;
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0) usage(`${flag}: invalid number ${text}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  let port = 9464;
  let host = "127.0.0.1";
  let auth = true;
  const limits: Pick<Args, "latencyMs" | "rateLimit"> = {};
  const regions: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === "--port") {
      const text = value();
      port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) usage(`invalid port ${text}`);
    } else if (flag === "--host") host = value();
    else if (flag === "--no-auth") auth = false;
    else if (flag === "--latency-ms") limits.latencyMs = positive(flag, value());
    else if (flag === "--rate-limit") limits.rateLimit = { requestsPerSecond: positive(flag, value()) };
    else if (flag === "--region") {
      const [name, project] = value().split("=");
      if (!name || !project) usage(`--region: expected NAME=PROJECT_ID`);
      regions[name] = project;
    } else if (flag === "--help" || flag === "-h") usage();
    else usage(`unknown argument ${arg}`);
  }
  return { port, host, auth, regions, ...limits };
}

/** The parent process of `pid` (through `ps`, on Linux and macOS); undefined where that cannot be told. */
function parentOf(pid: number): number | undefined {
  try {
    const n = Number(
      execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(),
    );
    return Number.isInteger(n) && n > 1 ? n : undefined;
  } catch {
    return undefined;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Under `npm run emulator` the emulator is npm's grandchild (npm → sh → node), and killing npm's PID
 * (`npm run emulator &` then `kill $!`) reaches neither: so it watches npm and its shell and stops
 * when either is gone.
 */
function stopWithNpm(stop: (why: string) => void): void {
  if (!process.env.npm_lifecycle_event || process.platform === "win32") return;
  const watched = [process.ppid, parentOf(process.ppid)].filter((p): p is number => p !== undefined && p > 1);
  setInterval(() => {
    if (watched.some((p) => !alive(p))) stop("npm exited");
  }, 500).unref();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { auth } = args;
  const emulator = await startEmulator(args);
  const lines = [
    emulator.url,
    `access key ${EMULATOR_ACCESS_KEY}  project ${EMULATOR_PROJECT_ID}  region ${EMULATOR_REGION}${auth ? "" : "  (auth off)"}`,
    `export HW_ELB_ENDPOINT=${emulator.url}`,
    `export HW_IAM_ENDPOINT=${emulator.url}`,
    `export HW_REGION_NAME=${EMULATOR_REGION}`,
    `export HW_PROJECT_ID=${EMULATOR_PROJECT_ID}`,
    `export HW_ACCESS_KEY=${EMULATOR_ACCESS_KEY}`,
    `export HW_SECRET_KEY=${EMULATOR_SECRET_KEY}`,
  ];
  if (emulator.regions.length > 1) {
    lines.push(`regions (ELB endpoint ${emulator.regionalUrl}, e.g. huaweicloud:endpoints.elb):`);
    for (const r of emulator.regions) lines.push(`  ${r.region}  project ${r.projectId}`);
  }
  lines.push("load balancers (GET /v3/{project_id}/elb/loadbalancers):");
  for (const lb of emulator.fixtures.loadbalancers) {
    lines.push(`  ${lb.id}  ${lb.name}${lb.ipTargetEnable ? "" : "  (IP as a backend off)"}`);
  }
  lines.push(`member subnets (subnet_cidr_id) in VPC ${emulator.fixtures.vpcId}:`);
  for (const s of emulator.fixtures.subnets) lines.push(`  ${s.id}  ${s.cidr}`);
  lines.push("listeners (GET /v3/{project_id}/elb/listeners):");
  for (const l of emulator.fixtures.listeners)
    lines.push(`  ${l.id}  ${l.protocol.padEnd(5)} ${l.name}  (load balancer ${l.loadbalancerId})`);
  process.stdout.write(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${why}: stopping the emulator\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", stop);
  stopWithNpm(stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
