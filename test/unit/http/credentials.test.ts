/**
 * Distinctive credentials (AK/SK, security token, auth token) against a server that echoes every
 * request header back in its 401 body: the errors, their causes and the API-call log hold none of
 * them; an expired token (401 APIGW.0307) says which setting to renew.
 */
import * as util from "node:util";
import type { Settings } from "../../../provider/config";
import { ElbClient } from "../../../provider/http/client";
import { fakeClock, json, startServer, type TestServer } from "./helpers";

const AK = "AKPROBE4F7E2CREDTEST";
const SK = "SKprobe-9b1d-distinctive-secret-key";
const ST = "STprobe-security-token-71c5a0";
const AUTH = "MIIauthTokenProbe-5e3b-never-logged";
const SECRETS = [AK, SK, ST, AUTH];

let server: TestServer | undefined;
afterEach(async () => server?.close());

/** Every header of the request, echoed in a 401 body in the API's error format. */
async function echoing(code: string) {
  server = await startServer((req, res) =>
    json(res, 401, { error_code: code, error_msg: `Incorrect IAM authentication information: ${JSON.stringify(req.headers)}` }),
  );
  return server;
}

async function failure(creds: Partial<Settings>): Promise<{ text: string; log: string }> {
  const s = server!;
  const lines: string[] = [];
  const settings: Settings = {
    region: "cn-north-4",
    projectId: "0123456789abcdef0123456789abcdef",
    elbEndpoint: s.url,
    iamEndpoint: s.url,
    ...creds,
  };
  const client = new ElbClient(settings, { clock: fakeClock(), log: (l) => lines.push(l) });
  try {
    const e = await client.elb({ method: "GET", path: ["pools"] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(Error);
    return { text: `${(e as Error).message}\n${(e as Error).stack}\n${util.inspect(e, { depth: 10 })}`, log: lines.join("\n") };
  } finally {
    await client.close();
  }
}

test.each([
  ["AK/SK with a security token", { accessKey: AK, secretKey: SK, securityToken: ST }],
  ["an auth token", { authToken: AUTH }],
])("%s: a 401 that echoes the request's headers leaks nothing into the error or the log", async (_what, creds) => {
  const s = await echoing("APIGW.0301");
  const { text, log } = await failure(creds);
  expect(text).toMatch(/401 APIGW\.0301/);
  expect(s.requests.length).toBeGreaterThan(0);
  expect(log).toMatch(/GET \/v3\/[0-9a-f]{32}\/elb\/pools -> 401/);
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    expect(log).not.toContain(secret);
  }
  expect(text).not.toMatch(/Signature=[0-9a-f]{16,}/);
});

test("an expired token (401 APIGW.0307) says which setting to renew, and shows no token", async () => {
  await echoing("APIGW.0307");
  const { text } = await failure({ authToken: AUTH });
  expect(text).toMatch(
    /APIGW\.0307.*the token has expired: renew huaweicloud:token \(or its alias huaweicloud:authToken; env HW_AUTH_TOKEN\)/,
  );
  expect(text).not.toContain(AUTH);
});
