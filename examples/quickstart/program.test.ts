/**
 * A user's unit test of the quickstart program with `pulumi-huaweicloud-elb/testing`: the program's
 * resources go through the package's check and diff, and are created in the bundled emulator, so the
 * test sees what `pulumi preview` would refuse and what a change would do, without a cloud account.
 */
import * as pulumi from "@pulumi/pulumi";
import { startTestKit, type TestKit } from "pulumi-huaweicloud-elb/testing";
import { Pool } from "pulumi-huaweicloud-elb";
import { quickstart, type QuickstartSettings } from "./program";

let kit: TestKit;
let settings: QuickstartSettings;

/** Runs the program once and waits until every resource is registered. */
async function run(program: () => Record<string, pulumi.Output<unknown>>): Promise<void> {
  kit.nextRun();
  const out = program();
  await new Promise<void>((resolve) => void pulumi.all(Object.values(out)).apply(() => resolve()));
}

beforeAll(async () => {
  kit = await startTestKit({ emulator: true });
  await pulumi.runtime.setMocks(kit.mocks, "quickstart", "test", false);
  const emu = kit.emulator!;
  const lb = emu.fixtures.loadbalancers[0]!.id;
  settings = {
    loadbalancerId: lb,
    listenerId: emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb)!.id,
    subnetCidrId: emu.fixtures.subnets.find((s) => s.cidr === "192.168.0.0/24")!.id,
  };
});
afterAll(() => kit.close());

test("the program creates two pools, three members and a health check in the emulator", async () => {
  await run(() => quickstart(settings));
  expect(kit.failures).toEqual([]);
  expect(kit.steps.map((s) => `${s.op} ${s.name}`).sort()).toEqual(["create tcp", "create web", "create web-backends", "create web-check"]);
  const web = kit.emulator!.pools().find((p) => p.name === "web")!;
  expect(
    kit
      .emulator!.members(web.id)
      .map((m) => m.address)
      .sort(),
  ).toEqual(["192.168.0.10", "192.168.0.11", "192.168.0.12"]);
});

test("a new ipVersion replaces the TCP pool; a new description updates the web pool in place", async () => {
  await run(() => quickstart({ ...settings, tcpIpVersion: "dualstack", webDescription: "changed" }));
  const op = (name: string) => kit.steps.find((s) => s.name === name);
  expect(op("tcp")).toMatchObject({ op: "replace", changed: expect.arrayContaining(["ipVersion"]) });
  expect(op("web")).toMatchObject({ op: "update", changed: ["description"] });
  expect(op("web-backends")?.op).toBe("same");
});

test("bad input fails as preview would fail it, naming the property and the rule", async () => {
  await run(() => {
    const pool = new Pool("bad", {
      protocol: "UDP",
      lbAlgorithm: "ROUND_ROBIN",
      loadbalancerId: settings.loadbalancerId,
      slowStart: { enable: true },
    });
    return { urn: pool.urn };
  });
  expect(kit.failures).toEqual([
    expect.objectContaining({ name: "bad", property: "slowStart", reason: expect.stringContaining("only for HTTP and HTTPS pools") }),
  ]);
});
