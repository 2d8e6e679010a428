/**
 * TLS: verification is on by default (a self-signed endpoint is refused), `huaweicloud:cacertFile`
 * (env HW_CACERT_FILE) trusts a CA bundle, and `huaweicloud:insecure` turns verification off with a
 * warning on stderr, once. The certificate is made at test time with openssl, for 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveSettings } from "../../../provider/config";
import { ElbClient } from "../../../provider/http/client";
import { fakeClock } from "./helpers";

let dir: string;
let server: https.Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "elb-tls-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
  ], { stdio: "ignore" }); // prettier-ignore
  server = https.createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ pools: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const base = () => ({
  HW_REGION_NAME: "cn-north-4",
  HW_PROJECT_ID: "0123456789abcdef0123456789abcdef",
  HW_ACCESS_KEY: "AKTLS",
  HW_SECRET_KEY: "SKTLS",
  HW_ELB_ENDPOINT: url,
  HW_IAM_ENDPOINT: url,
});

async function listPools(env: Record<string, string>, config: Record<string, string> = {}) {
  const client = new ElbClient(resolveSettings({ get: (k) => config[k] }, env), { clock: fakeClock(), retry: { maxAttempts: 1 } });
  try {
    return await client.elb<{ pools: unknown[] }>({ method: "GET", path: ["pools"] });
  } finally {
    await client.close();
  }
}

test("verification is on by default: a self-signed endpoint is refused", async () => {
  await expect(listPools(base())).rejects.toThrow(/SELF_SIGNED_CERT/);
});

test("huaweicloud:cacertFile (or HW_CACERT_FILE) trusts the bundle it names", async () => {
  expect((await listPools(base(), { "huaweicloud:cacertFile": join(dir, "cert.pem") })).status).toBe(200);
  expect((await listPools({ ...base(), HW_CACERT_FILE: join(dir, "cert.pem") })).status).toBe(200);
});

test("a cacertFile that cannot be read or is no PEM fails configuration, naming the key", () => {
  expect(() => resolveSettings({ get: (k) => (k === "huaweicloud:cacertFile" ? join(dir, "missing.pem") : undefined) }, base())).toThrow(
    /stack config huaweicloud:cacertFile names a file that cannot be read/,
  );
  writeFileSync(join(dir, "junk.pem"), "not a certificate");
  expect(() => resolveSettings(undefined, { ...base(), HW_CACERT_FILE: join(dir, "junk.pem") })).toThrow(
    /HW_CACERT_FILE must name a PEM file/,
  );
});

test("huaweicloud:insecure turns verification off and warns once on stderr", async () => {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    expect((await listPools(base(), { "huaweicloud:insecure": "true" })).status).toBe(200);
    expect((await listPools({ ...base(), HW_INSECURE: "true" })).status).toBe(200);
  } finally {
    spy.mockRestore();
  }
  expect(lines.filter((l) => /insecure/.test(l))).toHaveLength(1);
  expect(() => resolveSettings(undefined, { ...base(), HW_INSECURE: "maybe" })).toThrow(
    /huaweicloud:insecure \(from environment variable HW_INSECURE\) must be true or false/,
  );
});
