/**
 * The module the serialized stub loads inside the provider process (`pulumi-huaweicloud-elb/runtime`).
 * Settings are assigned synchronously in `configure`, so RPCs that arrive before or during it see
 * them; the HTTP clients (one per region and project, ../regions.ts, each discovering its project once)
 * are created lazily on the first API call there, so check and diff work without loading the HTTP stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resolveSettings, type ConfigSource, type Settings } from "../config";
import type { AdaptiveRateLimiter } from "../http/rate-limit";
import { placementProblem, RegionalClients } from "../regions";
import { makeProvider, type Context, type ResourceKind } from "./engine";
import type { Placement, Placements } from "./placement";

let settings: Settings | undefined;
let settingsError: Error | undefined;
let clients: RegionalClients | undefined;
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
  // state), possibly while requests run. Same settings: keep the clients and their project IDs.
  // Different ones: new requests get new clients; the old ones are left to finish their requests
  // (closing them would fail their retries) and their idle sockets time out.
  if (JSON.stringify(settings) !== JSON.stringify(before)) clients = undefined;
}

function log(line: string): void {
  if (process.env.HW_ELB_LOG) process.stderr.write(`[huaweicloud-elb] ${line}\n`);
}

function currentSettings(): Settings {
  if (settingsError) throw settingsError;
  return (settings ??= resolveSettings(undefined, process.env));
}

/**
 * The context for calls in `where` (a resource's region and project; what it leaves out is the
 * provider's): that region's client, sharing the process's rate limiter, credentials and retry rules.
 * Throws when the provider cannot work there (a token scoped to its own region, an endpoint of one region).
 */
export function context(where: Placement = {}): Context {
  const s = currentSettings();
  if (!clients) {
    // the HTTP stack (and undici) is loaded at the first API call: check and diff never need it
    const { ElbClient } = require("../http/client") as typeof import("../http/client");
    const { AdaptiveRateLimiter } = require("../http/rate-limit") as typeof import("../http/rate-limit");
    const { systemClock } = require("../http/retry") as typeof import("../http/retry");
    const limiter = (rateLimiter ??= new AdaptiveRateLimiter(systemClock));
    clients = new RegionalClients(s, (regional) => new ElbClient(regional, { log, rateLimiter: limiter }));
  }
  return {
    client: clients.client(where),
    details: process.env.HW_ELB_OUTPUT_DETAILS === "1",
    // in the provider process `pulumi.log` reaches the user: through the engine, or as a diagnostic line on stdout
    progress: (line) => void (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).log.info(line),
  };
}

/** What check and diff know of places: the provider's region, the regions it cannot reach, each region's project. */
export const placements: Placements = {
  home: () => currentSettings().region,
  // an invalid configuration is reported by the first API call, naming its keys: check does not repeat it
  problem: (region) => {
    try {
      return placementProblem(currentSettings(), region);
    } catch {
      return undefined;
    }
  },
  project: (region) => context({ region }).client.projectId(),
};

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
    p = makeProvider(kinds[kind as KindName](), context, placements);
    providers.set(kind, p);
  }
  return p;
}
