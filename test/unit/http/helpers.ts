import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import type { Clock } from "../../../provider/http/retry";

/** mulberry32: a small seeded PRNG (the emulator's, which seeds its random faults). */
export { seededRandom as prng } from "../../../emulator/chaos";

/**
 * The official SDK signer (oracle). `endpoint` is the URL as the SDK would be given it (raw path chars);
 * `sdkDate` is passed through the X-Sdk-Date header so the SDK uses it instead of the wall clock.
 */
export function oracleAuthorization(args: {
  method: string;
  endpoint: string;
  headers: Record<string, string>;
  queryParams: Record<string, string | string[]>;
  data?: unknown;
  sdkDate: string;
  ak: string;
  sk: string;
}): string {
  const headers: Record<string, string> = { ...args.headers, "X-Sdk-Date": args.sdkDate };
  const request: Record<string, unknown> = {
    method: args.method,
    endpoint: args.endpoint,
    headers,
    queryParams: JSON.parse(JSON.stringify(args.queryParams)),
  };
  if (args.data !== undefined) request.data = args.data;
  // the SDK's request and credential types are classes; the signer reads only these fields
  type SignArgs = Parameters<typeof AKSKSigner.sign>;
  const credential = { getAk: () => args.ak, getSk: () => args.sk };
  const out = AKSKSigner.sign(request as unknown as SignArgs[0], credential as unknown as SignArgs[1]) as Record<string, string>;
  return out.Authorization!;
}

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Whether the AK/SK signature checked out against the official SDK signer (undefined: not signed). */
  signatureOk?: boolean;
}

export type Handler = (req: Recorded, res: http.ServerResponse, raw: http.IncomingMessage, index: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  port: number;
  requests: Recorded[];
  connections: number;
  close(): Promise<void>;
}

/**
 * A tiny server on 127.0.0.1:0. When `verify` is given, it re-computes each request's Authorization with
 * the official SDK signer from what actually arrived (path, query, signed headers, body).
 */
export async function startServer(handler: Handler, verify?: { ak: string; sk: string }, port = 0): Promise<TestServer> {
  const requests: Recorded[] = [];
  const state = { connections: 0 };
  const server = http.createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const rec: Recorded = {
        method: raw.method!,
        url: raw.url!,
        headers: raw.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      if (verify && typeof raw.headers.authorization === "string") {
        rec.signatureOk = checkSignature(rec, verify.ak, verify.sk);
      }
      const index = requests.length;
      requests.push(rec);
      Promise.resolve(handler(rec, res, raw, index)).catch((e) => {
        res.statusCode = 599;
        res.end(String(e));
      });
    });
  });
  server.on("connection", () => state.connections++);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function checkSignature(rec: Recorded, ak: string, sk: string): boolean {
  const auth = String(rec.headers.authorization);
  const m = /SignedHeaders=([^,]+),/.exec(auth);
  if (!m) return false;
  const names = m[1]!.split(";");
  const headers: Record<string, string> = {};
  for (const n of names) {
    if (n === "x-sdk-date") continue;
    headers[n] = String(rec.headers[n]);
  }
  const u = new URL(rec.url, `http://${rec.headers.host}`);
  const queryParams: Record<string, string[]> = {};
  for (const [k, v] of u.searchParams) (queryParams[k] ??= []).push(v);
  const expected = oracleAuthorization({
    method: rec.method,
    endpoint: `http://${rec.headers.host}${u.pathname}`,
    headers,
    queryParams,
    data: rec.body ? JSON.parse(rec.body) : undefined,
    sdkDate: String(rec.headers["x-sdk-date"]),
    ak,
    sk,
  });
  return expected === auth;
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(text);
}

export interface FakeClock extends Clock {
  t: number;
  sleeps: number[];
}

export function fakeClock(start = Date.UTC(2024, 0, 2, 3, 4, 5), onSleep?: (ms: number) => Promise<void> | void): FakeClock {
  const c: FakeClock = {
    t: start,
    sleeps: [],
    now() {
      return c.t;
    },
    async sleep(ms: number) {
      c.sleeps.push(ms);
      c.t += ms;
      if (onSleep) await onSleep(ms);
    },
  };
  return c;
}
