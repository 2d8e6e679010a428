/**
 * The ELB API client: builds URLs from validated segments, serializes JSON once, and runs every request
 * through the stacked pipeline in layers.ts (logging ∘ retry ∘ auth ∘ transport).
 */
import type { Agent, Dispatcher } from "undici";
import { CONFIG_KEYS, type Settings } from "../config";
import { ApiError, redactor } from "./errors";
import { counting, undiciSend, withAuth, withLogging, withRateLimit, withRetry, type Auth, type HttpRequest, type Send } from "./layers";
import { AdaptiveRateLimiter } from "./rate-limit";
import { RetryPolicy, systemClock, isRepeatable, type Clock, type RetryPolicyOptions } from "./retry";
import { encodeRfc3986 } from "./signer";

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface ElbRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  api?: "v3" | "v2";
  /** Segments after /{api}/{project_id}/elb/, e.g. ["pools", id] or ["pools", id, "delete-cascade"]. */
  path: readonly string[];
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A POST that creates: never re-sent after a 5xx, timeout or reset; fails with `ambiguous: true`. */
  creates?: boolean;
  /** A POST whose repeat is harmless (batch-add/-delete/-update): retried like PUT on 5xx and resets. */
  idempotent?: boolean;
}

export interface ElbResponse<T = unknown> {
  status: number;
  body: T;
  requestId?: string;
}

export interface ClientOptions {
  clock?: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicyOptions>;
  dispatcher?: Dispatcher;
  /**
   * The adaptive rate limiter every attempt waits for (default: one of this client's own). The provider
   * process passes one it keeps for its whole life, shared by every resource.
   */
  rateLimiter?: AdaptiveRateLimiter;
  log?: (line: string) => void;
  /** Per attempt: waiting for the response head, and between body chunks. Default 60 s. */
  timeoutMs?: number;
}

const SEGMENT_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const METHODS = new Set(["GET", "POST", "PUT", "DELETE"]);
const JSON_CONTENT_TYPE = "application/json;charset=UTF-8";

/**
 * Validates a value used as a URL path segment (an ID): 1–128 letters, digits, `.`, `_`, `-`, starting with
 * a letter or digit (so never "." or ".."). Throws an Error naming `field` (not the value), so no input can
 * change the request path.
 */
export function pathSegment(id: string, field = "id"): string {
  if (typeof id !== "string" || !SEGMENT_RE.test(id) || id === "." || id === "..") {
    throw new Error(`${field} is not a valid ID: expected 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  return id;
}

function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values: readonly (string | number | boolean)[] = Array.isArray(value)
      ? (value as readonly (string | number)[])
      : [value as string | number | boolean];
    for (const v of values) {
      if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`query parameter ${key} is not a finite number`);
      parts.push(`${encodeRfc3986(key)}=${encodeRfc3986(String(v))}`);
    }
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

export class ElbClient {
  /** Attempts that reached the transport, and logical requests made (for tests and benchmarks). */
  readonly stats = { attempts: 0, requests: 0 };
  readonly rateLimiter: AdaptiveRateLimiter;

  private readonly settings: Settings;
  private readonly ownAgent: Agent | undefined;
  private readonly exec: Send;
  private readonly usesAkSk: boolean;
  private discovery: Promise<string> | undefined;

  constructor(settings: Settings, options: ClientOptions = {}) {
    this.settings = settings;
    const clock = options.clock ?? systemClock;
    let auth: Auth;
    if (settings.accessKey && settings.secretKey) {
      auth = { kind: "aksk", accessKey: settings.accessKey, secretKey: settings.secretKey };
      if (settings.securityToken) auth.securityToken = settings.securityToken;
    } else if (settings.authToken) {
      auth = { kind: "token", token: settings.authToken };
    } else {
      throw new Error("ElbClient: no credentials (an access key and secret key, or an auth token)");
    }
    this.usesAkSk = auth.kind === "aksk";

    if (settings.insecure) warnInsecureOnce();
    let dispatcher = options.dispatcher;
    if (!dispatcher) {
      // undici is loaded on the first client (the first API call), not when check and diff run
      const { Agent } = require("undici") as typeof import("undici");
      this.ownAgent = new Agent({
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
        pipelining: 1, // one request at a time per connection: no pipelining
        // TLS is verified unless the configuration says `insecure`; a CA bundle replaces the built-in CAs
        connect: {
          timeout: 10_000,
          ...(settings.ca ? { ca: settings.ca } : {}),
          ...(settings.insecure ? { rejectUnauthorized: false } : {}),
        },
      });
      dispatcher = this.ownAgent;
    }
    const policy = new RetryPolicy({
      ...(settings.maxRetries !== undefined ? { maxAttempts: settings.maxRetries + 1 } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...options.retry,
    });
    this.rateLimiter = options.rateLimiter ?? new AdaptiveRateLimiter(clock);
    const scrub = redactor([settings.accessKey, settings.secretKey, settings.securityToken, settings.authToken]);
    const log = options.log;
    const onRetry = log
      ? (e: { req: HttpRequest; attempt: number; classification: string; delayMs: number; what: string }) =>
          log(
            `${e.req.service} ${e.req.method} ${e.req.path} -> ${e.what}: retry in ${e.delayMs} ms (${e.classification}, attempt ${e.attempt + 1} failed)`,
          )
      : undefined;

    const transport = undiciSend(dispatcher, options.timeoutMs ?? 60_000);
    const paced = withRateLimit(withAuth(counting(transport, this.stats), auth, clock), this.rateLimiter);
    this.exec = withLogging(withRetry(paced, policy, clock, scrub, onRetry), log, clock);
  }

  /** The region this client calls (its endpoint's, and its project's). */
  get region(): string {
    return this.settings.region;
  }

  /** Calls `{elbEndpoint}/{api}/{projectId}/elb/{segments}`. Resolves on 2xx; throws ApiError/TransportError. */
  async elb<T = unknown>(req: ElbRequest): Promise<ElbResponse<T>> {
    if (!METHODS.has(req.method)) throw new Error(`ElbClient: unsupported method`);
    const api = req.api ?? "v3";
    if (api !== "v3" && api !== "v2") throw new Error(`ElbClient: unsupported api version`);
    if (req.path.length === 0) throw new Error("ElbClient: empty request path");
    const segments = req.path.map((s, i) => pathSegment(s, `request path segment ${i + 1}`));
    const projectId = await this.projectId();
    const path = `/${api}/${projectId}/elb/${segments.join("/")}`;
    const url = new URL(`${this.settings.elbEndpoint}${path}${buildQuery(req.query)}`);

    const headers: Record<string, string> = {};
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers["Content-Type"] = JSON_CONTENT_TYPE;
    if (this.usesAkSk) headers["X-Project-Id"] = projectId;

    const traits = { method: req.method, creates: req.creates === true, idempotent: req.idempotent === true };
    return this.run<T>({ service: "ELB", ...traits, url, headers, body, path: url.pathname });
  }

  /**
   * The project ID: configured, else discovered once through IAM (`GET {iam}/v3/projects?name={region}`,
   * exactly one match). Concurrent callers share one lookup; a failed lookup is forgotten so a later call
   * can try again.
   */
  projectId(): Promise<string> {
    if (this.settings.projectId) return Promise.resolve(this.settings.projectId);
    if (!this.discovery) {
      const p = this.discoverProjectId();
      this.discovery = p;
      p.catch(() => {
        if (this.discovery === p) this.discovery = undefined;
      });
    }
    return this.discovery;
  }

  async close(): Promise<void> {
    if (this.ownAgent) await this.ownAgent.close();
  }

  private async discoverProjectId(): Promise<string> {
    const region = this.settings.region;
    const url = new URL(`${this.settings.iamEndpoint}/v3/projects${buildQuery({ name: region })}`);
    const res = await this.run<{ projects?: { id?: unknown; name?: unknown }[] }>({
      service: "IAM",
      method: "GET",
      url,
      headers: {},
      path: url.pathname,
    });
    const projects = Array.isArray(res.body?.projects) ? res.body.projects : [];
    const matches = projects.filter((p) => p && p.name === region && typeof p.id === "string");
    const hint = `set the resource's projectId, or ${CONFIG_KEYS.projectId.key} (or ${CONFIG_KEYS.projectId.env.join(", ")}) for the provider's region`;
    if (matches.length === 0) {
      throw new Error(`IAM lists no project named ${region} for these credentials; ${hint}`);
    }
    if (matches.length > 1) {
      throw new Error(`IAM lists ${matches.length} projects named ${region} (${matches.map((p) => p.id).join(", ")}); ${hint}`);
    }
    return pathSegment(matches[0]!.id as string, "discovered project id");
  }

  private async run<T>(req: HttpRequest): Promise<ElbResponse<T>> {
    this.stats.requests++;
    const res = await this.exec(req);
    let body: unknown;
    if (res.status !== 204 && res.text.trim() !== "") {
      try {
        body = JSON.parse(res.text);
      } catch {
        throw new ApiError({
          service: req.service,
          method: req.method,
          path: req.path,
          status: res.status,
          errorMsg: "the response body is not JSON",
          requestId: res.headers["x-request-id"],
          ambiguous: !isRepeatable(req),
        });
      }
    }
    const fromBody = body !== null && typeof body === "object" ? (body as { request_id?: unknown }).request_id : undefined;
    const requestId = (typeof fromBody === "string" ? fromBody : undefined) ?? res.headers["x-request-id"];
    const out: ElbResponse<T> = { status: res.status, body: body as T };
    if (requestId) out.requestId = requestId;
    return out;
  }
}

let warnedInsecure = false;

/** `huaweicloud:insecure` is a deliberate risk: said once per process, on stderr (shown as a diagnostic). */
function warnInsecureOnce(): void {
  if (warnedInsecure) return;
  warnedInsecure = true;
  process.stderr.write("warning: huaweicloud:insecure is set: TLS certificates of the Huawei Cloud endpoints are NOT verified\n");
}
