/**
 * Thin HTTP layer: records the request, applies faults, authenticates, routes to the store and writes
 * the answer. No API rule lives here beyond which credentials may reach which project.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { type AuthIdentity, type Credential, TokenStore, authenticate, formatIamTime, parseQuery } from "./auth";
import { API_NOT_FOUND_MESSAGE, ServiceError, ERROR_CODES, forbidden, invalid } from "./errors";
import { type Faults, faultError } from "./faults";
import { FIXTURE_DOMAIN_ID, FIXTURE_DOMAIN_NAME } from "./fixtures";
import type { Members } from "./members";
import type { Query, Store } from "./store";
import { MASTER_SLAVE_ROUTES } from "./master-slave";
import { POOL_V2_ROUTES } from "./pool-v2";

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

export interface RouteDeps {
  store: Store;
  members: Members;
  faults: Faults;
  tokens: TokenStore;
  credentials: Map<string, Credential>;
  requests: RequestRecord[];
  now: () => number;
  auth: boolean;
  region: string;
  projectId: string;
  user: string;
  password: string;
}

type Obj = Record<string, unknown>;

interface Result {
  status: number;
  body?: Obj;
  headers?: Record<string, string>;
}

export interface Call {
  params: string[];
  query: Query;
  body: unknown;
  baseUrl: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** ELB routes carry the project ID as the first parameter and answer with `request_id` in the body */
  service: "elb" | "iam";
  /** reachable without credentials (the token API itself) */
  open?: boolean;
  handle(deps: RouteDeps, call: Call): Result;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

const ok = (status: number, body?: Obj): Result => ({ status, body });

const ROUTES: Route[] = [
  // IAM
  { method: "GET", pattern: /^\/v3\/projects$/, service: "iam", handle: listProjects },
  { method: "POST", pattern: /^\/v3\/auth\/tokens$/, service: "iam", open: true, handle: issueToken },
  // ELB v3 pools
  {
    method: "POST",
    pattern: /^\/v3\/([^/]+)\/elb\/pools$/,
    service: "elb",
    handle: (d, c) => ok(201, { pool: d.store.createPool(c.body) }),
  },
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/pools$/,
    service: "elb",
    handle: (d, c) => ok(200, d.store.listPools(c.query)),
  },
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { pool: d.store.getPool(c.params[1]!) }),
  },
  {
    method: "PUT",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { pool: d.store.updatePool(c.params[1]!, c.body) }),
  },
  {
    method: "DELETE",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => (d.store.deletePool(c.params[1]!, false), ok(204)),
  },
  {
    method: "DELETE",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/delete-cascade$/,
    service: "elb",
    handle: (d, c) => (d.store.deletePool(c.params[1]!, true), ok(204)),
  },
  // ELB v3 members (v3 pools only; the rules are in members.ts)
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/members$/,
    service: "elb",
    handle: (d, c) => ok(200, d.members.list(c.params[1]!, c.query)),
  },
  {
    method: "POST",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/members$/,
    service: "elb",
    handle: (d, c) => ok(201, { member: d.members.create(c.params[1]!, c.body) }),
  },
  {
    method: "POST",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/members\/batch-add$/,
    service: "elb",
    handle: (d, c) => ok(201, { members: d.members.batchAdd(c.params[1]!, c.body) }),
  },
  {
    method: "POST",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/members\/batch-delete$/,
    service: "elb",
    handle: (d, c) => ok(200, { members: d.members.batchDelete(c.params[1]!, c.body) }),
  },
  {
    method: "POST",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/members\/batch-update$/,
    service: "elb",
    handle: (d, c) => ok(200, { members: d.members.batchUpdate(c.params[1]!, c.body) }),
  },
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/members\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { member: d.members.get(c.params[1]!, c.params[2]!) }),
  },
  {
    method: "PUT",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/members\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { member: d.members.update(c.params[1]!, c.params[2]!, c.body) }),
  },
  {
    method: "DELETE",
    pattern: /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)\/members\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => (d.members.delete(c.params[1]!, c.params[2]!), ok(204)),
  },
  // ELB v3 load balancers and listeners (fixtures, read-only)
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/loadbalancers$/,
    service: "elb",
    handle: (d, c) => ok(200, d.store.listLoadBalancers(c.query)),
  },
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/loadbalancers\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { loadbalancer: d.store.getLoadBalancer(c.params[1]!) }),
  },
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/listeners$/,
    service: "elb",
    handle: (d, c) => ok(200, d.store.listListeners(c.query)),
  },
  {
    method: "GET",
    pattern: /^\/v3\/([^/]+)\/elb\/listeners\/([^/]+)$/,
    service: "elb",
    handle: (d, c) => ok(200, { listener: d.store.getListener(c.params[1]!) }),
  },
  ...MASTER_SLAVE_ROUTES,
  ...POOL_V2_ROUTES,
];

function findRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map(decodeParam) };
  }
  return undefined;
}

function decodeParam(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// IAM

function iamError(status: number, message: string): ServiceError {
  // (inferred) IAM error codes: the emulator only needs the status to be right.
  return new ServiceError(status, status === 401 ? "IAM.0002" : "IAM.0001", message);
}

function listProjects(d: RouteDeps, c: Call): Result {
  const names = c.query.get("name");
  const project = {
    id: d.projectId,
    name: d.region,
    domain_id: FIXTURE_DOMAIN_ID,
    parent_id: FIXTURE_DOMAIN_ID,
    description: "",
    enabled: true,
    is_domain: false,
    links: { self: `${c.baseUrl}/v3/projects/${d.projectId}` },
  };
  const projects = names === undefined || names.includes(d.region) ? [project] : [];
  return ok(200, { projects, links: { self: `${c.baseUrl}/v3/projects`, previous: null, next: null } });
}

function issueToken(d: RouteDeps, c: Call): Result {
  const body = c.body as Obj | undefined;
  const auth = body?.auth as Obj | undefined;
  const identity = auth?.identity as Obj | undefined;
  const methods = identity?.methods;
  if (!Array.isArray(methods) || !methods.includes("password")) {
    throw iamError(400, 'auth.identity.methods must include "password" (the emulator supports password tokens only).');
  }
  const user = (identity?.password as Obj | undefined)?.user as Obj | undefined;
  if (typeof user?.name !== "string" || typeof user.password !== "string") {
    throw iamError(400, "auth.identity.password.user.name and .password are required strings.");
  }
  const domain = user.domain as Obj | undefined;
  if (typeof domain?.name !== "string" && typeof domain?.id !== "string") {
    throw iamError(400, "auth.identity.password.user.domain.name (or .id) is required.");
  }
  if (user.name !== d.user || user.password !== d.password) {
    throw iamError(401, "The username or password is wrong.");
  }
  const project = ((auth?.scope as Obj | undefined)?.project as Obj | undefined) ?? undefined;
  if (!project || (typeof project.name !== "string" && typeof project.id !== "string")) {
    throw iamError(400, "auth.scope.project.name (or .id) is required: the emulator issues project-scoped tokens only.");
  }
  if ((project.name !== undefined && project.name !== d.region) || (project.id !== undefined && project.id !== d.projectId)) {
    throw iamError(401, `The project ${String(project.name ?? project.id)} does not exist or is not accessible.`);
  }
  const issued = d.tokens.issue(d.projectId, d.region, d.user, d.now());
  const domainRef = { id: FIXTURE_DOMAIN_ID, name: FIXTURE_DOMAIN_NAME };
  return {
    status: 201,
    headers: { "X-Subject-Token": issued.token },
    body: {
      token: {
        expires_at: formatIamTime(issued.expiresAt),
        issued_at: formatIamTime(issued.issuedAt),
        methods: ["password"],
        project: { id: d.projectId, name: d.region, domain: domainRef },
        user: { id: "e0e1e2e3e4e5e6e7e8e9eaebecedeeef", name: d.user, domain: domainRef, password_expires_at: "" },
        roles: [{ id: "0", name: "te_admin" }],
        catalog: [],
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Project access

/**
 * With AK/SK, X-Project-Id must equal the project in the URI; with a token, the token's project must.
 * A project the emulator does not know is answered 403 ELB.8903 (inferred: the caller's credentials
 * have no access to it; API Gateway answers 403 rather than revealing whether it exists).
 */
function checkProject(d: RouteDeps, pathProjectId: string, identity: AuthIdentity): void {
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
  if (pathProjectId !== d.projectId) {
    throw forbidden(`Project ${pathProjectId} does not exist or is not accessible with these credentials.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The request handler

export interface RequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** cancels pending delays (on close) */
  dispose(): void;
}

export function createRequestHandler(d: RouteDeps): RequestHandler {
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    handle(d, req, res, sleep).catch((err: unknown) => {
      // Only reached by a bug in the emulator itself: answer 500 rather than hang.
      if (!res.headersSent && !res.destroyed) {
        const message = err instanceof Error ? err.message : String(err);
        writeError(res, randomUUID(), new ServiceError(500, ERROR_CODES.internal, `Emulator error: ${message}`));
      }
    });
  }) as RequestHandler;
  handler.dispose = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
  return handler;
}

async function handle(d: RouteDeps, req: IncomingMessage, res: ServerResponse, sleep: (ms: number) => Promise<void>): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
  const record: RequestRecord = { method, path, query: rawQuery, status: 0, at: d.now() };
  d.requests.push(record);
  d.store.onRequest();
  const requestId = randomUUID();

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

  const fault = d.faults.take(method, path);
  if (fault && fault.when !== "after") {
    if (fault.kind === "reset") return reset(req);
    if (fault.kind === "delay") await sleep(fault.delayMs ?? 0);
    else return finish(res, record, requestId, errorResult(faultError(fault)));
  }

  let result = dispatch(d, req, method, path, rawQuery, body);

  if (fault && fault.when === "after") {
    if (fault.kind === "reset") return reset(req);
    if (fault.kind === "delay") await sleep(fault.delayMs ?? 0);
    else result = errorResult(faultError(fault));
  }
  finish(res, record, requestId, result);
}

interface Answer {
  status: number;
  body?: Obj;
  headers?: Record<string, string>;
  error?: ServiceError;
  service?: "elb" | "iam";
}

function errorResult(error: ServiceError): Answer {
  return { status: error.status, error, headers: error.headers };
}

function dispatch(d: RouteDeps, req: IncomingMessage, method: string, path: string, rawQuery: string, body: Buffer): Answer {
  const found = findRoute(method, path);
  if (!found) return errorResult(new ServiceError(404, ERROR_CODES.apiNotFound, API_NOT_FOUND_MESSAGE));
  const { route, params } = found;
  try {
    let identity: AuthIdentity = { kind: "none" };
    if (d.auth && !route.open) {
      identity = authenticate({ method, path, rawQuery, headers: req.headers, body }, d.credentials, d.tokens, d.now());
    }
    if (route.service === "elb") checkProject(d, params[0]!, identity);
    const parsed = parseBody(body, route.service);
    const result = route.handle(d, {
      params,
      query: parseQuery(rawQuery),
      body: parsed,
      baseUrl: `http://${req.headers.host ?? "127.0.0.1"}`,
    });
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

function writeError(res: ServerResponse, requestId: string, error: ServiceError): void {
  write(res, error.status, requestId, { error_msg: error.message, error_code: error.code, request_id: requestId }, error.headers);
}

function write(res: ServerResponse, status: number, requestId: string, body: Obj | undefined, headers: Record<string, string> = {}): void {
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
