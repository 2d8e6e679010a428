import { TransportError } from "../../../provider/http/errors";
import { RetryPolicy, TokenBucket, classify, inOperation, parseRetryAfter, type Classification } from "../../../provider/http/retry";
import { prng } from "./helpers";

function netErr(code: string): TransportError {
  const cause = Object.assign(new Error(`boom ${code}`), { code });
  return new TransportError({ service: "ELB", method: "POST", path: "/x", cause });
}

describe("classify", () => {
  const GET = { method: "GET" };
  const PUT = { method: "PUT" };
  const DELETE = { method: "DELETE" };
  const CREATE = { method: "POST", creates: true };
  const BATCH = { method: "POST", idempotent: true };
  const POST = { method: "POST" };
  const notActive = { status: 409, code: "ELB.8907", errorMsg: "Loadbalancer lb-1 is not ACTIVE, provisioning_status: PENDING_UPDATE" };

  const table: [string, Parameters<typeof classify>[0], Parameters<typeof classify>[1], Classification][] = [
    ["429 on a creating POST", { status: 429, code: "APIGW.0308" }, CREATE, "throttled"],
    ["429 on GET", { status: 429 }, GET, "throttled"],
    ["503 on GET", { status: 503 }, GET, "transient"],
    ["500 on PUT", { status: 500, code: "ELB.8906" }, PUT, "transient"],
    ["502 on DELETE", { status: 502 }, DELETE, "transient"],
    ["500 on a creating POST", { status: 500 }, CREATE, "ambiguous"],
    ["500 on a plain POST", { status: 500 }, POST, "ambiguous"],
    ["500 on an idempotent batch POST", { status: 500 }, BATCH, "transient"],
    ["creates wins over idempotent", { status: 500 }, { method: "POST", creates: true, idempotent: true }, "ambiguous"],
    ["501 is permanent", { status: 501 }, GET, "client"],
    ["409 not ACTIVE on a creating POST", notActive, CREATE, "conflict-retryable"],
    ["409 provisioning_status on PUT", { ...notActive, errorMsg: "provisioning_status is PENDING" }, PUT, "conflict-retryable"],
    ["409 other conflict", { status: 409, code: "ELB.8907", errorMsg: "listener already has a pool" }, CREATE, "client"],
    ["409 quota", { status: 409, code: "ELB.8905", errorMsg: "not ACTIVE" }, PUT, "client"],
    ["400", { status: 400, code: "ELB.8902" }, GET, "client"],
    ["401", { status: 401, code: "APIGW.0301" }, GET, "client"],
    ["404", { status: 404, code: "ELB.8904" }, GET, "client"],
    ["refused on a creating POST (not sent)", netErr("ECONNREFUSED"), CREATE, "transient"],
    ["connect timeout on a creating POST (not sent)", netErr("UND_ERR_CONNECT_TIMEOUT"), CREATE, "transient"],
    ["reset on GET", netErr("ECONNRESET"), GET, "transient"],
    ["reset on a creating POST", netErr("ECONNRESET"), CREATE, "ambiguous"],
    ["socket closed on PUT", netErr("UND_ERR_SOCKET"), PUT, "transient"],
    ["headers timeout on a creating POST", netErr("UND_ERR_HEADERS_TIMEOUT"), CREATE, "ambiguous"],
    ["TLS trust failure", netErr("CERT_HAS_EXPIRED"), GET, "client"],
    ["a programming error", new TypeError("x is undefined"), GET, "client"],
  ];
  test.each(table)("%s", (_name, outcome, req, expected) => {
    expect(classify(outcome, req)).toBe(expected);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2024, 0, 2, 3, 4, 5);
  test.each([
    ["3", 3000],
    ["0", 0],
    ["1.5", 1500],
    [new Date(now + 7000).toUTCString(), 7000],
    [new Date(now - 7000).toUTCString(), 0],
  ])("%s", (v, ms) => expect(parseRetryAfter(v, now)).toBe(ms));
  test.each([undefined, "", "soon", "-1", "12abc"])("unparseable %s", (v) => {
    expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe("RetryPolicy.decide", () => {
  test("full jitter: every delay in [0, min(max, base*2^attempt)), seeded", () => {
    const random = prng(7);
    const p = new RetryPolicy({ random, maxAttempts: 100, deadlineMs: Infinity, budget: { capacity: 1e9 } });
    const seen: number[][] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const ceiling = Math.min(20_000, 500 * 2 ** attempt);
      expect(p.backoffCeilingMs(attempt)).toBe(ceiling);
      const ds: number[] = [];
      for (let i = 0; i < 200; i++) {
        const d = p.decide("transient", attempt, 0);
        expect(d.retry).toBe(true);
        expect(d.delayMs).toBeGreaterThanOrEqual(0);
        expect(d.delayMs).toBeLessThan(ceiling);
        ds.push(d.delayMs);
      }
      seen.push(ds);
      // Full jitter spreads over the whole range, not just near the ceiling.
      expect(Math.min(...ds)).toBeLessThan(ceiling * 0.1);
      expect(Math.max(...ds)).toBeGreaterThan(ceiling * 0.9);
    }
    // The cap: attempts 6.. all share the 20 s ceiling.
    expect(p.backoffCeilingMs(6)).toBe(20_000);
    expect(p.backoffCeilingMs(30)).toBe(20_000);
  });

  test("the delay is random() * ceiling exactly", () => {
    const p = new RetryPolicy({ random: () => 0.25 });
    expect(p.decide("throttled", 0, 0).delayMs).toBe(125);
    expect(p.decide("throttled", 3, 0).delayMs).toBe(1000);
  });

  test("Retry-After is honoured as a minimum", () => {
    const p = new RetryPolicy({ random: () => 0 });
    expect(p.decide("throttled", 0, 0, 7000)).toMatchObject({ retry: true, delayMs: 7000 });
    const q = new RetryPolicy({ random: () => 0.99 });
    // jitter (0.99 * 4000) exceeds a short Retry-After: the larger wins
    expect(q.decide("throttled", 3, 0, 100).delayMs).toBe(Math.floor(0.99 * 4000));
  });

  test("Retry-After beyond the deadline stops", () => {
    const p = new RetryPolicy({ random: () => 0 });
    const d = p.decide("throttled", 1, 115_000, 10_000);
    expect(d.retry).toBe(false);
    expect(d.reason).toMatch(/Retry-After/);
    expect(p.decide("throttled", 1, 105_000, 10_000).retry).toBe(true);
  });

  test("the deadline stops jittered retries too", () => {
    const p = new RetryPolicy({ random: () => 0.5, deadlineMs: 10_000 });
    expect(p.decide("transient", 2, 8_000).retry).toBe(true); // 1000 ms fits
    const d = p.decide("transient", 2, 9_500);
    expect(d).toMatchObject({ retry: false });
    expect(d.reason).toMatch(/deadline/);
  });

  test("the attempt cap", () => {
    const p = new RetryPolicy({ random: () => 0, maxAttempts: 3 });
    expect(p.decide("transient", 0, 0).retry).toBe(true);
    expect(p.decide("transient", 1, 0).retry).toBe(true);
    const d = p.decide("transient", 2, 0);
    expect(d.retry).toBe(false);
    expect(d.reason).toMatch(/3 attempts/);
  });

  test("a budget stops retries and successes earn it back", () => {
    const budget = new TokenBucket({ capacity: 12, retryCost: 5, successRefund: 1 });
    const p = new RetryPolicy({ random: () => 0 });
    expect(p.decide("transient", 0, 0, undefined, budget).retry).toBe(true);
    expect(p.decide("throttled", 0, 0, undefined, budget).retry).toBe(true);
    expect(budget.available).toBe(2);
    const d = p.decide("transient", 0, 0, undefined, budget);
    expect(d).toMatchObject({ retry: false });
    expect(d.reason).toMatch(/budget/);
    expect(budget.available).toBe(2); // a refused retry costs nothing
    for (let i = 0; i < 3; i++) p.recordSuccess(budget);
    expect(p.decide("transient", 0, 0, undefined, budget).retry).toBe(true);
    for (let i = 0; i < 100; i++) p.recordSuccess(budget);
    expect(budget.available).toBe(12); // capped
  });

  test("one budget per operation: shared by its requests, never by the whole process", async () => {
    const p = new RetryPolicy({ budget: { capacity: 10, retryCost: 5 } });
    const outside = [p.budget(), p.budget()];
    expect(outside[0]).not.toBe(outside[1]); // outside any operation, each request has its own
    const [a1, a2, b] = await Promise.all([
      inOperation(async () => {
        const first = p.budget();
        await Promise.resolve(); // across awaits, still the same operation
        return [first, p.budget()];
      }),
      inOperation(async () => p.budget()),
    ]).then(([[x, y], z]) => [x, y, z]);
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(a1.capacity).toBe(10);
    a1.tryTake();
    a1.tryTake();
    expect(a1.tryTake()).toBe(false);
    expect(b.tryTake()).toBe(true); // another operation's exhausted budget does not stop this one
  });

  test("conflicts wait until their own deadline, ignore the attempt cap and the budget", () => {
    const budget = new TokenBucket({ capacity: 0 });
    const p = new RetryPolicy({ random: () => 0.5, maxAttempts: 2 });
    expect(p.decide("conflict-retryable", 20, 200_000, undefined, budget)).toMatchObject({ retry: true, delayMs: 10_000 });
    expect(p.decide("conflict-retryable", 20, 295_000, undefined, budget).retry).toBe(false);
    expect(p.decide("transient", 0, 0, undefined, budget).retry).toBe(false); // the empty budget does stop the others
  });

  test.each(["client", "ambiguous"] as const)("no retry for %s", (c) => {
    const p = new RetryPolicy({ random: () => 0 });
    expect(p.decide(c, 0, 0)).toMatchObject({ retry: false, delayMs: 0 });
  });
});
