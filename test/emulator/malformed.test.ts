/**
 * Malformed requests: every one is answered 4xx in the API's error format
 * `{"error_msg", "error_code", "request_id"}` (request_id also in X-Request-Id), never 5xx:
 * body keys that name Object.prototype members (`__proto__`, `constructor`, ...) on every write route,
 * requests Node's HTTP parser refuses (sent over a raw socket), and a seeded, bounded run of random
 * methods, paths, headers and bodies.
 */
import { connect } from "node:net";
import { EMULATOR_ACCESS_KEY, FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { seededRandom as prng } from "../../emulator/chaos";
import { type Answer, send, signedCall } from "./helpers";

let emu: Emulator;
/** an emulator with authentication on, for the requests whose credentials are garbage */
let guarded: Emulator;
let base: string;
let poolId: string;
let memberId: string;

const LB = FIXTURE_IDS.lbMain;
const INHERITED_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

beforeAll(async () => {
  emu = await startEmulator({ auth: false });
  guarded = await startEmulator();
  base = `/v3/${emu.projectId}/elb`;
  const pool = await json("POST", `${base}/pools`, { pool: { lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB } });
  poolId = String(pool.body.pool.id);
  const added = await json("POST", `${base}/pools/${poolId}/members`, {
    member: { address: "192.168.0.10", protocol_port: 80, subnet_cidr_id: FIXTURE_IDS.subnetA },
  });
  memberId = String(added.body.member.id);
});
afterAll(async () => {
  await emu.close();
  await guarded.close();
});

function json(method: string, path: string, body: unknown): Promise<Answer> {
  return send(emu.url, method, path, { "content-type": "application/json" }, JSON.stringify(body));
}

/** The API's error format, with a 4xx status. */
function expectApiError(res: Answer, status?: number): void {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.body).toEqual({ error_msg: expect.any(String), error_code: expect.any(String), request_id: res.headers["x-request-id"] });
}

describe("body keys that name Object.prototype members are unknown fields (400 ELB.8902)", () => {
  // `@` is where the key goes (raw JSON text: an object literal's __proto__ would set the prototype)
  const routes: [string, string, () => string, string][] = [
    [
      "create v3 pool",
      "POST",
      () => `${base}/pools`,
      `{"pool":{"lb_algorithm":"ROUND_ROBIN","protocol":"TCP","loadbalancer_id":"${LB}",@}}`,
    ],
    [
      "create v3 pool, nested",
      "POST",
      () => `${base}/pools`,
      `{"pool":{"lb_algorithm":"ROUND_ROBIN","protocol":"TCP","session_persistence":{"type":"SOURCE_IP",@}}}`,
    ],
    ["create v3 pool, envelope", "POST", () => `${base}/pools`, `{"pool":{"lb_algorithm":"ROUND_ROBIN","protocol":"TCP"},@}`],
    ["update v3 pool", "PUT", () => `${base}/pools/${poolId}`, `{"pool":{"name":"x",@}}`],
    ["create master-slave pool", "POST", () => `${base}/master-slave-pools`, `{"pool":{"lb_algorithm":"ROUND_ROBIN","protocol":"TCP",@}}`],
    ["create master-slave pool, health check", "POST", () => `${base}/master-slave-pools`, `{"pool":{"healthmonitor":{"type":"TCP",@}}}`],
    ["create master-slave pool, member", "POST", () => `${base}/master-slave-pools`, `{"pool":{"members":[{"address":"10.0.0.1",@}]}}`],
    ["create v2 pool", "POST", () => `/v2/${emu.projectId}/elb/pools`, `{"pool":{"lb_algorithm":"ROUND_ROBIN","protocol":"TCP",@}}`],
    ["update v2 pool", "PUT", () => `/v2/${emu.projectId}/elb/pools/x`, `{"pool":{"name":"x",@}}`],
    ["create member", "POST", () => `${base}/pools/${poolId}/members`, `{"member":{"address":"192.168.0.11","protocol_port":80,@}}`],
    ["update member", "PUT", () => `${base}/pools/${poolId}/members/${memberId}`, `{"member":{"weight":3,@}}`],
    [
      "batch-add",
      "POST",
      () => `${base}/pools/${poolId}/members/batch-add`,
      `{"members":[{"address":"192.168.0.12","protocol_port":80,@}]}`,
    ],
    ["batch-delete", "POST", () => `${base}/pools/${poolId}/members/batch-delete`, `{"members":[{"id":"x",@}]}`],
    ["batch-update", "POST", () => `${base}/pools/${poolId}/members/batch-update`, `{"members":[{"id":"${memberId}",@}]}`],
  ];
  const cases = routes.flatMap(([name, method, path, template]) =>
    INHERITED_KEYS.map((key) => [name, key, method, path, template] as const),
  );

  test.each(cases)("%s with %s: 400 ELB.8902 naming the key", async (_name, key, method, path, template) => {
    const body = template.replace("@", `"${key}":{"check":1,"update":true}`);
    const res = await send(emu.url, method, path(), { "content-type": "application/json" }, body);
    expectApiError(res, 400);
    expect(res.body.error_code).toBe("ELB.8902");
    expect(res.body.error_msg).toMatch(new RegExp(`field/attribute (\\S+\\.)?${key}\\.`));
  });

  test("nothing was created or changed by them", async () => {
    expect(emu.pools()).toHaveLength(1);
    expect(emu.pool(poolId)).toMatchObject({ name: "" });
    expect(emu.members(poolId).map((m) => [m.id, m.weight])).toEqual([[memberId, 1]]);
    expect([emu.masterSlavePools(), emu.v2Pools()]).toEqual([[], []]);
  });

  test.each(INHERITED_KEYS)("list filter %s: 400 ELB.8902 unknown query parameter", async (key) => {
    for (const path of [
      `${base}/pools`,
      `${base}/master-slave-pools`,
      `${base}/pools/${poolId}/members`,
      `${base}/listeners`,
      `/v2/${emu.projectId}/elb/pools`,
    ]) {
      const res = await send(emu.url, "GET", `${path}?${encodeURIComponent(key)}=x`, {});
      expectApiError(res, 400);
      expect(res.body.error_msg).toContain(`field/attribute ${key}.`);
    }
  });

  test("signed requests are refused the same way (the checks do not depend on authentication being off)", async () => {
    const res = await signedCall(guarded.url, {
      method: "POST",
      path: `/v3/${guarded.projectId}/elb/pools`,
      body: JSON.parse(`{"pool":{"lb_algorithm":"ROUND_ROBIN","protocol":"TCP","constructor":{}}}`) as unknown,
      projectId: guarded.projectId,
    });
    expectApiError(res, 400);
    expect(res.body.error_msg).toContain("field/attribute constructor.");
  });
});

describe("signed header names that are Object.prototype members", () => {
  test.each(["constructor", "__proto__"])("SignedHeaders naming %s: 401, the header is not in the request", async (name) => {
    const sdkDate = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}Z$/, "Z");
    const res = await send(guarded.url, "GET", `/v3/${guarded.projectId}/elb/pools`, {
      authorization: `SDK-HMAC-SHA256 Access=${EMULATOR_ACCESS_KEY}, SignedHeaders=${name};host;x-sdk-date, Signature=00`,
      "x-sdk-date": sdkDate,
      "x-project-id": guarded.projectId,
    });
    expectApiError(res, 401);
    expect(res.body.error_msg).toContain(`signed header ${name} is not present in the request.`);
  });
});

/** What came back on a raw socket: the status line, the headers (lowercase names) and the body. */
interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Writes `text` as is to the emulator's port and reads until the server closes the connection. */
function raw(url: string, text: string | Buffer): Promise<RawAnswer> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const all = Buffer.concat(chunks).toString("latin1");
      const split = all.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = all.slice(0, split).split("\r\n");
      const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: all.slice(split + 4) });
    });
  });
}

function expectRawApiError(res: RawAnswer, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers.get("connection")).toBe("close");
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(res.body));
  const body: unknown = JSON.parse(res.body);
  expect(body).toEqual({ error_msg: expect.any(String), error_code: "ELB.8902", request_id: res.headers.get("x-request-id") });
}

describe("requests Node's HTTP parser refuses get the API's error body (raw socket)", () => {
  const host = "Host: 127.0.0.1\r\n";
  test("headers over 16 KB: 431", async () => {
    const res = await raw(emu.url, `GET ${"/v3/projects"} HTTP/1.1\r\n${host}X-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expectRawApiError(res, 431);
  });

  test.each([
    ["a garbage request line", "GARBAGE\r\n\r\n"],
    ["binary noise", Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a])],
    ["a header line without a colon", `GET /v3/projects HTTP/1.1\r\n${host}no colon here\r\n\r\n`],
    ["a bad Content-Length", `POST /v3/auth/tokens HTTP/1.1\r\n${host}Content-Length: abc\r\n\r\n`],
    ["bad chunked encoding", `POST ${"/v3/auth/tokens"} HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`],
    ["an HTTP version that does not exist", `GET /v3/projects HTTP/9.9.9\r\n${host}\r\n`],
  ])("%s: 400", async (_name, text) => {
    expectRawApiError(await raw(emu.url, text), 400);
  });

  test("the server keeps serving afterwards", async () => {
    await raw(emu.url, "GARBAGE\r\n\r\n");
    expect((await send(emu.url, "GET", "/v3/projects", {})).status).toBe(200);
  });
});

describe("a seeded run of random requests never gets a 5xx", () => {
  const ITERATIONS = 300;
  const random = prng(0x5eed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const KEYS = [...INHERITED_KEYS, "pool", "member", "members", "name", "protocol", "lb_algorithm", "address", "protocol_port", "id"];
  const KEYS_MORE = ["weight", "type", "listener_id", "loadbalancer_id", "session_persistence", "healthmonitor", "auth", "identity"];
  const SEGMENTS = ["pools", "members", "batch-add", "batch-delete", "batch-update", "master-slave-pools", "listeners", "loadbalancers"];
  const SEGMENTS_MORE = ["delete-cascade", "__proto__", "constructor", "%zz", "..", "x".repeat(300), "", "toString", "%2F"];

  function value(depth: number): unknown {
    const r = random();
    if (depth > 2 || r < 0.35) return pick([null, true, false, 0, -1, 1.5, 65536, 1e308, "", "x", "192.168.0.10", "ROUND_ROBIN", "TCP"]);
    if (r < 0.6) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
    const entries = Array.from({ length: 1 + Math.floor(random() * 3) }, () => [pick([...KEYS, ...KEYS_MORE]), value(depth + 1)]);
    return Object.fromEntries(entries);
  }

  /** a body: JSON (its keys may be any of the above, `__proto__` included), or text that is not JSON */
  function body(): string | undefined {
    const r = random();
    if (r < 0.15) return undefined;
    if (r < 0.25) return pick(["{", "[1,", "not json", "\u0000", '{"pool":', "null", "42", '"x"']);
    const inner = random() < 0.5 ? value(0) : Object.fromEntries(KEYS.slice(5).map((k) => [k, value(2)]));
    const text = JSON.stringify({ [pick(["pool", "member", "members", "auth"])]: random() < 0.3 ? [inner] : inner });
    // an own "__proto__" key can only be written as JSON text
    return random() < 0.3 ? text.replace(/"(name|id|type|protocol|address)"/, `"${pick(INHERITED_KEYS)}"`) : text;
  }

  /** the real routes (most of the time), or random segments */
  const ROUTES = [
    "pools",
    "pools/{pool}",
    "pools/{pool}/delete-cascade",
    "pools/{pool}/members",
    "pools/{pool}/members/{member}",
    "pools/{pool}/members/batch-add",
    "pools/{pool}/members/batch-delete",
    "pools/{pool}/members/batch-update",
    "master-slave-pools",
    "master-slave-pools/{pool}",
    "loadbalancers",
    "loadbalancers/{lb}",
    "listeners",
  ];

  function path(projectId: string): string {
    const r = random();
    if (r < 0.1) return pick(["/", "/v3/projects", "/v3/auth/tokens", "/v3", `/v3/${projectId}`, "/v2"]);
    const version = random() < 0.8 ? "v3" : "v2";
    const project = random() < 0.9 ? projectId : pick(["other", "__proto__", ""]);
    const id = () => pick([poolId, memberId, LB, "unknown-id", "__proto__", "constructor", "%zz"]);
    const route =
      random() < 0.7
        ? pick(ROUTES).replace(/\{\w+\}/g, id)
        : Array.from({ length: 1 + Math.floor(random() * 4) }, () => (random() < 0.7 ? pick(SEGMENTS) : pick(SEGMENTS_MORE))).join("/");
    const query =
      random() < 0.3 ? `?${pick([...KEYS, "limit", "marker", "page_reverse"])}=${pick(["1", "0", "true", "x", "%zz", ""])}` : "";
    return `/${version}/${project}/elb/${route}${query}`;
  }

  function headers(): Record<string, string> {
    const out: Record<string, string> = {};
    if (random() < 0.7) out["content-type"] = pick(["application/json", "text/plain", "application/json;charset=UTF-8"]);
    if (random() < 0.2) out["x-auth-token"] = pick(["", "MIIemu-not-issued", "x".repeat(2000)]);
    if (random() < 0.2)
      out.authorization = pick(["SDK-HMAC-SHA256 Access=x, SignedHeaders=host;constructor;__proto__, Signature=00", "Basic x", ""]);
    if (random() < 0.2) out["x-sdk-date"] = pick(["20240101T000000Z", "garbage", "99999999T999999Z"]);
    if (random() < 0.2) out["x-project-id"] = pick(["__proto__", "constructor", "x"]);
    return out;
  }

  test(`${ITERATIONS} requests: each is a 2xx/204 success or a 4xx in the API's error format`, async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const target = random() < 0.75 ? emu : guarded;
      const method = pick(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);
      const p = path(target.projectId);
      const b = method === "GET" ? undefined : body();
      const res = await send(target.url, method, p, headers(), b);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const seen = `${method} ${p} ${b ?? ""} → ${res.status} ${res.text.slice(0, 200)}`;
      if (res.status >= 400) {
        if (res.status >= 500 || typeof res.body !== "object" || res.body === null) throw new Error(`not a 4xx API error: ${seen}`);
        expectApiError(res);
      } else {
        expect([200, 201, 204]).toContain(res.status);
      }
    }
    // the run reached the models, not only the router: it saw invalid input and answers other than 404
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((s) => s !== 404).length).toBeGreaterThan(2);
  });
});
