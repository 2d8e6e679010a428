/**
 * Fuzzing the emulator (fast-check, seeded): random and malformed methods, paths, headers and bodies,
 * with and without authentication. It never answers 5xx, and every error is in the API's format
 * (`{"error_msg", "error_code", "request_id"}` for ELB, `{"error": {...}}` or the same for IAM).
 */
import * as http from "node:http";
import * as fc from "fast-check";
import type { Emulator } from "../../emulator";

interface Raw {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

function request(url: string, r: Raw): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // one connection per request (Node's global agent keeps connections alive): a request whose body the server
    // cannot parse answers 400 and closes, and must not leave the next request on the same socket to read that answer
    const req = http.request(`${url}${r.path}`, { method: r.method, headers: r.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(r.body);
  });
}

function raws(projectId: string): fc.Arbitrary<Raw> {
  const segment = fc.oneof(
    fc.constantFrom(
      "v3",
      "v2",
      "v3.0",
      projectId,
      "elb",
      "pools",
      "members",
      "batch-add",
      "batch-update",
      "batch-delete",
      "master-slave-pools",
    ),
    fc.constantFrom("loadbalancers", "listeners", "healthmonitors", "delete-cascade", "projects", "auth", "tokens", "..", "%zz", "%00", ""),
    fc.stringMatching(/^[A-Za-z0-9._~-]{1,40}$/),
  );
  const path = fc
    .tuple(fc.array(segment, { minLength: 0, maxLength: 7 }), fc.option(fc.stringMatching(/^[a-z_=&%0-9]{0,30}$/)))
    .map(([segs, q]) => `/${segs.join("/")}${q ? `?${q}` : ""}`);
  const method = fc.oneof(fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"), fc.stringMatching(/^[A-Z]{1,10}$/));
  const body = fc.oneof(
    fc.constant(""),
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 3 }),
    fc.json({ maxDepth: 2 }).map((j) => j.slice(0, Math.max(1, Math.floor(j.length / 2)))),
    fc.json({ maxDepth: 2 }).map((j) => `{"pool": ${j}}`),
    fc.json({ maxDepth: 2 }).map((j) => `{"members": [${j}]}`),
    fc.json({ maxDepth: 2 }).map((j) => `{"healthmonitor": ${j}}`),
  );
  const headers = fc.record(
    {
      "content-type": fc.constantFrom("application/json", "text/plain", "application/json;charset=utf-8", "", "multipart/form-data"),
      "x-auth-token": fc.stringMatching(/^[A-Za-z0-9]{0,40}$/),
      authorization: fc.constantFrom("SDK-HMAC-SHA256 Access=x, SignedHeaders=host, Signature=00", "Basic Zm9v", "garbage"),
      "x-sdk-date": fc.constantFrom("20260101T000000Z", "yesterday", ""),
    },
    { requiredKeys: [] },
  );
  // a HEAD answer has no body to parse: node's client reads the next bytes as a broken response, so HEAD goes bodiless
  return fc.record({ method, path, headers, body }).map((r) => (r.method === "HEAD" ? { ...r, body: "" } : r));
}

/** The API's error format: ELB `{error_msg, error_code, request_id}`, or IAM's `{error: {code, message}}`. */
function isApiError(text: string): boolean {
  try {
    const b = JSON.parse(text) as Record<string, unknown>;
    const iam = b.error as Record<string, unknown> | undefined;
    return (typeof b.error_code === "string" && typeof b.error_msg === "string") || (!!iam && typeof iam.message === "string");
  } catch {
    return false;
  }
}

/** Runs the property against a started emulator; returns how many answers were errors. */
export async function fuzzEmulator(emu: Emulator, runs: number, seed: number): Promise<{ runs: number; errors: number }> {
  let errors = 0;
  await fc.assert(
    fc.asyncProperty(raws(emu.projectId), async (raw) => {
      const res = await request(emu.url, raw);
      if (res.status >= 500) throw new Error(`${raw.method} ${raw.path} answered ${res.status}: ${res.body.slice(0, 200)}`);
      if (res.status >= 400) {
        errors++;
        if (raw.method !== "HEAD" && !isApiError(res.body))
          throw new Error(`${raw.method} ${raw.path} answered ${res.status} outside the API's error format: ${res.body.slice(0, 200)}`);
      }
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  return { runs, errors };
}
