/**
 * The pool kind's create after an ambiguous POST, against a local server that echoes the
 * credentials back in its error bodies: the failure is an AmbiguousCreateError that keeps the
 * POST's own failure as its cause, and nothing in it (message, cause, inspection) holds a secret.
 */
import * as util from "node:util";
import type { Settings } from "../../provider/config";
import { ElbClient } from "../../provider/http/client";
import { AmbiguousCreateError, ApiError } from "../../provider/http/errors";
import { makeProvider } from "../../provider/lifecycle/engine";
import { poolKind } from "../../provider/resources/pool/provider";
import { poolV2Kind } from "../../provider/resources/pool-v2/provider";
import { fakeClock, json, startServer, type Handler, type TestServer } from "./http/helpers";

const PID = "0123456789abcdef0123456789abcdef";
const AK = "AKDISTINCTIVE7Q3Z";
const SK = "SKdistinctiveSecret9x8w7v";
const ST = "STdistinctiveSecurityToken42";

let server: TestServer | undefined;
let client: ElbClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

async function providerFor(kind: typeof poolKind, handler: Handler) {
  server = await startServer(handler);
  const settings: Settings = {
    region: "cn-north-4",
    projectId: PID,
    accessKey: AK,
    secretKey: SK,
    securityToken: ST,
    elbEndpoint: server.url,
    iamEndpoint: server.url,
  };
  const c = new ElbClient(settings, { clock: fakeClock(), random: () => 0.5 });
  client = c;
  return makeProvider(kind, () => ({ client: c }));
}

/** An error body that repeats every credential and the request's own signature. */
const echo = (req: { headers: Record<string, unknown> }) => ({
  error_code: "ELB.0001",
  error_msg: `failed for ${AK} ${SK} ${ST} ${String(req.headers.authorization)}`,
});

const inputs = { name: "web", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };

function expectNoSecrets(e: unknown) {
  const text = util.inspect(e, { depth: 10 });
  for (const secret of [AK, SK, ST]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/Signature=[0-9a-f]{16,}/);
}

test("a lookup that fails: AmbiguousCreateError, the POST's failure as cause, no secret anywhere", async () => {
  let posted = false;
  const p = await providerFor(poolKind, (req, res) => {
    if (req.method === "POST") posted = true;
    // the listing before the POST finds nothing; the lookup after it is refused
    return posted ? json(res, req.method === "POST" ? 500 : 403, echo(req)) : json(res, 200, { pools: [] });
  });
  const err = await p.create!(inputs).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AmbiguousCreateError);
  expect((err as Error).message).toMatch(/may or may not have been created \(looking it up failed: ELB GET .*403/);
  const cause = (err as AmbiguousCreateError).cause;
  expect(cause).toBeInstanceOf(ApiError);
  expect(cause).toMatchObject({ method: "POST", status: 500, ambiguous: true });
  expect((err as Error).message.startsWith(cause.message)).toBe(true);
  expect(server!.requests.map((r) => r.method)).toEqual(["GET", "POST", "GET"]);
  expectNoSecrets(err);
});

test("several candidates (v2, snapshot lookup): AmbiguousCreateError naming the kind, cause kept", async () => {
  const twin = (id: string) => ({ id, name: "web", protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", loadbalancers: [{ id: "lb-1" }] });
  let lists = 0;
  const p = await providerFor(poolV2Kind, (req, res) => {
    if (req.method === "POST") return json(res, 500, echo(req));
    // before the POST: none; after it: two that could each be the one it made
    return json(res, 200, { pools: lists++ === 0 ? [] : [twin("a"), twin("b")] });
  });
  const err = await p.create!(inputs).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AmbiguousCreateError);
  expect((err as Error).message).toMatch(/the v2 pool may or may not have been created \(several recent v2 pools match it\)/);
  expect((err as AmbiguousCreateError).cause).toMatchObject({ method: "POST", status: 500, ambiguous: true });
  expect(server!.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`)).toEqual([
    `GET /v2/${PID}/elb/pools`,
    `POST /v2/${PID}/elb/pools`,
    `GET /v2/${PID}/elb/pools`,
  ]);
  expectNoSecrets(err);
});

/** A v3 pool holding `inputs`, created this very second (the API's `created_at` has second resolution). */
const lookalike = (id: string) => ({
  id,
  name: "web",
  protocol: "HTTP",
  lb_algorithm: "ROUND_ROBIN",
  created_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  loadbalancers: [{ id: "lb-1" }],
});

test("v3: a look-alike listed before the POST is never adopted, even when created a second ago; two new ones are reported", async () => {
  const pool = lookalike;
  let lists = 0;
  const p = await providerFor(poolKind, (req, res) => {
    if (req.method === "POST") return json(res, 503, echo(req));
    // before the POST: "old" (created this very second); after it: "old" and two new ones
    return json(res, 200, { pools: lists++ === 0 ? [pool("old")] : [pool("old"), pool("a"), pool("b")] });
  });
  const err = await p.create!(inputs).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(/several recent pools match it/);
  expect(server!.requests.filter((r) => r.method === "POST")).toHaveLength(1);
});

test("v3: the one new look-alike after an ambiguous POST is adopted; the older twin is not", async () => {
  const pool = lookalike;
  let lists = 0;
  const p = await providerFor(poolKind, (req, res) => {
    if (req.method === "POST") return json(res, 502, echo(req));
    if (req.url.includes("/pools/")) return json(res, 200, { pool: pool("mine") });
    return json(res, 200, { pools: lists++ === 0 ? [pool("old")] : [pool("old"), pool("mine")] });
  });
  const { id } = await p.create!(inputs);
  expect(id).toBe("mine");
});
