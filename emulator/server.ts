/**
 * Thin HTTP layer: records the request, applies faults, authenticates, routes to the kind's model and
 * writes the answer. No API rule lives here beyond which credentials may reach which project. Every
 * error, including a request Node's HTTP parser refuses, is answered in the API's error format
 * `{"error_msg", "error_code", "request_id"}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { type AuthIdentity, authenticate, parseQuery } from "./auth";
import { API_NOT_FOUND_MESSAGE, ERROR_CODES, ServiceError, forbidden, invalid } from "./errors";
import { faultError } from "./faults";
import { iamError } from "./iam";
import type { RegionScope, RouteDeps } from "./route";
import { findRoute } from "./routes";
import { newId } from "./store";
import type { RateLimit } from "./throttle";

export interface RequestRecord {
  method: string;
  /** path without the query */
  path: string;
  /** the raw query string, without `?` ("" when none) */
  query: string;
  /** the answered status; 0 while in flight or when a fault reset the connection */
  status: number;
  errorCode?: string;
  /** arrival time by the emulator clock (ms) */
  at: number;
  /** the parsed JSON body, when the request had one (so tests can see exactly what was sent) */
  body?: unknown;
}

export interface ServerDeps extends RouteDeps {
  requests: RequestRecord[];
  /** waits out a delay fault; default a timer that `dispose()` cancels */
  sleep?: (ms: number) => Promise<void>;
  /** added to every request before it is handled (ms) */
  latencyMs?: number;
  /** the account's rate limit: a request beyond it is answered 429 with Retry-After, unprocessed */
  rateLimit?: RateLimit;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface RequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** cancels pending delays (on close) */
  dispose(): void;
}

export function createRequestHandler(d: ServerDeps): RequestHandler {
  const timers = new Set<NodeJS.Timeout>();
  let disposed = false;
  const timerSleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (disposed) return; // closed: the connection is gone, and no timer may outlive the server
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const sleep = d.sleep ?? timerSleep;

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    handle(d, req, res, sleep).catch((err: unknown) => {
      // Only reached by a bug in the emulator itself: answer 500 rather than hang.
      if (!res.headersSent && !res.destroyed) {
        const message = err instanceof Error ? err.message : String(err);
        writeError(res, newId(), new ServiceError(500, ERROR_CODES.internal, `Emulator error: ${message}`));
      }
    });
  }) as RequestHandler;
  handler.dispose = () => {
    disposed = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
  return handler;
}

async function handle(d: ServerDeps, req: IncomingMessage, res: ServerResponse, sleep: (ms: number) => Promise<void>): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
  const record: RequestRecord = { method, path, query: rawQuery, status: 0, at: d.now() };
  d.requests.push(record);
  for (const r of d.regions) r.store.onRequest();
  const requestId = newId();

  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (err) {
    if (err instanceof ServiceError) return finish(res, record, requestId, errorResult(err));
    throw err;
  }
  if (body.length > 0) {
    try {
      record.body = JSON.parse(body.toString("utf8"));
    } catch {
      // not JSON: the route answers 400; the record keeps no body
    }
  }

  if (d.latencyMs) await sleep(d.latencyMs);
  const throttled = d.rateLimit?.take();
  if (throttled) return finish(res, record, requestId, errorResult(throttled));

  const endpoint = endpointOf(d.regions, path);
  const fault = d.faults.take(method, endpoint.path);
  if (fault && fault.when !== "after") {
    if (fault.kind === "reset") return reset(req);
    if (fault.kind === "delay") await sleep(fault.delayMs ?? 0);
    else return finish(res, record, requestId, errorResult(faultError(fault)));
  }

  let result = dispatch(d, req, endpoint, { method, path, rawQuery, body });

  if (fault && fault.when === "after") {
    if (fault.kind === "reset") return reset(req);
    if (fault.kind === "delay") await sleep(fault.delayMs ?? 0);
    else result = errorResult(faultError(fault));
  }
  finish(res, record, requestId, result);
}

interface Answer {
  status: number;
  body?: object;
  headers?: Record<string, string>;
  error?: ServiceError;
  service?: "elb" | "iam";
}

function errorResult(error: ServiceError): Answer {
  return { status: error.status, error, headers: error.headers };
}

/**
 * The region whose endpoint a request came in through, and the API path below that endpoint. One server
 * stands in for every region's ELB endpoint (`https://elb.{region}.myhuaweicloud.com`): `{url}/{region}`
 * is a region's endpoint, `{url}` itself the home region's. (The IAM calls are global: any of them serves.)
 */
export function endpointOf(regions: readonly RegionScope[], path: string): { scope: RegionScope; path: string } {
  const m = /^\/([^/]+)(\/.*)$/.exec(path);
  const named = m ? regions.find((r) => r.region === m[1]) : undefined;
  return named && m ? { scope: named, path: m[2]! } : { scope: regions[0]!, path };
}

/**
 * With AK/SK, X-Project-Id must equal the project in the URI; with a token, the token's project must.
 * A project the account does not hold is answered 403 ELB.8903 (inferred: the caller's credentials have
 * no access to it; API Gateway answers 403 rather than revealing whether it exists), and so is a project
 * of another region than the endpoint's (inferred: a region's endpoint serves its own projects only).
 * Returns the region the project belongs to.
 */
function checkProject(d: RouteDeps, endpoint: RegionScope, pathProjectId: string, identity: AuthIdentity): RegionScope {
  if (identity.kind === "aksk") {
    if (identity.projectIdHeader === undefined) {
      throw forbidden(`X-Project-Id is required with AK/SK authentication for project ${pathProjectId}.`);
    }
    if (identity.projectIdHeader !== pathProjectId) {
      throw forbidden(`X-Project-Id ${identity.projectIdHeader} does not match the project ${pathProjectId} in the URI.`);
    }
  } else if (identity.kind === "token" && identity.projectId !== pathProjectId) {
    throw forbidden(`The token is scoped to project ${identity.projectId}, not ${pathProjectId}.`);
  }
  const scope = d.regions.find((r) => r.projectId === pathProjectId);
  if (!scope) throw forbidden(`Project ${pathProjectId} does not exist or is not accessible with these credentials.`);
  if (scope !== endpoint)
    throw forbidden(`Project ${pathProjectId} is not a project of region ${endpoint.region}, the region of this endpoint.`);
  return scope;
}

function dispatch(
  d: RouteDeps,
  req: IncomingMessage,
  endpoint: { scope: RegionScope; path: string },
  r: { method: string; path: string; rawQuery: string; body: Buffer },
): Answer {
  const found = findRoute(r.method, endpoint.path);
  if (!found) return errorResult(new ServiceError(404, ERROR_CODES.apiNotFound, API_NOT_FOUND_MESSAGE));
  const { route, params } = found;
  try {
    let identity: AuthIdentity = { kind: "none" };
    // the signature covers the path as sent (an endpoint's region prefix included)
    if (d.auth && !route.open) identity = authenticate({ ...r, headers: req.headers }, d.credentials, d.tokens, d.now());
    const scope = route.service === "elb" ? checkProject(d, endpoint.scope, params[0] ?? "", identity) : d.regions[0]!;
    const result = route.handle(
      { ...d, store: scope.store, region: scope.region, projectId: scope.projectId },
      {
        params,
        query: parseQuery(r.rawQuery),
        body: parseBody(r.body, route.service),
        baseUrl: `http://${req.headers.host ?? "127.0.0.1"}`,
      },
    );
    return { ...result, service: route.service };
  } catch (err) {
    if (err instanceof ServiceError) return errorResult(err);
    throw err;
  }
}

function parseBody(body: Buffer, service: "elb" | "iam"): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    if (service === "iam") throw iamError(400, "The request body is not valid JSON.");
    throw invalid("body", "The request body is not valid JSON.");
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(invalid("body", `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function reset(req: IncomingMessage): void {
  req.socket.destroy();
}

function finish(res: ServerResponse, record: RequestRecord, requestId: string, answer: Answer): void {
  record.status = answer.status;
  if (answer.error) {
    record.errorCode = answer.error.code;
    writeError(res, requestId, answer.error);
    return;
  }
  // v3 ELB bodies carry request_id; IAM and v2 ELB bodies do not.
  const v3 = answer.service === "elb" && !record.path.startsWith("/v2/");
  const body = answer.body && v3 ? { request_id: requestId, ...answer.body } : answer.body;
  write(res, answer.status, requestId, body, answer.headers);
}

/** The API's error body. */
function errorBody(requestId: string, error: ServiceError): { error_msg: string; error_code: string; request_id: string } {
  return { error_msg: error.message, error_code: error.code, request_id: requestId };
}

function writeError(res: ServerResponse, requestId: string, error: ServiceError): void {
  write(res, error.status, requestId, errorBody(requestId, error), error.headers);
}

function write(
  res: ServerResponse,
  status: number,
  requestId: string,
  body: object | undefined,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.setHeader("X-Request-Id", requestId);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (status === 204 || body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json;charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

const REASONS: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

/**
 * A request Node's HTTP parser refuses (oversized headers, a garbage request line, bad chunked encoding,
 * a request that took too long) reaches no handler: answer it here, on the raw socket, in the API's error
 * format (431 for header overflow, 408 for a timeout, else 400), then close the connection. (inferred:
 * API Gateway's code for such requests is not documented; ELB.8902 "invalid input".)
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // A response already under way on this connection cannot be followed by another one: just close.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message =
    status === 431
      ? "Request header fields too large."
      : status === 408
        ? "The request was not received in time."
        : `The request could not be parsed as HTTP/1.1 (${err.code ?? "parse error"}).`;
  const requestId = newId();
  const body = JSON.stringify(errorBody(requestId, new ServiceError(status, ERROR_CODES.invalidInput, message)));
  const head = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Bad Request"}`,
    "Content-Type: application/json;charset=UTF-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    "Connection: close",
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`, () => socket.destroy());
}
