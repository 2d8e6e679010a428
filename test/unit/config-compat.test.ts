/**
 * Config that coexists with pulumi-huaweicloud: every setting can be given with a key that provider
 * also knows (`huaweicloud:endpoints` by service, `token`, `insecure`, `maxRetries`, `authUrl`), and
 * this package's earlier keys (`elbEndpoint`, `iamEndpoint`, `authToken`) still work as aliases.
 */
import { ConfigError, resolveSettings, type ConfigSource } from "../../provider/config";
import { ElbClient } from "../../provider/http/client";
import { fakeClock, json, startServer } from "./http/helpers";

const cfg = (values: Record<string, unknown>): ConfigSource => ({ get: (key: string) => values[key] as string | undefined });
const REGION = { "huaweicloud:region": "cn-north-4" };
const ELB = "https://elb.internal.example";
const IAM = "https://iam.internal.example";

const shared = { ...REGION, "huaweicloud:endpoints": { elb: ELB, iam: IAM }, "huaweicloud:token": "tok-shared" };
const legacy = { ...REGION, "huaweicloud:elbEndpoint": ELB, "huaweicloud:iamEndpoint": IAM, "huaweicloud:authToken": "tok-shared" };

test("the pulumi-huaweicloud spelling and the legacy spelling give the same settings", () => {
  const a = resolveSettings(cfg(shared), {});
  const b = resolveSettings(cfg(legacy), {});
  expect(a).toEqual({ region: "cn-north-4", elbEndpoint: ELB, iamEndpoint: IAM, authToken: "tok-shared" });
  expect(b).toEqual(a);
});

test("huaweicloud:endpoints arrives as an object or as its JSON text (how stack config may hold a map)", () => {
  const s = resolveSettings(cfg({ ...shared, "huaweicloud:endpoints": JSON.stringify({ elb: ELB, iam: IAM }) }), {});
  expect([s.elbEndpoint, s.iamEndpoint]).toEqual([ELB, IAM]);
  expect(() => resolveSettings(cfg({ ...shared, "huaweicloud:endpoints": "not a map" }), {})).toThrow(
    /huaweicloud:endpoints must be a map/,
  );
});

test("authUrl, as pulumi-huaweicloud takes it (ending in /v3), is the IAM endpoint", () => {
  const s = resolveSettings(cfg({ ...REGION, "huaweicloud:token": "t", "huaweicloud:authUrl": `${IAM}/v3` }), {});
  expect(s.iamEndpoint).toBe(IAM);
});

test("both spellings with the same value pass; with different values the error names both keys, never a value", () => {
  expect(resolveSettings(cfg({ ...shared, ...legacy }), {}).elbEndpoint).toBe(ELB);
  let err: unknown;
  try {
    resolveSettings(cfg({ ...shared, "huaweicloud:authToken": "tok-other" }), {});
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).problems).toEqual([
    "huaweicloud:token and huaweicloud:authToken are set to different values: set huaweicloud:token only",
  ]);
  expect((err as Error).message).not.toContain("tok-");
});

test("insecure and maxRetries are read, validated and reach the client", () => {
  const s = resolveSettings(cfg({ ...shared, "huaweicloud:insecure": true, "huaweicloud:maxRetries": 2 }), {});
  expect(s).toMatchObject({ insecure: true, maxRetries: 2 });
  expect(resolveSettings(cfg({ ...shared, "huaweicloud:insecure": "false" }), {}).insecure).toBeUndefined();
  expect(() => resolveSettings(cfg({ ...shared, "huaweicloud:insecure": "yes" }), {})).toThrow(
    /huaweicloud:insecure .* must be true or false/,
  );
  expect(() => resolveSettings(cfg({ ...shared, "huaweicloud:maxRetries": -1 }), {})).toThrow(
    /huaweicloud:maxRetries .* integer from 0 to 20/,
  );
});

test.each([0, 2])("maxRetries %i: the client gives up after that many retries", async (maxRetries) => {
  const server = await startServer((_r, res) => json(res, 503, { error_code: "ELB.503", error_msg: "busy" }));
  try {
    const settings = resolveSettings(
      cfg({
        ...REGION,
        "huaweicloud:token": "t",
        "huaweicloud:projectId": "0".repeat(32),
        "huaweicloud:endpoints": { elb: `http://127.0.0.1:${server.port}` },
        "huaweicloud:maxRetries": maxRetries,
      }),
      {},
    );
    const client = new ElbClient(settings, { clock: fakeClock() });
    await expect(client.elb({ method: "GET", path: ["pools"] })).rejects.toThrow();
    expect(server.requests).toHaveLength(maxRetries + 1);
    await client.close();
  } finally {
    await server.close();
  }
});
