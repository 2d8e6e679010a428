/**
 * The emulator's AK/SK verification, tokens and project discovery, checked against the documented known
 * answers and against requests signed by the official SDK core's signer.
 */
import { createHash } from "node:crypto";
import { canonicalQueryString, computeSignature, formatSdkDate, parseQuery, sha256Hex } from "../../emulator/auth";
import {
  EMULATOR_ACCESS_KEY,
  EMULATOR_PASSWORD,
  EMULATOR_PROJECT_ID,
  EMULATOR_REGION,
  EMULATOR_SECRET_KEY,
  EMULATOR_USER,
  startEmulator,
  type Emulator,
} from "../../emulator";
import { elb, queryString, sdkSign, send, signedCall } from "./helpers";

describe("canonical request: ELB-API.md known answers", () => {
  test("POST batch-add with content-type, host, x-project-id, x-sdk-date", () => {
    const body = '{"members":[{"address":"192.168.0.10","protocol_port":80,"subnet_cidr_id":"sub-1"}]}';
    const signature = computeSignature("SKEXAMPLE", "20240102T030405Z", {
      method: "POST",
      path: "/v3/0123456789abcdef0123456789abcdef/elb/pools/p1/members/batch-add",
      query: new Map(),
      signedHeaders: [
        ["content-type", "application/json;charset=UTF-8"],
        ["host", "elb.cn-north-4.myhuaweicloud.com"],
        ["x-project-id", "0123456789abcdef0123456789abcdef"],
        ["x-sdk-date", "20240102T030405Z"],
      ],
      payloadHash: sha256Hex(body),
    });
    expect(signature).toBe("8dd501f2eb3060cbcf70645fd40bd48eb14136ee8db26abd9b02425f1f66e3a4");
  });

  test("GET with repeated and encoded query values", () => {
    const query = parseQuery("limit=2&id=b&id=a&name=x%20y*");
    expect(canonicalQueryString(query)).toBe("id=a&id=b&limit=2&name=x%20y%2A");
    const signature = computeSignature("SKEXAMPLE", "20240102T030405Z", {
      method: "GET",
      path: "/v3/pid/elb/pools",
      query,
      signedHeaders: [
        ["host", "elb.cn-north-4.myhuaweicloud.com"],
        ["x-sdk-date", "20240102T030405Z"],
      ],
      payloadHash: createHash("sha256").update("").digest("hex"),
    });
    expect(signature).toBe("1687e4669ddc80e0daf2bfaa877d2be85f1300139d6166c614fa59672598b1ed");
  });
});

describe("AK/SK over HTTP", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  const listPath = () => `/v3/${emu.projectId}/elb/pools`;

  test("the SDK-signed GET with repeated query keys is accepted", async () => {
    const res = await signedCall(emu.url, {
      method: "GET",
      path: listPath(),
      query: { limit: "5", id: ["b-id", "a-id"], name: "x y*" },
      projectId: emu.projectId,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pools: [], page_info: { current_count: 0 } });
    expect(res.headers["x-request-id"]).toBe(res.body.request_id);
  });

  test("the SDK-signed POST is accepted; UNSIGNED-PAYLOAD (non-JSON content type) is accepted too", async () => {
    const lb = emu.fixtures.loadbalancers[0]!.id;
    const a = await signedCall(emu.url, {
      method: "POST",
      path: listPath(),
      body: { pool: { lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: lb } },
      projectId: emu.projectId,
    });
    expect(a.status).toBe(201);
    const headers = await sdkSign(emu.url, {
      method: "POST",
      path: listPath(),
      headers: { "Content-Type": "application/json;charset=UTF-8" },
      body: { pool: { lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: lb } },
      projectId: emu.projectId,
    });
    expect(headers["X-Sdk-Content-Sha256"]).toBe("UNSIGNED-PAYLOAD");
    const b = await send(
      emu.url,
      "POST",
      listPath(),
      headers,
      JSON.stringify({ pool: { lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: lb } }),
    );
    expect(b.status).toBe(201);
  });

  test("a body changed after signing is rejected with 401 APIGW.0301", async () => {
    const body = { pool: { lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: emu.fixtures.loadbalancers[0]!.id } };
    const headers = await sdkSign(emu.url, { method: "POST", path: listPath(), body, projectId: emu.projectId });
    const before = emu.pools().length;
    const res = await send(emu.url, "POST", listPath(), headers, JSON.stringify({ ...body, pool: { ...body.pool, name: "x" } }));
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe("APIGW.0301");
    expect(emu.pools().length).toBe(before);
  });

  test("a changed query, signature, path or header is rejected", async () => {
    const headers = await sdkSign(emu.url, { method: "GET", path: listPath(), query: { limit: "1" }, projectId: emu.projectId });
    const tampered = [
      send(emu.url, "GET", `${listPath()}?limit=2`, headers),
      send(emu.url, "GET", `${listPath()}?limit=1&id=x`, headers),
      send(emu.url, "GET", `/v3/${emu.projectId}/elb/loadbalancers?limit=1`, headers),
      send(emu.url, "GET", `${listPath()}?limit=1`, { ...headers, "X-Project-Id": "f".repeat(32) }),
      send(emu.url, "GET", `${listPath()}?limit=1`, {
        ...headers,
        Authorization: headers.Authorization!.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`),
      }),
    ];
    for (const res of await Promise.all(tampered)) {
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe("APIGW.0301");
    }
    // untouched, it passes
    expect((await send(emu.url, "GET", `${listPath()}?limit=1`, headers)).status).toBe(200);
  });

  test("wrong SK, unknown AK and missing auth are 401 APIGW.0301 and never echo the secret", async () => {
    const wrongSk = await signedCall(emu.url, { method: "GET", path: listPath(), projectId: emu.projectId, sk: "not-the-secret" });
    expect(wrongSk.status).toBe(401);
    expect(wrongSk.body.error_code).toBe("APIGW.0301");
    expect(wrongSk.text).not.toContain(EMULATOR_SECRET_KEY);
    expect(wrongSk.text).not.toContain("not-the-secret");

    const unknownAk = await signedCall(emu.url, { method: "GET", path: listPath(), projectId: emu.projectId, ak: "NOSUCHAK" });
    expect(unknownAk.status).toBe(401);
    expect(unknownAk.body.error_msg).toContain("NOSUCHAK");

    const none = await send(emu.url, "GET", listPath(), {});
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error_msg: expect.stringContaining("Authorization"),
      error_code: "APIGW.0301",
      request_id: expect.any(String),
    });
  });

  test("SignedHeaders must include host and x-sdk-date", async () => {
    const date = formatSdkDate(Date.now());
    const host = new URL(emu.url).host;
    const sign = (names: [string, string][]) =>
      computeSignature(EMULATOR_SECRET_KEY, date, {
        method: "GET",
        path: listPath(),
        query: new Map(),
        signedHeaders: names,
        payloadHash: sha256Hex(""),
      });
    const withoutDate: [string, string][] = [
      ["host", host],
      ["x-project-id", emu.projectId],
    ];
    const res = await send(emu.url, "GET", listPath(), {
      "X-Sdk-Date": date,
      "X-Project-Id": emu.projectId,
      Authorization: `SDK-HMAC-SHA256 Access=${EMULATOR_ACCESS_KEY}, SignedHeaders=host;x-project-id, Signature=${sign(withoutDate)}`,
    });
    expect(res.status).toBe(401);
    expect(res.body.error_msg).toContain("x-sdk-date");

    const full: [string, string][] = [
      ["host", host],
      ["x-project-id", emu.projectId],
      ["x-sdk-date", date],
    ];
    const good = await send(emu.url, "GET", listPath(), {
      "X-Sdk-Date": date,
      "X-Project-Id": emu.projectId,
      Authorization: `SDK-HMAC-SHA256 Access=${EMULATOR_ACCESS_KEY}, SignedHeaders=host;x-project-id;x-sdk-date, Signature=${sign(full)}`,
    });
    expect(good.status).toBe(200);
  });

  test("X-Project-Id must match the URI's project (403); an unknown project is 403", async () => {
    const other = "a".repeat(32);
    const mismatch = await signedCall(emu.url, { method: "GET", path: listPath(), projectId: other });
    expect(mismatch.status).toBe(403);
    expect(mismatch.body.error_code).toBe("ELB.8903");
    const missing = await signedCall(emu.url, { method: "GET", path: listPath(), projectId: null });
    expect(missing.status).toBe(403);
    const unknown = await signedCall(emu.url, { method: "GET", path: `/v3/${other}/elb/pools`, projectId: other });
    expect(unknown.status).toBe(403);
    expect(unknown.body.error_msg).toContain(other);
  });

  test("unknown routes and methods are 404 APIGW.0101, before authentication", async () => {
    for (const [method, path] of [
      ["GET", "/v3/nothing"],
      ["PATCH", listPath()],
      ["POST", `${listPath()}/some-id`],
      ["GET", `${listPath()}/`],
    ] as const) {
      const res = await send(emu.url, method, path, {});
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error_msg: "The API does not exist or has not been published in the environment",
        error_code: "APIGW.0101",
        request_id: expect.any(String),
      });
      expect(res.headers["x-request-id"]).toBe(res.body.request_id);
    }
  });
});

describe("clock skew", () => {
  test("X-Sdk-Date more than 15 minutes from the emulator clock is 401 APIGW.0303", async () => {
    let offset = 16 * 60 * 1000;
    const emu = await startEmulator({ now: () => Date.now() + offset });
    try {
      const path = `/v3/${emu.projectId}/elb/pools`;
      const res = await signedCall(emu.url, { method: "GET", path, projectId: emu.projectId });
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe("APIGW.0303");
      offset = 14 * 60 * 1000;
      expect((await signedCall(emu.url, { method: "GET", path, projectId: emu.projectId })).status).toBe(200);
      offset = -16 * 60 * 1000;
      expect((await signedCall(emu.url, { method: "GET", path, projectId: emu.projectId })).body.error_code).toBe("APIGW.0303");
    } finally {
      await emu.close();
    }
  });
});

describe("temporary credentials", () => {
  test("X-Security-Token must be present, equal and signed", async () => {
    const emu = await startEmulator({
      credentials: [
        { accessKey: "TEMPAK", secretKey: "temp-secret", securityToken: "sec-token-1" },
        { accessKey: "PERMAK", secretKey: "perm-secret" },
      ],
    });
    try {
      const path = `/v3/${emu.projectId}/elb/pools`;
      const base = { method: "GET", path, projectId: emu.projectId, ak: "TEMPAK", sk: "temp-secret" };
      expect((await signedCall(emu.url, { ...base, securityToken: "sec-token-1" })).status).toBe(200);
      const wrong = await signedCall(emu.url, { ...base, securityToken: "sec-token-2" });
      expect(wrong.status).toBe(401);
      expect(wrong.text).not.toContain("sec-token-1");
      expect((await signedCall(emu.url, base)).status).toBe(401);
      // present but not signed: add it after signing
      const headers = await sdkSign(emu.url, base);
      expect((await send(emu.url, "GET", path, { ...headers, "X-Security-Token": "sec-token-1" })).status).toBe(401);
      // the default credential is not configured here
      expect((await signedCall(emu.url, { method: "GET", path, projectId: emu.projectId })).status).toBe(401);
      expect((await signedCall(emu.url, { ...base, ak: "PERMAK", sk: "perm-secret" })).status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});

describe("IAM: project discovery and tokens", () => {
  let now = Date.UTC(2024, 0, 2, 3, 4, 5);
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ now: () => now });
  });
  afterAll(() => emu.close());

  const sdkDateHeader = () => ({ "X-Sdk-Date": formatSdkDate(now) });
  const passwordBody = (password: string, scope: Record<string, unknown> = { project: { name: EMULATOR_REGION } }) =>
    JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: EMULATOR_USER, password, domain: { name: "any-domain" } } } },
        scope,
      },
    });

  test("GET /v3/projects?name={region} signed with AK/SK and no X-Project-Id finds the one project", async () => {
    const res = await signedCall(emu.url, {
      method: "GET",
      path: "/v3/projects",
      query: { name: EMULATOR_REGION },
      headers: sdkDateHeader(),
      projectId: null,
    });
    expect(res.status).toBe(200);
    expect(res.body.projects).toHaveLength(1);
    expect(res.body.projects[0]).toMatchObject({
      id: EMULATOR_PROJECT_ID,
      name: EMULATOR_REGION,
      enabled: true,
      domain_id: expect.any(String),
    });
    expect(res.body.links).toBeDefined();

    const none = await signedCall(emu.url, {
      method: "GET",
      path: "/v3/projects",
      query: { name: "ap-southeast-1" },
      headers: sdkDateHeader(),
      projectId: null,
    });
    expect(none.body.projects).toEqual([]);

    const unsigned = await send(emu.url, "GET", `/v3/projects${queryString({ name: EMULATOR_REGION })}`, {});
    expect(unsigned.status).toBe(401);
  });

  test("password token: 201 with X-Subject-Token, valid 24 h by the emulator clock", async () => {
    const bad = await send(emu.url, "POST", "/v3/auth/tokens", { "Content-Type": "application/json" }, passwordBody("wrong"));
    expect(bad.status).toBe(401);
    expect(bad.text).not.toContain(EMULATOR_PASSWORD);

    const unknownScope = await send(
      emu.url,
      "POST",
      "/v3/auth/tokens",
      { "Content-Type": "application/json" },
      passwordBody(EMULATOR_PASSWORD, { project: { name: "ap-southeast-1" } }),
    );
    expect(unknownScope.status).toBe(401);

    const res = await send(emu.url, "POST", "/v3/auth/tokens", { "Content-Type": "application/json" }, passwordBody(EMULATOR_PASSWORD));
    expect(res.status).toBe(201);
    const token = res.headers["x-subject-token"] as string;
    expect(token).toMatch(/^MII/);
    expect(res.body.token).toMatchObject({
      project: { id: EMULATOR_PROJECT_ID, name: EMULATOR_REGION },
      issued_at: "2024-01-02T03:04:05.000000Z",
      expires_at: "2024-01-03T03:04:05.000000Z",
    });

    const byId = await send(
      emu.url,
      "POST",
      "/v3/auth/tokens",
      { "Content-Type": "application/json" },
      passwordBody(EMULATOR_PASSWORD, { project: { id: EMULATOR_PROJECT_ID } }),
    );
    expect(byId.status).toBe(201);

    const pools = `/v3/${EMULATOR_PROJECT_ID}/elb/pools`;
    expect((await send(emu.url, "GET", pools, { "X-Auth-Token": token })).status).toBe(200);
    const projects = await send(emu.url, "GET", "/v3/projects?name=cn-north-4", { "X-Auth-Token": token });
    expect(projects.body.projects[0].id).toBe(EMULATOR_PROJECT_ID);
    // the token's project must be the URI's
    expect((await send(emu.url, "GET", `/v3/${"b".repeat(32)}/elb/pools`, { "X-Auth-Token": token })).status).toBe(403);

    const forged = await send(emu.url, "GET", pools, { "X-Auth-Token": `${token}x` });
    expect(forged.status).toBe(401);
    expect(forged.body.error_code).toBe("APIGW.0301");

    now += 24 * 60 * 60 * 1000 - 1000;
    expect((await send(emu.url, "GET", pools, { "X-Auth-Token": token })).status).toBe(200);
    now += 1000;
    const expired = await send(emu.url, "GET", pools, { "X-Auth-Token": token });
    expect(expired.status).toBe(401);
    expect(expired.body.error_msg).toContain("expired");
  });
});

describe("auth: false", () => {
  test("serves without credentials but still checks the project", async () => {
    const emu = await startEmulator({ auth: false });
    try {
      expect((await send(emu.url, "GET", `/v3/${emu.projectId}/elb/loadbalancers`, {})).status).toBe(200);
      expect((await send(emu.url, "GET", `/v3/${"c".repeat(32)}/elb/loadbalancers`, {})).status).toBe(403);
      const created = await elb(emu).createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", type: "ip" });
      expect(created.status).toBe(201);
    } finally {
      await emu.close();
    }
  });
});
