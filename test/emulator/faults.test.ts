/**
 * Injected faults and request counting.
 */
import { startEmulator } from "../../emulator";
import { elb, send, signedCall, tcpPool, useEmulator } from "./helpers";

let clock = Date.now();
const env = useEmulator({ now: () => clock });

describe("error faults", () => {
  test("429 APIGW.0308 with Retry-After and the documented throttling message, then normal again", async () => {
    env.emu.faults.inject({ method: "GET", path: /\/elb\/pools$/, status: 429, retryAfter: 2, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await env.api.listPools();
      expect(res.status).toBe(429);
      expect(res.headers["retry-after"]).toBe("2");
      expect(res.body).toEqual({
        error_msg: expect.stringMatching(/^The throttling threshold has been reached: policy user over ratelimit,limit:\d+,time:1 minute$/),
        error_code: "APIGW.0308",
        request_id: res.headers["x-request-id"],
      });
    }
    expect((await env.api.listPools()).status).toBe(200);
  });

  test("500 ELB.8906 and 503 by default codes; explicit code and message win", async () => {
    env.emu.faults.inject({ status: 500 });
    const a = await env.api.listPools();
    expect([a.status, a.body.error_code]).toEqual([500, "ELB.8906"]);
    env.emu.faults.inject({ status: 503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" });
    const b = await env.api.listPools();
    expect(b.status).toBe(503);
    expect(b.headers["retry-after"]).toBe("Wed, 21 Oct 2015 07:28:00 GMT");
    env.emu.faults.inject({ status: 409, code: "ELB.8907", message: "custom conflict" });
    const c = await env.api.listPools();
    expect(c.body).toMatchObject({ error_code: "ELB.8907", error_msg: "custom conflict" });
  });

  test("a 'before' error means the request was not processed", async () => {
    env.emu.faults.inject({ method: "POST", path: `${env.api.base}/pools`, status: 500 });
    expect((await env.api.createPool(tcpPool(env.emu))).status).toBe(500);
    expect(env.emu.pools()).toHaveLength(0);
  });

  test("a fault only matches its method and path (string = exact path)", async () => {
    env.emu.faults.inject({ method: "DELETE", path: `${env.api.base}/pools`, status: 500 });
    env.emu.faults.inject({ method: "GET", path: `${env.api.base}/pools/x`, status: 500 });
    expect((await env.api.listPools()).status).toBe(200);
    const pool = (await env.api.createPool(tcpPool(env.emu))).body.pool;
    expect((await env.api.getPool(pool.id)).status).toBe(200);
  });

  test("skip: the first N matching requests pass untouched, then the fault applies `times` times", async () => {
    env.emu.faults.inject({ method: "GET", path: /\/elb\/pools$/, status: 503, skip: 2, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await env.api.listPools()).status);
      await env.api.getPool("not-matching-the-fault"); // other paths do not count as skipped
    }
    expect(statuses).toEqual([200, 200, 503, 503, 200]);
    expect(() => env.emu.faults.inject({ skip: -1 })).toThrow(/skip/);
    expect(() => env.emu.faults.inject({ skip: 1.5 })).toThrow(/skip/);
  });

  test("'after': the pool IS created, the answer is the error (an ambiguous failure)", async () => {
    env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 500, when: "after" });
    const res = await env.api.createPool({ ...tcpPool(env.emu), name: "ambiguous" });
    expect(res.status).toBe(500);
    expect(res.body.error_code).toBe("ELB.8906");
    expect(env.emu.pools()).toHaveLength(1);
    expect(env.emu.pools()[0]).toMatchObject({ name: "ambiguous" });
  });
});

describe("reset and delay faults", () => {
  test("reset destroys the connection without an answer", async () => {
    env.emu.faults.inject({ kind: "reset", path: /\/elb\/pools$/, method: "POST" });
    await expect(env.api.createPool(tcpPool(env.emu))).rejects.toThrow();
    expect(env.emu.pools()).toHaveLength(0);
    const record = env.emu.requests.find((r) => r.method === "POST");
    expect(record?.status).toBe(0);
    expect((await env.api.listPools()).status).toBe(200); // the server keeps serving
  });

  test("reset 'after' creates the pool and then drops the connection", async () => {
    env.emu.faults.inject({ kind: "reset", when: "after", method: "POST" });
    await expect(env.api.createPool(tcpPool(env.emu))).rejects.toThrow();
    expect(env.emu.pools()).toHaveLength(1);
  });

  test("delay holds the answer for delayMs, then answers normally (observed through the sleep option)", async () => {
    // The emulator waits through the injected sleep: the test sees the delay asked for and decides when
    // it ends, so nothing depends on the wall clock.
    const asked: number[] = [];
    let release!: () => void;
    let entered!: () => void;
    const sleeping = new Promise<void>((resolve) => (entered = resolve));
    const held = await startEmulator({
      now: () => clock,
      sleep: (ms) => {
        asked.push(ms);
        entered();
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    try {
      held.faults.inject({ kind: "delay", delayMs: 150, method: "GET" });
      let answered = false;
      const pending = elb(held)
        .listPools()
        .then((res) => ((answered = true), res));
      await sleeping;
      expect(asked).toEqual([150]);
      await new Promise((r) => setImmediate(r));
      expect(answered).toBe(false); // held while the delay lasts
      release();
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.body.pools).toEqual([]);
      // a request the fault no longer matches is not delayed
      expect((await elb(held).listPools()).status).toBe(200);
      expect(asked).toEqual([150]);
    } finally {
      await held.close();
    }
  });

  test("'after' delay: the work is done before the wait", async () => {
    let release!: () => void;
    let entered!: () => void;
    const sleeping = new Promise<void>((resolve) => (entered = resolve));
    const held = await startEmulator({
      sleep: () => {
        entered();
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    try {
      held.faults.inject({ kind: "delay", when: "after", delayMs: 5, method: "POST" });
      const pending = elb(held).createPool({
        lb_algorithm: "ROUND_ROBIN",
        protocol: "TCP",
        loadbalancer_id: held.fixtures.loadbalancers[0]!.id,
      });
      await sleeping;
      expect(held.pools()).toHaveLength(1); // created while the answer is still held
      release();
      expect((await pending).status).toBe(201);
    } finally {
      await held.close();
    }
  });

  test("close() does not wait for a pending delay", async () => {
    const other = await startEmulator();
    // Far longer than the test's timeout: close() must not wait for it (the test would time out).
    other.faults.inject({ kind: "delay", delayMs: 10 * 60_000 });
    const pending = elb(other)
      .listPools()
      .catch((e: unknown) => e);
    while (other.count() === 0) await new Promise((r) => setImmediate(r)); // the request has arrived
    await other.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe("counting", () => {
  test("every request is recorded with method, path, query, status, error code and clock time", async () => {
    clock = Date.UTC(2024, 5, 1, 12, 0, 0);
    env.emu.resetCounts();
    try {
      // signed with a date matching the emulator clock
      const sdkDate = "20240601T120000Z";
      const headers = { "X-Sdk-Date": sdkDate };
      const path = `${env.api.base}/pools`;
      await signedCall(env.emu.url, { method: "GET", path, query: { limit: "1", id: ["a", "b"] }, headers, projectId: env.emu.projectId });
      await send(env.emu.url, "GET", path, {}); // unauthenticated: still recorded
      env.emu.faults.inject({ status: 429 });
      await signedCall(env.emu.url, { method: "GET", path, headers, projectId: env.emu.projectId });
      await send(env.emu.url, "GET", "/nowhere", {});

      expect(env.emu.requests).toEqual([
        { method: "GET", path, query: "limit=1&id=a&id=b", status: 200, at: clock },
        { method: "GET", path, query: "", status: 401, errorCode: "APIGW.0301", at: clock },
        { method: "GET", path, query: "", status: 429, errorCode: "APIGW.0308", at: clock },
        { method: "GET", path: "/nowhere", query: "", status: 404, errorCode: "APIGW.0101", at: clock },
      ]);
      expect(env.emu.count()).toBe(4);
      expect(env.emu.count({ method: "get", path })).toBe(3);
      expect(env.emu.count({ path: /nowhere/ })).toBe(1);
      expect(env.emu.count({ method: "POST" })).toBe(0);
      env.emu.resetCounts();
      expect(env.emu.count()).toBe(0);
      expect(env.emu.requests).toHaveLength(0);
    } finally {
      clock = Date.now();
    }
  });

  test("out-of-band changes are not counted; revertAfterRequests counts every request", async () => {
    const lb = env.emu.fixtures.loadbalancers[0]!.id;
    const pool = (await env.api.createPool(tcpPool(env.emu))).body.pool;
    env.emu.resetCounts();
    env.emu.outOfBand.setLoadBalancerStatus(lb, "PENDING_UPDATE", { revertAfterRequests: 1 });
    env.emu.outOfBand.updatePool(pool.id, { name: "oob" });
    expect(env.emu.count()).toBe(0);
    await send(env.emu.url, "GET", "/nowhere", {}); // any request counts toward the revert
    expect((await env.api.updatePool(pool.id, { name: "after" })).status).toBe(200);
  });
});
