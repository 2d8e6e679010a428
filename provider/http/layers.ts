/**
 * The request pipeline as stacked functions, each `Send -> Send`:
 *
 *   withLogging( withRetry( withRateLimit( withAuth( counting( undiciSend ) ) ) ) )
 *
 * `undiciSend` only moves bytes; `withAuth` signs (fresh X-Sdk-Date) or adds the token on every attempt;
 * `withRateLimit` waits for the process's adaptive rate limiter before every attempt (before signing, so
 * the signature's date is the sending time) and tells it about every answer;
 * `withRetry` runs classification + policy and turns final failures into ApiError/TransportError;
 * `withLogging` writes one line per logical request.
 */
import type { Dispatcher } from "undici";
import { ApiError, TransportError, parseErrorBody, type Service } from "./errors";
import type { AdaptiveRateLimiter } from "./rate-limit";
import { classify, parseRetryAfter, type Clock, type RetryPolicy, type RequestTraits } from "./retry";
import { signRequest } from "./signer";

export interface HttpRequest extends RequestTraits {
  service: Service;
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: URL;
  headers: Record<string, string>;
  /** Already serialized: the exact bytes that are signed and sent. */
  body?: string;
  /** For messages and logs: the URL path without the query. */
  path: string;
}

export interface HttpResponse {
  status: number;
  /** Lowercase names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
}

export type Send = (req: HttpRequest) => Promise<HttpResponse>;

function normaliseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

/** The plain transport: one HTTP exchange through undici. Network failures become TransportError. */
export function undiciSend(dispatcher: Dispatcher, timeoutMs: number): Send {
  return async (req) => {
    try {
      const res = await dispatcher.request({
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method,
        headers: req.headers,
        body: req.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: normaliseHeaders(res.headers), text };
    } catch (cause) {
      throw new TransportError({ service: req.service, method: req.method, path: req.path, cause });
    }
  };
}

/** Counts every attempt that reaches the transport. */
export function counting(next: Send, counter: { attempts: number }): Send {
  return (req) => {
    counter.attempts++;
    return next(req);
  };
}

/** Paces every attempt through `limiter`, and reports each answer to it (a 429 is a throttle). */
export function withRateLimit(next: Send, limiter: AdaptiveRateLimiter): Send {
  return async (req) => {
    const placedAt = await limiter.acquire();
    try {
      const res = await next(req);
      limiter.record(res.status === 429, placedAt);
      return res;
    } catch (e) {
      limiter.record(false, placedAt);
      throw e;
    }
  };
}

export type Auth = { kind: "aksk"; accessKey: string; secretKey: string; securityToken?: string } | { kind: "token"; token: string };

/** Adds credentials to each attempt: an X-Auth-Token, or an AK/SK signature dated by the clock now. */
export function withAuth(next: Send, auth: Auth, clock: Clock): Send {
  return (req) => {
    const headers = { ...req.headers };
    if (auth.kind === "token") {
      headers["X-Auth-Token"] = auth.token;
    } else {
      if (auth.securityToken) headers["X-Security-Token"] = auth.securityToken;
      Object.assign(headers, signRequest({ method: req.method, url: req.url, headers, body: req.body ?? "" }, auth, new Date(clock.now())));
    }
    return next({ ...req, headers });
  };
}

export interface RetryEvent {
  req: HttpRequest;
  /** 0-based index of the attempt that failed. */
  attempt: number;
  classification: string;
  delayMs: number;
  /** "503", "409 ELB.8907", "ECONNRESET", ... */
  what: string;
}

/**
 * The retry loop. Returns only 2xx answers; anything else ends as an ApiError (HTTP answer) or a
 * TransportError (network), marked `ambiguous` when the request may have been processed and was not re-sent.
 * `scrub` is applied to every text the server echoes back before it enters an error.
 */
export function withRetry(
  next: Send,
  policy: RetryPolicy,
  clock: Clock,
  scrub: (s: string) => string,
  onRetry?: (e: RetryEvent) => void,
): Send {
  return async (req) => {
    const start = clock.now();
    const budget = policy.budget();
    for (let attempt = 0; ; attempt++) {
      let res: HttpResponse | undefined;
      let err: TransportError | undefined;
      try {
        res = await next(req);
      } catch (e) {
        if (!(e instanceof TransportError)) throw e;
        err = e;
      }
      if (res && res.status >= 200 && res.status < 300) {
        policy.recordSuccess(budget);
        return res;
      }
      let classification;
      let retryAfterMs: number | undefined;
      let what: string;
      let parsed: ReturnType<typeof parseErrorBody> | undefined;
      if (res) {
        parsed = parseErrorBody(res.text, res.headers);
        classification = classify({ status: res.status, code: parsed.code, errorMsg: parsed.errorMsg }, req);
        retryAfterMs = parseRetryAfter(res.headers["retry-after"], clock.now());
        what = parsed.code ? `${res.status} ${scrub(parsed.code)}` : String(res.status);
      } else {
        classification = classify(err!, req);
        what = err!.code ?? "network error";
      }
      const decision = policy.decide(classification, attempt, clock.now() - start, retryAfterMs, budget);
      if (!decision.retry) {
        const ambiguous = classification === "ambiguous";
        // Say why retrying stopped when the failure was retryable in kind (deadline, budget, attempt cap).
        const giveUp = classification === "client" || ambiguous ? undefined : decision.reason;
        if (res) {
          throw new ApiError({
            service: req.service,
            method: req.method,
            path: req.path,
            status: res.status,
            code: parsed!.code === undefined ? undefined : scrub(parsed!.code),
            errorMsg: parsed!.errorMsg === undefined ? undefined : scrub(parsed!.errorMsg),
            requestId: parsed!.requestId === undefined ? undefined : scrub(parsed!.requestId),
            ambiguous,
            attempts: attempt + 1,
            giveUp,
          });
        }
        throw err!.with({ ambiguous, attempts: attempt + 1, giveUp });
      }
      onRetry?.({ req, attempt, classification, delayMs: decision.delayMs, what });
      await clock.sleep(decision.delayMs);
    }
  };
}

/** One line per logical request: `METHOD /path -> status (ms)`. Never headers, bodies or credentials. */
export function withLogging(next: Send, log: ((line: string) => void) | undefined, clock: Clock): Send {
  if (!log) return next;
  return async (req) => {
    const t0 = clock.now();
    const head = `${req.service} ${req.method} ${req.path}`;
    try {
      const res = await next(req);
      log(`${head} -> ${res.status} (${clock.now() - t0} ms)`);
      return res;
    } catch (e) {
      const ms = clock.now() - t0;
      if (e instanceof ApiError) {
        log(`${head} -> ${e.status}${e.code ? ` ${e.code}` : ""} (${ms} ms, ${e.attempts} attempt(s))`);
      } else if (e instanceof TransportError) {
        log(`${head} -> ${e.code ?? "network error"} (${ms} ms, ${e.attempts} attempt(s))`);
      } else {
        log(`${head} -> failed (${ms} ms)`);
      }
      throw e;
    }
  };
}
