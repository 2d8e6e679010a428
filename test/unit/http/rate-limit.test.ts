/**
 * The adaptive rate limiter (AWS SDK v3's adaptive mode: token bucket + CUBIC) on virtual time: its maths
 * one call at a time, then a simulated account limit (the emulator's own token bucket) met by hundreds of
 * concurrent operations through the real retry and rate-limit layers. No wall clock anywhere.
 */
import { RateLimit } from "../../../emulator/throttle";
import { withRateLimit, withRetry, type HttpRequest, type HttpResponse, type Send } from "../../../provider/http/layers";
import { AdaptiveRateLimiter } from "../../../provider/http/rate-limit";
import { RetryPolicy, inOperation, type Clock } from "../../../provider/http/retry";
import { prng } from "./helpers";

/** A discrete-event clock: `sleep` resolves when `run` advances time to it. */
class VirtualClock implements Clock {
  t = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve }));
  }
  /** Runs `work` to completion, advancing time to the next timer whenever everything else waits. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => (done = true));
    for (let guard = 0; !done && guard < 1_000_000; guard++) {
      await new Promise((r) => setImmediate(r));
      if (done || this.timers.length === 0) continue;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    return result;
  }
}

describe("AdaptiveRateLimiter maths", () => {
  /** `n` answers spread evenly over `seconds` of virtual time, none throttled. */
  const steady = (clock: VirtualClock, limiter: AdaptiveRateLimiter, perSecond: number, seconds: number) => {
    for (let i = 0; i < perSecond * seconds; i++) {
      clock.t += 1000 / perSecond;
      limiter.record(false);
    }
  };

  test("off until the first throttle: no waiting, however fast requests go", async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveRateLimiter(clock);
    for (let i = 0; i < 1000; i++) {
      await limiter.acquire();
      limiter.record(false);
    }
    expect(limiter.rate).toBeUndefined();
    expect(clock.sleeps).toEqual([]);
  });

  test("a throttle sets the rate to β × the measured rate; another one lowers it again", () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveRateLimiter(clock);
    steady(clock, limiter, 40, 3);
    limiter.record(true);
    expect(limiter.rate).toBeCloseTo(0.7 * 40, 0);
    const first = limiter.rate!;
    steady(clock, limiter, 40, 0.1);
    limiter.record(true);
    expect(limiter.rate!).toBeLessThan(first);
    expect(limiter.rate!).toBeLessThan(0.75 * first);
    expect(limiter.rate!).toBeGreaterThan(0.65 * first);
  });

  test("recovery follows the cubic: back to the rate of the last throttle after K = ∛(max·(1−β)/scale) s, beyond it later", () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveRateLimiter(clock);
    steady(clock, limiter, 40, 3);
    limiter.record(true);
    const max = 40 / 1; // the rate when it throttled (measured ≈ 40)
    const k = Math.cbrt((max * (1 - 0.7)) / 0.4);
    steady(clock, limiter, 40, k / 2);
    expect(limiter.rate!).toBeLessThan(max * 0.999);
    expect(limiter.rate!).toBeGreaterThan(0.7 * max);
    steady(clock, limiter, 40, k / 2);
    expect(limiter.rate!).toBeCloseTo(max, -0.5);
    steady(clock, limiter, 40, 2);
    expect(limiter.rate!).toBeGreaterThan(max); // probing above the old limit (capped at twice the measured rate)
    expect(limiter.rate!).toBeLessThanOrEqual(2 * 40 + 1e-9);
  });

  test("concurrent callers take their tokens in turn, 1/rate apart", async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveRateLimiter(clock);
    steady(clock, limiter, 10, 3);
    limiter.record(true); // rate 7/s, and a bucket of 7 tokens at most
    const rate = limiter.rate!;
    await clock.run(Promise.all(Array.from({ length: Math.round(rate) }, () => limiter.acquire()))); // what the bucket held
    clock.sleeps.length = 0;
    await clock.run(Promise.all(Array.from({ length: 5 }, () => limiter.acquire())));
    const gaps = [...clock.sleeps].sort((a, b) => a - b);
    expect(gaps).toHaveLength(5);
    gaps.forEach((ms, i) => expect(ms).toBeCloseTo(((i + 1) / rate) * 1000, -1));
  });
});

describe("under an account rate limit (simulated: the emulator's token bucket on virtual time)", () => {
  const RPS = 20;
  const OPS = 400;
  const CONCURRENCY = 16;

  async function simulate(paced: boolean) {
    const clock = new VirtualClock();
    const account = new RateLimit({ requestsPerSecond: RPS }, () => clock.now());
    let throttled = 0;
    const server: Send = async (): Promise<HttpResponse> => {
      await clock.sleep(5); // the round trip
      const refused = account.take();
      if (!refused) return { status: 200, headers: {}, text: "{}" };
      throttled++;
      return {
        status: 429,
        headers: { "retry-after": refused.headers["Retry-After"]! },
        text: JSON.stringify({ error_code: refused.code }),
      };
    };
    const limiter = new AdaptiveRateLimiter(clock);
    const policy = new RetryPolicy({ random: prng(3) });
    const send = withRetry(paced ? withRateLimit(server, limiter) : server, policy, clock, (s) => s);
    const req = { service: "ELB", method: "POST", url: new URL("http://x/"), headers: {}, path: "/", idempotent: true } as HttpRequest;
    const start = clock.now();
    let next = 0;
    const failures: unknown[] = [];
    const worker = async () => {
      while (next < OPS) {
        next++;
        await inOperation(() => send(req)).catch((e: unknown) => failures.push(e));
      }
    };
    await clock.run(Promise.all(Array.from({ length: CONCURRENCY }, worker)));
    const seconds = (clock.now() - start) / 1000;
    const bound = (OPS - RPS) / RPS; // the burst goes at once, the rest at the limit
    return { failures: failures.length, throttled, ratio: seconds / bound };
  }

  test("hundreds of concurrent operations converge with no failure, few 429s, within 1.25× the time the limit allows", async () => {
    const r = await simulate(true);
    expect(r.failures).toBe(0);
    expect(r.throttled).toBeLessThan(OPS * 0.25); // the first overload's answers, then about one per CUBIC cycle
    expect(r.ratio).toBeLessThan(1.25);
  });

  test("without the limiter the same load meets far more 429s (what the limiter saves)", async () => {
    const r = await simulate(false);
    expect(r.throttled).toBeGreaterThan(OPS * 0.6);
  });
});
