/**
 * The testing kit with more than one region: a program's resource that sets `region` is checked and created
 * in that region of the kit's emulator, through the region's endpoint, as `pulumi up` would create it.
 */
import * as pulumi from "@pulumi/pulumi";
import { Pool } from "../../provider";
import { startTestKit, type TestKit } from "../../provider/testing";

const EAST = "cn-east-3";
const EAST_PROJECT = "e4e5e6e7e8e9eaebecedeeeff0f1f2f3";

let kit: TestKit;
beforeAll(async () => {
  kit = await startTestKit({ emulator: true, regions: { [EAST]: EAST_PROJECT } });
  await pulumi.runtime.setMocks(kit.mocks, "regions", "test", false);
});
afterAll(() => kit.close());

test("each pool is created in its own region; the outputs say where", async () => {
  const emu = kit.emulator!;
  const pool = (name: string, region?: string) =>
    new Pool(name, { name, protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: emu.fixtures.loadbalancers[0]!.id, region });
  const home = pool("home");
  const east = pool("east", EAST);
  const seen = await new Promise<unknown[]>((resolve) => void pulumi.all([home.region, east.region, east.projectId]).apply(resolve));
  expect(kit.failures).toEqual([]);
  expect(seen).toEqual([emu.region, EAST, EAST_PROJECT]);
  expect(emu.pools().map((p) => p.name)).toEqual(["home"]);
  expect(
    emu
      .inRegion(EAST)
      .pools()
      .map((p) => p.name),
  ).toEqual(["east"]);
});
