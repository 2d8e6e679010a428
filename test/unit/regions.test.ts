/**
 * One provider configuration, many regions: each region's ELB endpoint and project, what the provider
 * refuses (as terraform-provider-huaweicloud does), and the per-region clients of the provider process:
 * one per region and project, each region's project discovered once, one rate limiter for all.
 */
import { EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY, startEmulator, type Emulator } from "../../emulator";
import { ConfigError, resolveSettings, type ConfigSource, type Settings } from "../../provider/config";
import { ElbClient } from "../../provider/http/client";
import { configure, context, placements } from "../../provider/lifecycle/runtime";
import { elbEndpointFor, placementProblem, RegionalClients, settingsFor } from "../../provider/regions";

const cfg = (values: Record<string, unknown>): ConfigSource => ({ get: (key: string) => values[key] as string | undefined });
const AK = "AKregionsTEST0001";
const SK = "SKregions-distinct-secret-0002";
const TOKEN = "MIIregions-distinct-token-0003";
const PID = "0123456789abcdef0123456789abcdef";
const EAST = "cn-east-3";
const EAST_PROJECT = "e4e5e6e7e8e9eaebecedeeeff0f1f2f3";

const settings = (over: Record<string, unknown> = {}): Settings =>
  resolveSettings(cfg({ "huaweicloud:region": "cn-north-4", "huaweicloud:accessKey": AK, "huaweicloud:secretKey": SK, ...over }), {});

describe("a region's ELB endpoint", () => {
  test("no endpoint configured: every region's public endpoint", () => {
    const s = settings();
    expect(elbEndpointFor(s, "cn-north-4")).toBe("https://elb.cn-north-4.myhuaweicloud.com");
    expect(elbEndpointFor(s, EAST)).toBe("https://elb.cn-east-3.myhuaweicloud.com");
    expect(settingsFor(s, { region: EAST }).elbEndpoint).toBe("https://elb.cn-east-3.myhuaweicloud.com");
  });

  test("a configured endpoint holding {region}: the region's name put in its place, in the host or the path", () => {
    const inHost = settings({ "huaweicloud:endpoints": { elb: "https://elb.{region}.corp.example/" } });
    expect(inHost.elbEndpoint).toBe("https://elb.cn-north-4.corp.example");
    expect(inHost.elbEndpointTemplate).toBe("https://elb.{region}.corp.example");
    expect(elbEndpointFor(inHost, EAST)).toBe("https://elb.cn-east-3.corp.example");
    const inPath = settings({ "huaweicloud:endpoints": JSON.stringify({ elb: "http://127.0.0.1:9464/{region}" }) });
    expect(inPath.elbEndpoint).toBe("http://127.0.0.1:9464/cn-north-4");
    expect(settingsFor(inPath, { region: EAST }).elbEndpoint).toBe("http://127.0.0.1:9464/cn-east-3");
    // IAM is one endpoint for every region: a {region} in it is the provider's region
    expect(settings({ "huaweicloud:endpoints": { iam: "https://iam.{region}.corp.example/v3" } }).iamEndpoint).toBe(
      "https://iam.cn-north-4.corp.example",
    );
    // the template is checked like any endpoint
    expect(() => settings({ "huaweicloud:endpoints": { elb: "ftp://{region}.example" } })).toThrow(ConfigError);
  });

  test("a configured endpoint without {region} serves the provider's region only: another region is refused, naming the keys", () => {
    const s = settings({ "huaweicloud:endpoints": { elb: "https://elb.proxy.example" } });
    expect(elbEndpointFor(s, "cn-north-4")).toBe("https://elb.proxy.example");
    expect(elbEndpointFor(s, EAST)).toBeUndefined();
    const problem = placementProblem(s, EAST)!;
    expect(problem).toContain("huaweicloud:endpoints.elb names the endpoint of one region");
    expect(problem).toContain("{region}");
    expect(() => settingsFor(s, { region: EAST })).toThrow(problem);
    expect(placementProblem(s, "cn-north-4")).toBeUndefined();
  });

  test("a token is scoped to one region's project: other regions need AK/SK; no credential appears in the sentence", () => {
    const s = resolveSettings(cfg({ "huaweicloud:region": "cn-north-4", "huaweicloud:token": TOKEN }), {});
    const problem = placementProblem(s, EAST)!;
    expect(problem).toMatch(/huaweicloud:token is scoped to one region's project.*huaweicloud:accessKey and huaweicloud:secretKey/);
    expect(placementProblem(s, "cn-north-4")).toBeUndefined();
    const aksk = settings({ "huaweicloud:endpoints": { elb: "https://elb.proxy.example" } });
    for (const text of [problem, placementProblem(aksk, EAST)!]) for (const secret of [AK, SK, TOKEN]) expect(text).not.toContain(secret);
  });
});

describe("a region's project", () => {
  test("the resource's projectId; else the provider's projectId in the provider's region only; else none (discovered)", () => {
    const s = settings({ "huaweicloud:projectId": PID });
    expect(settingsFor(s, {}).projectId).toBe(PID);
    expect(settingsFor(s, { region: "cn-north-4" }).projectId).toBe(PID);
    expect(settingsFor(s, { projectId: EAST_PROJECT }).projectId).toBe(EAST_PROJECT);
    expect(settingsFor(s, { region: EAST })).not.toHaveProperty("projectId");
    expect(settingsFor(s, { region: EAST, projectId: EAST_PROJECT })).toMatchObject({ region: EAST, projectId: EAST_PROJECT });
    // credentials and retries are the provider's
    expect(settingsFor(s, { region: EAST })).toMatchObject({ accessKey: AK, secretKey: SK, iamEndpoint: s.iamEndpoint });
  });
});

describe("against an emulator with two regions", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ regions: { [EAST]: EAST_PROJECT } });
  });
  afterAll(() => emu.close());

  const emulatorSettings = () =>
    resolveSettings(
      cfg({
        "huaweicloud:region": emu.region,
        "huaweicloud:endpoints": { elb: emu.regionalUrl, iam: emu.url },
        "huaweicloud:accessKey": EMULATOR_ACCESS_KEY,
        "huaweicloud:secretKey": EMULATOR_SECRET_KEY,
      }),
      {},
    );

  test("one client per region and project: each region's project is discovered once (GET /v3/projects?name=<region>)", async () => {
    emu.resetCounts();
    const made: ElbClient[] = [];
    const clients = new RegionalClients(emulatorSettings(), (s) => (made.push(new ElbClient(s)), made[made.length - 1]!));
    expect(clients.client({})).toBe(clients.client({ region: emu.region }));
    const east = clients.client({ region: EAST });
    expect(east).not.toBe(clients.client({}));
    expect(clients.client({ region: EAST })).toBe(east);
    await Promise.all([east.projectId(), east.projectId(), clients.client({}).projectId()]);
    expect(await clients.client({ region: EAST }).projectId()).toBe(EAST_PROJECT);
    expect(await clients.client({}).projectId()).toBe(emu.projectId);
    const lookups = emu.requests.filter((r) => r.path === "/v3/projects").map((r) => r.query);
    expect(lookups.sort()).toEqual([`name=${EAST}`, `name=${emu.region}`]);
    // a given project is not looked up
    expect(await clients.client({ region: EAST, projectId: EAST_PROJECT }).projectId()).toBe(EAST_PROJECT);
    expect(emu.count({ path: "/v3/projects" })).toBe(2);
    // each client calls its region's endpoint in its region's project
    await east.elb({ method: "GET", path: ["pools"] });
    expect(emu.requests.at(-1)).toMatchObject({ path: `/${EAST}/v3/${EAST_PROJECT}/elb/pools`, status: 200 });
    await Promise.all(made.map((c) => c.close()));
  });

  test("the provider process: contexts of two regions share one rate limiter; its placements answer for check and diff", async () => {
    const values: Record<string, string> = {
      "huaweicloud:region": emu.region,
      "huaweicloud:endpoints": JSON.stringify({ elb: emu.regionalUrl, iam: emu.url }),
      "huaweicloud:accessKey": EMULATOR_ACCESS_KEY,
      "huaweicloud:secretKey": EMULATOR_SECRET_KEY,
    };
    configure({ config: { get: (k) => values[k] } });
    const home = context().client;
    const east = context({ region: EAST }).client;
    expect(east).not.toBe(home);
    expect(east.rateLimiter).toBe(home.rateLimiter);
    expect(east.region).toBe(EAST);
    expect(placements.home()).toBe(emu.region);
    expect(await placements.project(EAST)).toBe(EAST_PROJECT);
    expect(placements.problem(EAST)).toBeUndefined();
    // a stack pointed at one endpoint (no {region}) reaches its own region only
    configure({ config: { get: (k) => ({ ...values, "huaweicloud:endpoints": JSON.stringify({ elb: emu.url, iam: emu.url }) })[k] } });
    expect(placements.problem(EAST)).toMatch(/names the endpoint of one region/);
    expect(() => context({ region: EAST })).toThrow(/names the endpoint of one region/);
  });
});
