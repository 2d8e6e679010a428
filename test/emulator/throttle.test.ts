/**
 * The account limits an emulator can be started with: an added latency per request and a rate limit
 * (429 APIG.0308 with Retry-After beyond it, nothing processed). Time is the emulator's `now` option and
 * its `sleep`, so nothing here depends on the wall clock.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { elb, tcpPool } from "./helpers";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe("rate limit", () => {
  test("a burst passes, the next request is refused with 429 and Retry-After and not processed; time brings tokens back", async () => {
    let clock = Date.now();
    emu = await startEmulator({ now: () => clock, rateLimit: { requestsPerSecond: 2, burst: 3 } });
    const api = elb(emu);
    for (let i = 0; i < 3; i++) expect((await api.listPools()).status).toBe(200);
    const refused = await api.createPool(tcpPool(emu));
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.body.error_code).toBe("APIGW.0308");
    expect(emu.pools()).toHaveLength(0); // refused before anything was processed
    clock += 500; // half a second at 2/s: one token
    expect((await api.createPool(tcpPool(emu))).status).toBe(201);
    expect((await api.listPools()).status).toBe(429);
    clock += 10_000; // a quiet spell refills up to the burst, never beyond
    for (let i = 0; i < 3; i++) expect((await api.listPools()).status).toBe(200);
    expect((await api.listPools()).status).toBe(429);
    expect(emu.count({ method: "GET" })).toBe(8); // refused requests are still recorded
  });

  test("the default burst is one second's worth; bad options are refused", async () => {
    const clock = Date.now();
    emu = await startEmulator({ now: () => clock, rateLimit: { requestsPerSecond: 4 } });
    const api = elb(emu);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.listPools()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    await expect(startEmulator({ rateLimit: { requestsPerSecond: 0 } })).rejects.toThrow(/requestsPerSecond/);
    await expect(startEmulator({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
  });
});

describe("latency", () => {
  test("every request waits latencyMs (through the sleep option) before it is handled", async () => {
    const asked: number[] = [];
    emu = await startEmulator({
      latencyMs: 20,
      sleep: async (ms) => {
        asked.push(ms);
      },
    });
    const api = elb(emu);
    await api.listPools();
    await api.createPool(tcpPool(emu));
    expect(asked).toEqual([20, 20]);
  });
});
