/**
 * The module the serialized stub loads inside the provider process (`pulumi-huaweicloud-elb/runtime`).
 * Settings are assigned synchronously in `configure`, so RPCs that arrive before or during it see
 * them; the HTTP client (and project-ID discovery) is created lazily on the first API call, so
 * check and diff work without credentials.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resolveSettings, type ConfigSource, type Settings } from "../config";
import { ElbClient } from "../http/client";
import { makeProvider, type Context, type ResourceKind } from "./engine";

let settings: Settings | undefined;
let settingsError: Error | undefined;
let client: ElbClient | undefined;

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
  if (!client) client = new ElbClient(settings, { log });
  return { client };
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
