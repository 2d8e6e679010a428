/**
 * The module the serialized stub loads inside the provider process (`pulumi-huaweicloud-elb/runtime`).
 * Settings are assigned synchronously in `configure`, so RPCs that arrive before or during it see
 * them; the HTTP client (and project-ID discovery) is created lazily on the first API call, so
 * check and diff work without credentials and without loading the HTTP stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resolveSettings, type ConfigSource, type Settings } from "../config";
import type { ElbClient } from "../http/client";
import type { AdaptiveRateLimiter } from "../http/rate-limit";
import { makeProvider, type Context, type ResourceKind } from "./engine";

let settings: Settings | undefined;
let settingsError: Error | undefined;
let client: ElbClient | undefined;
/** One rate limiter for the process's whole life: every resource's requests, whatever client sends them. */
let rateLimiter: AdaptiveRateLimiter | undefined;

export function configure(req: { config?: ConfigSource } | undefined): void {
  const config = req?.config;
  const safe: ConfigSource = {
    get: (key) => {
      try {
        return config?.get(key);
      } catch {
        return undefined; // the server's Config throws when Configure carried no config at all
      }
    },
  };
  const before = settings;
  try {
    settings = resolveSettings(safe, process.env);
    settingsError = undefined;
  } catch (e) {
    settings = undefined;
    settingsError = e as Error;
  }
  // The server configures once per distinct provider text (several kinds, or an older stub in
  // state), possibly while requests run. Same settings: keep the client and its project ID.
  // Different ones: new requests get a new client; the old one is left to finish its requests
  // (closing it would fail their retries) and its idle sockets time out.
  if (JSON.stringify(settings) !== JSON.stringify(before)) client = undefined;
}

function log(line: string): void {
  if (process.env.HW_ELB_LOG) process.stderr.write(`[huaweicloud-elb] ${line}\n`);
}

export function context(): Context {
  if (settingsError) throw settingsError;
  if (!settings) settings = resolveSettings(undefined, process.env);
  if (!client) {
    // the HTTP stack (and undici) is loaded at the first API call: check and diff never need it
    const { ElbClient } = require("../http/client") as typeof import("../http/client");
    const { AdaptiveRateLimiter } = require("../http/rate-limit") as typeof import("../http/rate-limit");
    const { systemClock } = require("../http/retry") as typeof import("../http/retry");
    rateLimiter ??= new AdaptiveRateLimiter(systemClock);
    client = new ElbClient(settings, { log, rateLimiter });
  }
  return { client, details: process.env.HW_ELB_OUTPUT_DETAILS === "1" };
}

/** The resource kinds by the name the serialized stub carries (lifecycle/stub.ts), each loaded on first use. */
const kinds = {
  pool: (): ResourceKind => require("../resources/pool/provider").poolKind,
  memberBatch: (): ResourceKind => require("../resources/member-batch/provider").memberBatchKind,
  masterSlavePool: (): ResourceKind => require("../resources/master-slave/provider").masterSlavePoolKind,
  poolV2: (): ResourceKind => require("../resources/pool-v2/provider").poolV2Kind,
  healthMonitor: (): ResourceKind => require("../resources/health-monitor/provider").healthMonitorKind,
};

/** A kind's name as the stub carries it: a name missing here fails to compile where a resource class passes it. */
export type KindName = keyof typeof kinds;

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/** `kind` comes from the stub in state (which may be older than this package), so it is checked here too. */
export function provider(kind: string): pulumi.dynamic.ResourceProvider {
  let p = providers.get(kind);
  if (!p) {
    if (!Object.hasOwn(kinds, kind))
      throw new Error(`unknown resource kind ${JSON.stringify(kind)}; this package version provides: ${Object.keys(kinds).join(", ")}`);
    p = makeProvider(kinds[kind as KindName](), context);
    providers.set(kind, p);
  }
  return p;
}
