/**
 * The client-side rate limiter every request of the provider process goes through: the AWS SDK v3's
 * adaptive retry mode (`DefaultRateLimiter` in @smithy/util-retry). A token bucket that is off until
 * the first throttle (429); then its fill rate follows CUBIC: on a throttle it drops to β × the rate
 * measured, and on success it grows back along `scale × (t − K)³ + lastMax` (K the time to regain the
 * rate of the last throttle), capped at twice the measured rate. So one process with hundreds of
 * resources in flight settles just under the account's limit instead of spending its retries.
 *
 * Three deliberate differences from the SDK's limiter, all for many concurrent callers: a caller takes
 * its token when it asks (the bucket may go into debt), so waiting callers are spaced 1/rate apart
 * instead of waking together; a 429 for a request paced before the last reduction does not reduce the
 * rate again (one reduction per congestion event, as TCP's CUBIC: otherwise the 16 answers of one
 * overload multiply the rate by 0.7 sixteen times); and a throttle before the first half-second of
 * measurement uses the rate of the requests seen so far rather than 0 (which would drop the rate to the
 * 0.5/s floor).
 * The clock is injected, so the maths is tested on virtual time.
 */
import type { Clock } from "./retry";

export interface RateLimiterOptions {
  /** fraction of the rate kept after a throttle (CUBIC's β) */
  beta: number;
  /** CUBIC's scale constant (requests/s per s³) */
  scale: number;
  /** weight of the newest half-second in the measured rate */
  smooth: number;
  /** lowest fill rate (requests/s) */
  minFillRate: number;
  /** lowest bucket capacity (tokens) */
  minCapacity: number;
}

const DEFAULTS: RateLimiterOptions = { beta: 0.7, scale: 0.4, smooth: 0.8, minFillRate: 0.5, minCapacity: 1 };

export class AdaptiveRateLimiter {
  private readonly o: RateLimiterOptions;
  private enabled = false;
  private tokens = 0;
  private fillRate: number;
  private capacity: number;
  private lastRefill: number | undefined;
  /** CUBIC state: the rate at the last throttle, when it was, and the time to regain it (s) */
  private lastMaxRate = 0;
  private lastThrottle: number;
  private window = 0;
  /** measured send rate: requests in the current half-second bucket, smoothed over buckets */
  private measured = 0;
  private count = 0;
  private bucket: number;
  private readonly start: number;
  /** throttles seen (for figures) */
  throttles = 0;

  constructor(
    private readonly clock: Clock,
    options: Partial<RateLimiterOptions> = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
    this.fillRate = this.o.minFillRate;
    this.capacity = this.o.minCapacity;
    this.start = this.seconds();
    this.lastThrottle = this.start;
    this.bucket = Math.floor(this.start * 2) / 2;
  }

  /** The current fill rate (requests/s), or undefined while the limiter is off (no throttle yet). */
  get rate(): number | undefined {
    return this.enabled ? this.fillRate : undefined;
  }

  /**
   * Waits until the bucket allows one more request (immediately while no throttle has been seen);
   * returns when the request was given its place (ms, at the rate of that moment), for `record`.
   */
  async acquire(): Promise<number> {
    const asked = this.clock.now();
    if (this.enabled) {
      this.refill();
      this.tokens -= 1;
      if (this.tokens < 0) await this.clock.sleep(Math.ceil((-this.tokens / this.fillRate) * 1000));
    }
    return asked;
  }

  /**
   * Called after every answer: `throttled` for a 429; `placedAt` is what `acquire` returned (default now).
   * Adjusts the fill rate (CUBIC).
   */
  record(throttled: boolean, placedAt = this.clock.now()): void {
    const now = this.seconds();
    this.measure(now);
    let rate: number;
    if (throttled && this.enabled && placedAt / 1000 < this.lastThrottle) {
      return; // paced at the rate before the last reduction: the same congestion event
    } else if (throttled) {
      this.throttles++;
      const measured = this.measured > 0 ? this.measured : this.count / Math.max(0.05, now - this.start);
      const base = this.enabled ? this.fillRate : measured;
      this.lastMaxRate = base;
      this.window = Math.cbrt((base * (1 - this.o.beta)) / this.o.scale);
      this.lastThrottle = now;
      rate = base * this.o.beta;
      this.refill();
      this.tokens = Math.min(this.tokens, 0); // the account's bucket is empty: no burst into it
      this.enabled = true;
    } else {
      rate = this.o.scale * (now - this.lastThrottle - this.window) ** 3 + this.lastMaxRate;
      // never far beyond what is actually sent
      if (this.measured > 0) rate = Math.min(rate, 2 * this.measured);
    }
    this.setRate(rate);
  }

  private seconds(): number {
    return this.clock.now() / 1000;
  }

  private refill(): void {
    const now = this.seconds();
    if (this.lastRefill !== undefined) this.tokens = Math.min(this.capacity, this.tokens + (now - this.lastRefill) * this.fillRate);
    this.lastRefill = now;
  }

  private setRate(rate: number): void {
    this.refill();
    this.fillRate = Math.max(rate, this.o.minFillRate);
    this.capacity = Math.max(rate, this.o.minCapacity);
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  private measure(now: number): void {
    const bucket = Math.floor(now * 2) / 2;
    this.count++;
    if (bucket > this.bucket) {
      const current = this.count / (bucket - this.bucket);
      this.measured = current * this.o.smooth + this.measured * (1 - this.o.smooth);
      this.count = 0;
      this.bucket = bucket;
    }
  }
}
