/**
 * Retry: classification (a pure function of the outcome and the request) and policy (full-jitter backoff,
 * Retry-After, attempt cap, deadline, a budget per operation). The loop that runs them lives in layers.ts.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { TransportError } from "./errors";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type Classification = "throttled" | "transient" | "conflict-retryable" | "client" | "ambiguous";

/** What classification needs to know about the request. */
export interface RequestTraits {
  method: string;
  /** A POST that creates something: never re-sent after a failure that may have been processed. */
  creates?: boolean;
  /** A POST whose repeat is harmless (batch-add answers `existed`, batch-delete `not found`). */
  idempotent?: boolean;
}

/** What classification needs to know about an HTTP answer. */
export interface ResponseFacts {
  status: number;
  code?: string;
  errorMsg?: string;
}

/** GET, PUT and DELETE; a POST only when declared idempotent and not creating. */
export function isRepeatable(req: RequestTraits): boolean {
  const m = req.method.toUpperCase();
  if (m === "GET" || m === "HEAD" || m === "PUT" || m === "DELETE") return true;
  return req.idempotent === true && req.creates !== true;
}

const NOT_ACTIVE_RE = /not ACTIVE|provisioning_status/i;

/**
 * Classifies a failed outcome: an HTTP answer with status >= 400, or an error thrown while sending.
 * - `throttled`: 429 (the gateway refused it: nothing was processed), any method.
 * - `conflict-retryable`: 409 ELB.8907 "load balancer not ACTIVE" (a definitive "not processed"), any method.
 * - `transient`: 5xx or a network failure, for a repeatable request; or a network failure that proves
 *   nothing was sent (connection refused), for any request.
 * - `ambiguous`: 5xx or a network failure (reset, timeout) on a request that is not safe to repeat.
 * - `client`: everything else (other 4xx, TLS trust failures, programming errors).
 */
export function classify(outcome: ResponseFacts | Error, req: RequestTraits): Classification {
  if (outcome instanceof Error) {
    if (!(outcome instanceof TransportError)) return "client";
    if (outcome.permanent) return "client";
    if (!outcome.sent) return "transient";
    return isRepeatable(req) ? "transient" : "ambiguous";
  }
  const { status } = outcome;
  if (status === 429) return "throttled";
  if (status === 409 && outcome.code === "ELB.8907" && NOT_ACTIVE_RE.test(outcome.errorMsg ?? "")) {
    return "conflict-retryable";
  }
  if (status >= 500 && status !== 501 && status !== 505) return isRepeatable(req) ? "transient" : "ambiguous";
  return "client";
}

/**
 * Parses a Retry-After header (delay in seconds, or an HTTP date) into milliseconds from `nowMs`.
 * Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export interface TokenBucketOptions {
  capacity: number;
  retryCost: number;
  successRefund: number;
}

/** A retry budget shared by the requests of one operation: retries spend tokens, successes earn some back. */
export class TokenBucket {
  readonly capacity: number;
  readonly retryCost: number;
  readonly successRefund: number;
  private tokens: number;

  constructor(options: Partial<TokenBucketOptions> = {}) {
    this.capacity = options.capacity ?? 100;
    this.retryCost = options.retryCost ?? 5;
    this.successRefund = options.successRefund ?? 1;
    this.tokens = this.capacity;
  }

  get available(): number {
    return this.tokens;
  }

  /** Takes the cost of one retry; false (and nothing taken) when the bucket cannot pay for it. */
  tryTake(): boolean {
    if (this.tokens < this.retryCost) return false;
    this.tokens -= this.retryCost;
    return true;
  }

  refund(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.successRefund);
  }
}

export interface RetryPolicyOptions {
  /** Attempts in all (first try included) for throttled/transient failures. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Overall time limit per request for throttled/transient retries, from the first attempt. */
  deadlineMs: number;
  /** Overall time limit per request for `conflict-retryable` waits (the attempt cap does not apply). */
  conflictDeadlineMs: number;
  /** The retry budget of one operation (see `inOperation`); a request outside any operation has its own. */
  budget: Partial<TokenBucketOptions>;
  random: () => number;
}

/** The operation running now, with the budget each policy has given it. */
const operations = new AsyncLocalStorage<Map<RetryPolicy, TokenBucket>>();

/**
 * Runs `fn` as one operation (a resource's create, read, update or delete): its requests share one retry
 * budget per policy, so the budget bounds that operation's retries and never the whole process's.
 */
export function inOperation<T>(fn: () => Promise<T>): Promise<T> {
  return operations.run(new Map(), fn);
}

export interface Decision {
  retry: boolean;
  delayMs: number;
  reason: string;
}

export class RetryPolicy {
  readonly options: Readonly<RetryPolicyOptions>;

  constructor(options: Partial<RetryPolicyOptions> = {}) {
    this.options = {
      maxAttempts: options.maxAttempts ?? 8,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 20_000,
      deadlineMs: options.deadlineMs ?? 120_000,
      conflictDeadlineMs: options.conflictDeadlineMs ?? 300_000,
      budget: options.budget ?? {},
      random: options.random ?? Math.random,
    };
  }

  /** The retry budget for a request starting now: its operation's (see `inOperation`), else its own. */
  budget(): TokenBucket {
    const scope = operations.getStore();
    if (!scope) return new TokenBucket(this.options.budget);
    let b = scope.get(this);
    if (!b) scope.set(this, (b = new TokenBucket(this.options.budget)));
    return b;
  }

  /** Upper bound of the full-jitter delay after the failure of attempt number `attempt` (0-based). */
  backoffCeilingMs(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt));
  }

  /**
   * Decides whether to retry after a failure.
   * @param attempt 0-based index of the attempt that just failed (0 = the first try).
   * @param elapsedMs time since the first attempt started.
   * @param retryAfterMs the server's Retry-After, when it sent one: the delay is at least that.
   * @param budget the operation's budget (`budget()`): spent from when it decides to retry a throttled
   * or transient failure.
   */
  decide(classification: Classification, attempt: number, elapsedMs: number, retryAfterMs?: number, budget = this.budget()): Decision {
    const o = this.options;
    const stop = (reason: string): Decision => ({ retry: false, delayMs: 0, reason });
    if (classification === "client") return stop("not retryable (client error)");
    if (classification === "ambiguous") {
      return stop("not re-sent: the request may have been processed (reconcile before trying again)");
    }
    const conflict = classification === "conflict-retryable";
    if (!conflict && attempt + 1 >= o.maxAttempts) return stop(`gave up after ${attempt + 1} attempts`);

    const jitter = Math.floor(o.random() * this.backoffCeilingMs(attempt));
    const honoured = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? Math.max(0, retryAfterMs) : 0;
    const delayMs = Math.max(jitter, Math.ceil(honoured));
    const deadline = conflict ? o.conflictDeadlineMs : o.deadlineMs;
    if (elapsedMs + delayMs > deadline) {
      return stop(
        honoured > jitter
          ? `Retry-After (${Math.ceil(honoured)} ms) goes past the ${deadline} ms deadline`
          : `the ${deadline} ms deadline would pass`,
      );
    }
    if (!conflict && !budget.tryTake()) return stop("retry budget exhausted");
    return { retry: true, delayMs, reason: classification };
  }

  /** Called once per successful request: earns back budget. */
  recordSuccess(budget: TokenBucket): void {
    budget.refund();
  }
}
