/**
 * The account-level limits of the API gateway in front of ELB: an added latency per request, and a rate
 * limit (a token bucket of `requestsPerSecond`, bursts up to `burst`) beyond which requests are answered
 * 429 APIG.0308 with a Retry-After before anything is processed. (inferred: the gateway's real limits are
 * per account and per API; ELB-API.md names only the 429 and its code.)
 */
import { ERROR_CODES, ServiceError, throttledMessage } from "./errors";

export interface RateLimitOptions {
  requestsPerSecond: number;
  /** requests that may arrive at once after a quiet spell (default: one second's worth) */
  burst?: number;
}

export class RateLimit {
  readonly requestsPerSecond: number;
  readonly burst: number;
  private tokens: number;
  private last: number;

  constructor(
    options: RateLimitOptions,
    private readonly now: () => number,
  ) {
    const { requestsPerSecond } = options;
    if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond))
      throw new Error(`rateLimit.requestsPerSecond must be a positive number, got ${requestsPerSecond}`);
    const burst = options.burst ?? Math.max(1, Math.ceil(requestsPerSecond));
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new Error(`rateLimit.burst must be at least 1, got ${burst}`);
    this.requestsPerSecond = requestsPerSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = now();
  }

  /** Takes a token for one request; when none is left, the ServiceError to answer (nothing is taken). */
  take(): ServiceError | undefined {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.requestsPerSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    // whole seconds, as gateways send it, until a token is back (at least 1)
    const retryAfter = Math.max(1, Math.ceil((1 - this.tokens) / this.requestsPerSecond));
    const limit = Math.round(this.requestsPerSecond * 60);
    return new ServiceError(429, ERROR_CODES.throttled, throttledMessage(limit), { "Retry-After": String(retryAfter) });
  }
}

/** Validates a latency option (ms, a finite number ≥ 0). */
export function latencyOption(ms: number | undefined): number {
  if (ms === undefined) return 0;
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`latencyMs must be a finite number of milliseconds ≥ 0, got ${ms}`);
  return ms;
}
