/**
 * One provider configuration, many regions (like pulumi-huaweicloud's per-resource `region`): the
 * settings of the calls in one region, and one client per region and project, shared by every
 * resource there for the life of the provider process (so each region's project is discovered once).
 *
 * What terraform-provider-huaweicloud does, followed here: a region's project is the provider's
 * `projectId` in the provider's own region, else the one IAM lists under the region's name
 * (`GET /v3/projects?name={region}`, through the provider's one IAM endpoint); another region than the
 * provider's needs AK/SK credentials (a token is scoped to one project); and a custom endpoint serves
 * the provider's region only. This package adds one thing: a configured ELB endpoint that holds
 * `{region}` is the endpoint of every region, the region's name put in its place (how a stack pointed
 * at the emulator, or at per-region proxies, reaches more than one region).
 */
import { CONFIG_KEYS, endpointIn, publicEndpoint, REGION_PLACEHOLDER, type Settings } from "./config";
import type { ElbClient } from "./http/client";
import type { Placement } from "./lifecycle/placement";

/** The ELB endpoint of `region`, or undefined when the configuration reaches the provider's region only. */
export function elbEndpointFor(settings: Settings, region: string): string | undefined {
  if (region === settings.region) return settings.elbEndpoint;
  if (settings.elbEndpointTemplate) return endpointIn(settings.elbEndpointTemplate, region);
  // no endpoint configured (or the public one): every region's public endpoint
  if (settings.elbEndpoint === publicEndpoint("elb", settings.region)) return publicEndpoint("elb", region);
  return undefined;
}

/**
 * Why the provider cannot call the API in `region`, or undefined. The sentence names config keys,
 * never their values.
 */
export function placementProblem(settings: Settings, region: string): string | undefined {
  if (region === settings.region) return undefined;
  const other = `${region} is not the provider's region (${CONFIG_KEYS.region.key} ${settings.region})`;
  if (!settings.accessKey)
    return `${other}: ${CONFIG_KEYS.authToken.key} is scoped to one region's project, so resources in other regions need ${CONFIG_KEYS.accessKey.key} and ${CONFIG_KEYS.secretKey.key}`;
  if (elbEndpointFor(settings, region) === undefined)
    return `${other}: ${CONFIG_KEYS.elbEndpoint.key} names the endpoint of one region; write ${REGION_PLACEHOLDER} where the region's name goes (e.g. https://elb.${REGION_PLACEHOLDER}.example.com) to reach other regions`;
  return undefined;
}

/** The project of the calls in `where`: its own, else the provider's in the provider's region, else none (discovered). */
function projectIn(settings: Settings, where: Placement): string | undefined {
  const region = where.region ?? settings.region;
  return where.projectId ?? (region === settings.region ? settings.projectId : undefined);
}

/**
 * The settings of the calls in `where`: that region's ELB endpoint, and its project: `where.projectId`,
 * else the provider's `projectId` in the provider's own region, else none (the client discovers it).
 * Credentials, TLS and retries are the provider's. Throws an Error when the provider cannot work there.
 */
export function settingsFor(settings: Settings, where: Placement): Settings {
  const region = where.region ?? settings.region;
  const problem = placementProblem(settings, region);
  if (problem) throw new Error(problem);
  const out: Settings = { ...settings, region, elbEndpoint: elbEndpointFor(settings, region)! };
  const projectId = projectIn(settings, where);
  if (projectId === undefined) delete out.projectId;
  else out.projectId = projectId;
  return out;
}

/**
 * The clients of one provider configuration, one per region and project: the same client for every
 * resource that lives there, so a region's project is discovered once; `make` gives them the process's
 * rate limiter.
 */
export class RegionalClients {
  private readonly clients = new Map<string, ElbClient>();

  constructor(
    private readonly settings: Settings,
    private readonly make: (settings: Settings) => ElbClient,
  ) {}

  client(where: Placement = {}): ElbClient {
    // looked up before any settings are built: every call of every resource asks (a place that cannot be
    // reached throws in settingsFor and is never cached)
    const key = `${where.region ?? this.settings.region} ${projectIn(this.settings, where) ?? ""}`;
    let client = this.clients.get(key);
    if (!client) this.clients.set(key, (client = this.make(settingsFor(this.settings, where))));
    return client;
  }
}
