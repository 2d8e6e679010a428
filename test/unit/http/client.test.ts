import * as util from "node:util";
import * as net from "node:net";
import type { Settings } from "../../../provider/config";
import { ElbClient, pathSegment, type ClientOptions } from "../../../provider/http/client";
import { ApiError, TransportError } from "../../../provider/http/errors";
import { inOperation } from "../../../provider/http/retry";
import { fakeClock, json, startServer, type Handler, type TestServer } from "./helpers";

const PID = "0123456789abcdef0123456789abcdef";
const AK = "AKDISTINCTIVE7Q3Z";
const SK = "SKdistinctiveSecret9x8w7v";
const ST = "STdistinctiveSecurityToken42";
const TOKEN = "TOKdistinctiveAuthToken77";
const SECRETS = [AK, SK, ST, TOKEN];

let servers: TestServer[] = [];
let clients: ElbClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  clients = [];
  servers = [];
});

async function setup(handler: Handler, opts: { settings?: Partial<Settings>; client?: ClientOptions; withoutProject?: boolean } = {}) {
  const server = await startServer(handler, { ak: AK, sk: SK });
  servers.push(server);
  const settings: Settings = {
    region: "cn-north-4",
    projectId: PID,
    accessKey: AK,
    secretKey: SK,
    elbEndpoint: server.url,
    iamEndpoint: server.url,
    ...opts.settings,
  };
  if (opts.withoutProject) delete settings.projectId;
  const clock = fakeClock();
  const lines: string[] = [];
  const client = new ElbClient(settings, { clock, random: () => 0.5, log: (l) => lines.push(l), ...opts.client });
  clients.push(client);
  return { server, client, clock, lines };
}

const pool = { id: "p1", name: "web" };

describe("ElbClient over a local server", () => {
  test("signed GET: URL, query, headers; the server's SDK check of the signature passes", async () => {
    const { server, client, lines } = await setup((_r, res) => json(res, 200, { request_id: "rid-1", pools: [pool] }));
    const out = await client.elb({
      method: "GET",
      path: ["pools"],
      query: { limit: 2, id: ["b", "a"], name: "x y*", enable: true, marker: undefined },
    });
    expect(out).toEqual({ status: 200, body: { request_id: "rid-1", pools: [pool] }, requestId: "rid-1" });
    const r = server.requests[0]!;
    expect(r.url).toBe(`/v3/${PID}/elb/pools?limit=2&id=b&id=a&name=x%20y%2A&enable=true`);
    expect(r.headers["x-project-id"]).toBe(PID);
    expect(r.headers["x-sdk-date"]).toBe("20240102T030405Z");
    expect(r.headers["content-type"]).toBeUndefined();
    expect(r.signatureOk).toBe(true);
    expect(lines).toEqual([`ELB GET /v3/${PID}/elb/pools -> 200 (0 ms)`]);
  });

  test("POST body is serialized once, sent as signed, with the JSON content type", async () => {
    const body = { members: [{ address: "192.168.0.10", protocol_port: 80, weight: 0, name: "é中" }] };
    const { server, client } = await setup((_r, res) => json(res, 201, { members: [] }));
    await client.elb({ method: "POST", path: ["pools", "p1", "members", "batch-add"], body, idempotent: true });
    const r = server.requests[0]!;
    expect(r.body).toBe(JSON.stringify(body));
    expect(r.headers["content-type"]).toBe("application/json;charset=UTF-8");
    expect(String(r.headers.authorization)).toMatch(/SignedHeaders=content-type;host;x-project-id;x-sdk-date,/);
    expect(r.signatureOk).toBe(true);
  });

  test("v2 API path; 204 gives an undefined body and the X-Request-Id header", async () => {
    const { server, client } = await setup((_r, res) => {
      res.writeHead(204, { "X-Request-Id": "rid-204" });
      res.end();
    });
    const out = await client.elb({ method: "DELETE", api: "v2", path: ["pools", "p-9"] });
    expect(out).toEqual({ status: 204, body: undefined, requestId: "rid-204" });
    expect(server.requests[0]!.url).toBe(`/v2/${PID}/elb/pools/p-9`);
  });

  test("temporary credentials: X-Security-Token is sent and signed", async () => {
    const { server, client } = await setup((_r, res) => json(res, 200, {}), { settings: { securityToken: ST } });
    await client.elb({ method: "GET", path: ["pools"] });
    const r = server.requests[0]!;
    expect(r.headers["x-security-token"]).toBe(ST);
    expect(String(r.headers.authorization)).toMatch(/SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,/);
    expect(r.signatureOk).toBe(true);
  });

  test("token auth: X-Auth-Token, no signature, no X-Project-Id", async () => {
    const { server, client } = await setup((_r, res) => json(res, 200, {}), {
      settings: { accessKey: undefined, secretKey: undefined, authToken: TOKEN },
    });
    await client.elb({ method: "GET", path: ["pools"] });
    const r = server.requests[0]!;
    expect(r.headers["x-auth-token"]).toBe(TOKEN);
    expect(r.headers.authorization).toBeUndefined();
    expect(r.headers["x-sdk-date"]).toBeUndefined();
    expect(r.headers["x-project-id"]).toBeUndefined();
  });

  test("keep-alive: sequential requests reuse connections", async () => {
    const { server, client } = await setup((_r, res) => json(res, 200, {}));
    for (let i = 0; i < 10; i++) await client.elb({ method: "GET", path: ["pools"] });
    expect(server.requests).toHaveLength(10);
    // undici's pool may alternate between two sockets, but never opens one per request.
    expect(server.connections).toBeLessThanOrEqual(2);
  });
});

describe("retry loop", () => {
  test("429 then 200: retried (even a creating POST), Retry-After honoured via the clock, re-signed", async () => {
    const { server, client, clock, lines } = await setup((_r, res, _raw, i) =>
      i === 0
        ? json(res, 429, { error_code: "APIGW.0308", error_msg: "The throttling threshold has been reached" }, { "Retry-After": "3" })
        : json(res, 201, { pool }),
    );
    const out = await client.elb({ method: "POST", path: ["pools"], body: { pool: { name: "web" } }, creates: true });
    expect(out.status).toBe(201);
    expect(server.requests).toHaveLength(2);
    expect(client.stats.attempts).toBe(2);
    expect(clock.sleeps).toEqual([3000]); // jitter would be 0.5*500 = 250: Retry-After wins
    const [a, b] = server.requests;
    expect(a!.headers["x-sdk-date"]).toBe("20240102T030405Z");
    expect(b!.headers["x-sdk-date"]).toBe("20240102T030408Z");
    expect(a!.headers.authorization).not.toBe(b!.headers.authorization);
    expect(a!.signatureOk && b!.signatureOk).toBe(true);
    expect(lines[0]).toMatch(/^ELB POST \/v3\/\w+\/elb\/pools -> 429 APIGW.0308: retry in 3000 ms \(throttled/);
    expect(lines[1]).toMatch(/-> 201 \(3000 ms\)$/);
  });

  test("Retry-After as an HTTP date", async () => {
    const start = Date.UTC(2024, 0, 2, 3, 4, 5);
    const { client, clock } = await setup((_r, res, _raw, i) =>
      i === 0 ? json(res, 429, {}, { "Retry-After": new Date(start + 9000).toUTCString() }) : json(res, 200, {}),
    );
    await client.elb({ method: "GET", path: ["pools"] });
    expect(clock.sleeps).toEqual([9000]);
  });

  test("Retry-After beyond the deadline: no wait, the 429 is thrown", async () => {
    const { server, client, clock } = await setup((_r, res) => json(res, 429, { error_code: "APIGW.0308" }, { "Retry-After": "600" }));
    const err = await client.elb({ method: "GET", path: ["pools"] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/Retry-After/);
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  test("503 then 200 for GET", async () => {
    const { server, client, clock } = await setup((_r, res, _raw, i) =>
      i === 0 ? json(res, 503, { error_msg: "busy" }) : json(res, 200, { pool }),
    );
    const out = await client.elb({ method: "GET", path: ["pools", "p1"] });
    expect(out.body).toEqual({ pool });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([250]); // 0.5 * min(20000, 500 * 2^0)
  });

  test("persistent 503 on GET gives up after maxAttempts", async () => {
    const { server, client, clock } = await setup((_r, res) => json(res, 503, { error_msg: "busy" }), {
      client: { retry: { maxAttempts: 4 } },
    });
    const err = await client.elb({ method: "GET", path: ["pools"] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.attempts).toBe(4);
    expect(err.ambiguous).toBe(false);
    expect(err.message).toMatch(/gave up after 4 attempts/);
    expect(server.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  test("a creating POST answered 500 is sent exactly once and throws ambiguous", async () => {
    const { server, client, clock } = await setup((_r, res) =>
      json(res, 500, { error_code: "ELB.8906", error_msg: "internal error", request_id: "rid-500" }),
    );
    const err = await client.elb({ method: "POST", path: ["pools"], body: { pool: { name: "web" } }, creates: true }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 500, code: "ELB.8906", requestId: "rid-500", ambiguous: true, method: "POST" });
    expect(err.message).toBe(
      `ELB POST /v3/${PID}/elb/pools: 500 ELB.8906 internal error (request_id rid-500); the outcome is unknown and the request was not re-sent`,
    );
    expect(server.requests).toHaveLength(1);
    expect(client.stats.attempts).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test("a reset connection on GET is retried", async () => {
    const { server, client } = await setup((_r, res, raw, i) => {
      if (i === 0) raw.socket.destroy();
      else json(res, 200, { ok: 1 });
    });
    const out = await client.elb({ method: "GET", path: ["pools"] });
    expect(out.body).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
    expect(client.stats.attempts).toBe(2);
  });

  test("a reset connection on a creating POST is not re-sent: TransportError, ambiguous", async () => {
    const { server, client } = await setup((_r, _res, raw) => {
      raw.socket.destroy();
    });
    const err = await client.elb({ method: "POST", path: ["pools"], body: {}, creates: true }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ ambiguous: true, sent: true, method: "POST", path: `/v3/${PID}/elb/pools` });
    expect(server.requests).toHaveLength(1);
  });

  test("connection refused proves nothing was sent: even a creating POST is retried", async () => {
    // Find a free port, keep it closed for the first attempt, open it during the backoff sleep.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    let server: TestServer | undefined;
    const clock = fakeClock(undefined, async () => {
      if (!server) {
        server = await startServer((_r, res) => json(res, 201, { pool }), { ak: AK, sk: SK }, port);
        servers.push(server);
      }
    });
    const client = new ElbClient(
      {
        region: "cn-north-4",
        projectId: PID,
        accessKey: AK,
        secretKey: SK,
        elbEndpoint: `http://127.0.0.1:${port}`,
        iamEndpoint: "http://127.0.0.1:1",
      },
      { clock, random: () => 0.5 },
    );
    clients.push(client);
    const out = await client.elb({ method: "POST", path: ["pools"], body: { pool: {} }, creates: true });
    expect(out.status).toBe(201);
    expect(client.stats.attempts).toBe(2);
    expect(server!.requests).toHaveLength(1);
  });

  test("connection refused, every time: TransportError, not ambiguous, nothing secret inside", async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new ElbClient(
      {
        region: "cn-north-4",
        projectId: PID,
        accessKey: AK,
        secretKey: SK,
        securityToken: ST,
        elbEndpoint: `http://127.0.0.1:${port}`,
        iamEndpoint: "http://127.0.0.1:1",
      },
      { clock: fakeClock(), random: () => 0, retry: { maxAttempts: 3 } },
    );
    clients.push(client);
    const err = await client.elb({ method: "PUT", path: ["pools", "p1"], body: { pool: {} } }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ sent: false, ambiguous: false, code: "ECONNREFUSED", attempts: 3 });
    expect(err.message).toMatch(/^ELB PUT \/v3\/\w+\/elb\/pools\/p1: connection refused \(ECONNREFUSED\); gave up after 3 attempts$/);
    assertNoSecrets(util.inspect(err, { depth: 10 }));
  });

  test("409 not ACTIVE then 200: retried (PUT)", async () => {
    const { server, client } = await setup((_r, res, _raw, i) =>
      i < 2
        ? json(res, 409, { error_code: "ELB.8907", error_msg: "Load balancer lb-1 is not ACTIVE (provisioning_status PENDING_UPDATE)" })
        : json(res, 200, { pool }),
    );
    const out = await client.elb({ method: "PUT", path: ["pools", "p1"], body: { pool: { name: "x" } } });
    expect(out.status).toBe(200);
    expect(server.requests).toHaveLength(3);
  });

  test("400 and 404 are not retried", async () => {
    const { server, client, clock } = await setup((r, res) =>
      r.url.endsWith("/p404")
        ? json(res, 404, { error_code: "ELB.8904", error_msg: "pool p404 could not be found.", request_id: "r4" })
        : json(res, 400, { error_code: "ELB.8902", error_msg: "Invalid input for lb_algorithm." }),
    );
    const e404 = await client.elb({ method: "GET", path: ["pools", "p404"] }).catch((e) => e);
    expect(e404.message).toBe(`ELB GET /v3/${PID}/elb/pools/p404: 404 ELB.8904 pool p404 could not be found. (request_id r4)`);
    expect(e404).toMatchObject({ status: 404, code: "ELB.8904", ambiguous: false, attempts: 1 });
    const e400 = await client.elb({ method: "PUT", path: ["pools", "p1"], body: {} }).catch((e) => e);
    expect(e400).toMatchObject({ status: 400, code: "ELB.8902", errorMsg: "Invalid input for lb_algorithm." });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([]);
  });

  test("error bodies: IAM style, non-JSON, request id from the header", async () => {
    const { client } = await setup((r, res) => {
      if (r.url.endsWith("/iam"))
        return json(res, 403, { error: { code: "IAM.0002", message: "no permission" } }, { "X-Request-Id": "hdr-rid" });
      res.writeHead(418, { "Content-Type": "text/html" });
      res.end("<html><body>\n  teapot  \n</body></html>");
    });
    const a = await client.elb({ method: "GET", path: ["iam"] }).catch((e) => e);
    expect(a).toMatchObject({ status: 403, code: "IAM.0002", errorMsg: "no permission", requestId: "hdr-rid" });
    const b = await client.elb({ method: "GET", path: ["html"] }).catch((e) => e);
    expect(b).toMatchObject({ status: 418, errorMsg: "<html><body> teapot </body></html>" });
    expect(b.code).toBeUndefined();
  });

  test("an operation's budget stops its retries across its requests; the next operation has its own", async () => {
    const { server, client } = await setup((_r, res) => json(res, 503, {}), {
      client: { retry: { budget: { capacity: 10, retryCost: 5 } } },
    });
    const get = () => client.elb({ method: "GET", path: ["pools"] }).catch((e) => e);
    const [e1, e2] = await inOperation(async () => [await get(), await get()]);
    expect(e1.attempts).toBe(3); // two retries drain the bucket
    expect(e1.message).toMatch(/budget/);
    expect(e2.attempts).toBe(1);
    expect(server.requests).toHaveLength(4);
    const e3 = await inOperation(get);
    expect(e3.attempts).toBe(3);
    expect(server.requests).toHaveLength(7);
  });
});

function assertNoSecrets(text: string) {
  for (const s of SECRETS) expect(text).not.toContain(s);
  expect(text).not.toMatch(/Signature=[0-9a-f]/);
}

describe("no credentials in errors or logs", () => {
  test("a server echoing the credentials back", async () => {
    const { client, lines } = await setup(
      (r, res) =>
        json(res, 401, {
          error_code: "APIGW.0301",
          error_msg: `Incorrect IAM authentication information: ${r.headers.authorization} token=${r.headers["x-security-token"]} ak=${AK} sk=${SK}`,
          request_id: `rid-${AK}`,
        }),
      { settings: { securityToken: ST } },
    );
    const err = await client.elb({ method: "GET", path: ["pools"] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.message).toContain("[redacted]");
    assertNoSecrets(err.message);
    assertNoSecrets(String(err.stack));
    assertNoSecrets(util.inspect(err, { depth: 10 }));
    assertNoSecrets(JSON.stringify(err));
    assertNoSecrets(lines.join("\n"));
    expect(lines).toEqual([`ELB GET /v3/${PID}/elb/pools -> 401 APIGW.0301 (0 ms, 1 attempt(s))`]);
  });

  test("token auth: the token never appears", async () => {
    const { client, lines } = await setup((r, res) => json(res, 401, { error_msg: `bad token ${r.headers["x-auth-token"]}` }), {
      settings: { accessKey: undefined, secretKey: undefined, authToken: TOKEN },
    });
    const err = await client.elb({ method: "GET", path: ["pools"] }).catch((e) => e);
    assertNoSecrets(util.inspect(err, { depth: 10 }));
    assertNoSecrets(lines.join("\n"));
  });

  test("a reset on a signed POST", async () => {
    const { client, lines } = await setup(
      (_r, _res, raw) => {
        raw.socket.destroy();
      },
      { settings: { securityToken: ST } },
    );
    const err = await client.elb({ method: "POST", path: ["pools"], body: { k: AK }, creates: true }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    assertNoSecrets(util.inspect(err, { depth: 10 }));
    assertNoSecrets(lines.join("\n"));
  });
});

describe("project discovery", () => {
  const iam =
    (projects: { id: string; name: string }[]): Handler =>
    (r, res) => {
      if (r.url.startsWith("/v3/projects")) return json(res, 200, { projects });
      return json(res, 200, { url: r.url });
    };

  test("one match: used in the ELB path, looked up once for concurrent callers", async () => {
    const found = "fedcba9876543210fedcba9876543210";
    const { server, client } = await setup(
      iam([
        { id: found, name: "cn-north-4" },
        { id: "x".repeat(32), name: "cn-north-4_sub" },
      ]),
      { withoutProject: true },
    );
    const ids = await Promise.all([client.projectId(), client.projectId(), client.projectId()]);
    expect(ids).toEqual([found, found, found]);
    const outs = await Promise.all([1, 2, 3].map(() => client.elb<{ url: string }>({ method: "GET", path: ["pools"] })));
    expect(outs.map((o) => o.body.url)).toEqual(Array(3).fill(`/v3/${found}/elb/pools`));
    const iamCalls = server.requests.filter((r) => r.url.startsWith("/v3/projects"));
    expect(iamCalls).toHaveLength(1);
    expect(iamCalls[0]!.url).toBe("/v3/projects?name=cn-north-4");
    expect(iamCalls[0]!.signatureOk).toBe(true);
    expect(iamCalls[0]!.headers["x-project-id"]).toBeUndefined();
  });

  test("concurrent ELB calls before discovery share one lookup", async () => {
    const found = "fedcba9876543210fedcba9876543210";
    const { server, client } = await setup(iam([{ id: found, name: "cn-north-4" }]), { withoutProject: true });
    await Promise.all([1, 2, 3, 4].map(() => client.elb({ method: "GET", path: ["pools"] })));
    expect(server.requests.filter((r) => r.url.startsWith("/v3/projects"))).toHaveLength(1);
  });

  test("no match: a clear error, and a later call asks again", async () => {
    const { server, client } = await setup(iam([{ id: "a".repeat(32), name: "cn-north-1" }]), { withoutProject: true });
    await expect(client.elb({ method: "GET", path: ["pools"] })).rejects.toThrow(/no project named cn-north-4.*huaweicloud:projectId/);
    await expect(client.projectId()).rejects.toThrow(/no project/);
    expect(server.requests).toHaveLength(2);
  });

  test("two matches: a clear error naming both", async () => {
    const { client } = await setup(
      iam([
        { id: "a".repeat(32), name: "cn-north-4" },
        { id: "b".repeat(32), name: "cn-north-4" },
      ]),
      { withoutProject: true },
    );
    await expect(client.projectId()).rejects.toThrow(/2 projects named cn-north-4 \(a{32}, b{32}\)/);
  });

  test("a configured project ID is used without asking IAM", async () => {
    const { server, client } = await setup(iam([]));
    expect(await client.projectId()).toBe(PID);
    expect(server.requests).toHaveLength(0);
  });
});

describe("pathSegment", () => {
  test.each(["../x", "a/b", "%2F", "", ".", "..", "a b", "a?b", "a#b", "-lead", "x".repeat(129), "a\n", "é"])("rejects %j", (bad) => {
    expect(() => pathSegment(bad, "poolId")).toThrow(/^poolId is not a valid ID/);
    // The message never carries the value (it names the field).
    try {
      pathSegment(bad, "poolId");
    } catch (e) {
      if (bad.length > 2) expect((e as Error).message).not.toContain(bad);
    }
  });
  test.each(["p1", "0b6a8f14-4e3c-4b3f-9d1e-2f7a2b0c9e11", "a.b_c-d", "x".repeat(128)])("accepts %s", (ok) => {
    expect(pathSegment(ok)).toBe(ok);
  });
  test("the client refuses a bad segment before sending anything", async () => {
    const { server, client } = await setup((_r, res) => json(res, 200, {}));
    await expect(client.elb({ method: "GET", path: ["pools", "../loadbalancers"] })).rejects.toThrow(
      /request path segment 2 is not a valid ID/,
    );
    await expect(client.elb({ method: "DELETE", path: ["pools", "a/b"] })).rejects.toThrow(/not a valid ID/);
    expect(server.requests).toHaveLength(0);
    expect(client.stats.attempts).toBe(0);
  });
});
