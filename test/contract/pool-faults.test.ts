/**
 * Pool's API operations against the emulator over loopback HTTP when the cloud throttles, fails,
 * resets or is busy: nothing lost, nothing duplicated, nothing retried that must not be.
 * The client runs on a virtual clock (sleeps advance it instantly) so back-offs cost no time.
 */
import type { ElbClient } from "../../provider/http/client";
import { makeProvider } from "../../provider/lifecycle/engine";
import { poolKind } from "../../provider/resources/pool/provider";
import { useEmulator } from "../emulator/helpers";
import { emulatorClient } from "./client";

const env = useEmulator();
let client: ElbClient;
let sleeps: number[];
let provider: ReturnType<typeof makeProvider>;
let lb: string;

beforeAll(() => {
  lb = env.emu.fixtures.loadbalancers[0].id;
});

beforeEach(() => {
  let offset = 0;
  sleeps = [];
  const clock = {
    now: () => Date.now() + offset,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      offset += ms;
    },
  };
  client = emulatorClient(env.emu, clock);
  provider = makeProvider(poolKind, () => ({ client }));
});
afterEach(() => client.close());

const inputs = (name: string) => ({ name, protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: lb });
const posts = () => env.emu.count({ method: "POST", path: `/v3/${env.emu.projectId}/elb/pools` });

test("429 with Retry-After: the create is re-sent after the wait and made once", async () => {
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 429, retryAfter: 3, times: 2 });
  const { id } = await provider.create!(inputs("throttled"));
  expect(posts()).toBe(3);
  expect(sleeps.filter((ms) => ms >= 3000)).toHaveLength(2);
  expect(env.emu.pools().map((p) => p.id)).toEqual([id]);
});

test("500 after the pool was made (ambiguous): not re-sent blindly; the pool is found and adopted", async () => {
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 500, when: "after" });
  const { id, outs } = await provider.create!(inputs("ambiguous"));
  expect(posts()).toBe(1);
  expect(env.emu.pools()).toHaveLength(1);
  expect(env.emu.pool(id)).toMatchObject({ name: "ambiguous" });
  expect(outs).toMatchObject({ name: "ambiguous", loadbalancerId: lb });
});

test("connection reset after the pool was made: adopted, not duplicated", async () => {
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, kind: "reset", when: "after" });
  const { id } = await provider.create!(inputs("reset-after"));
  expect(posts()).toBe(1);
  expect(env.emu.pools().map((p) => p.id)).toEqual([id]);
});

test("500 before anything was made: the lookup proves it, and the create is sent once more", async () => {
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 500 });
  const { id } = await provider.create!(inputs("ambiguous-nothing"));
  expect(posts()).toBe(2);
  expect(env.emu.pools().map((p) => p.id)).toEqual([id]);
});

test("persistent 500s: two sends at most, then a clear error; nothing is left behind", async () => {
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 500, times: 5 });
  await expect(provider.create!(inputs("down"))).rejects.toThrow(/500/);
  expect(posts()).toBe(2);
  expect(env.emu.pools()).toEqual([]);
});

test("a 400 is not retried, and its message names the field", async () => {
  const vpc = { type: "instance", vpcId: "vpc-does-not-exist" };
  await expect(provider.create!({ ...inputs("bad"), ...vpc })).rejects.toThrow(/400 ELB\.8902.*vpc_id/);
  expect(posts()).toBe(1);
});

test("a 404 for a missing load balancer is not retried", async () => {
  await expect(provider.create!({ ...inputs("bad"), loadbalancerId: "0b11747a-b139-492f-9692-ffffffffffff" })).rejects.toThrow(
    /404 ELB\.8904/,
  );
  expect(posts()).toBe(1);
});

test("an ambiguous create never adopts a different pool (create-before-delete of an ipVersion change)", async () => {
  const { id: old } = await provider.create!({ ...inputs("same-name"), ipVersion: "v4" });
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 500 });
  const { id, outs } = await provider.create!({ ...inputs("same-name"), ipVersion: "dualstack" });
  expect(id).not.toBe(old);
  expect(env.emu.pool(id)?.ip_version).toBe("dualstack");
  expect(outs.ipVersion).toBe("dualstack");
  expect(posts()).toBe(3);
});

test("an ambiguous create never adopts a look-alike that existed before its POST (twins with one name)", async () => {
  const { id: first } = await provider.create!(inputs("twin"));
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 500, when: "after" });
  const { id } = await provider.create!(inputs("twin"));
  expect(id).not.toBe(first);
  expect(
    env.emu
      .pools()
      .map((p) => p.id)
      .sort(),
  ).toEqual([first, id].sort());
  expect(posts()).toBe(2);
});

test("an ambiguous create whose lookup fails says the pool may exist", async () => {
  env.emu.faults.inject({ method: "POST", path: /\/elb\/pools$/, status: 500, when: "after" });
  env.emu.faults.inject({ method: "GET", path: /\/elb\/pools$/, status: 403, code: "ELB.8903", message: "forbidden", skip: 1 });
  await expect(provider.create!(inputs("lookup-fails"))).rejects.toThrow(/may or may not have been created \(looking it up failed: .*403/);
  expect(posts()).toBe(1);
});

test("409 while the load balancer is not ACTIVE: the update waits until it is", async () => {
  const { id, outs } = await provider.create!(inputs("busy"));
  env.emu.outOfBand.setLoadBalancerStatus(lb, "PENDING_UPDATE", { revertAfterRequests: 3 });
  const { outs: after } = await provider.update!(id, outs, { ...inputs("busy"), description: "later" });
  expect(after.description).toBe("later");
  expect(env.emu.pool(id)?.description).toBe("later");
  const puts = env.emu.requests.filter((r) => r.method === "PUT");
  expect(puts.length).toBeGreaterThan(1);
  expect(puts.slice(0, -1).every((r) => r.status === 409)).toBe(true);
  expect(puts[puts.length - 1].status).toBe(200);
});

test("503 and a reset on read are retried (a GET repeats harmlessly)", async () => {
  const { id, outs } = await provider.create!(inputs("flaky"));
  env.emu.faults.inject({ method: "GET", path: /\/pools\/[^/]+$/, status: 503 });
  env.emu.faults.inject({ method: "GET", path: /\/pools\/[^/]+$/, kind: "reset" });
  const read = await provider.read!(id, outs);
  expect(read.id).toBe(id);
  expect(env.emu.count({ method: "GET", path: `/v3/${env.emu.projectId}/elb/pools/${id}` })).toBe(3);
});

test("delete: a pool with a health check is deleted (cascade); a pool already gone is fine", async () => {
  const { id, outs } = await provider.create!(inputs("held"));
  env.emu.outOfBand.attachHealthMonitor(id);
  await provider.delete!(id, outs);
  expect(env.emu.pool(id)).toBeUndefined();
  await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
});

test("an ID from state that would change the request path is refused before any request", async () => {
  const before = env.emu.requests.length;
  await expect(provider.read!("../../loadbalancers", {})).rejects.toThrow(/not a valid ID/);
  await expect(provider.delete!("a/b", {})).rejects.toThrow(/not a valid ID/);
  expect(env.emu.requests.length).toBe(before);
});
