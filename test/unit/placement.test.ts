/**
 * `region` and `projectId` on every kind: check names them, a change replaces, and the program's
 * silence follows the rules written here from the issue: never set, the resource stays where it lives
 * whatever the provider's region becomes; removed after being set, it means the provider's choice,
 * a replacement only if that differs from where the resource lives.
 */
import { makeProvider, type ResourceKind } from "../../provider/lifecycle/engine";
import type { Placements } from "../../provider/lifecycle/placement";
import { INPUT_KEYS } from "../../provider/lifecycle/removal";
import { healthMonitorKind } from "../../provider/resources/health-monitor/provider";
import { masterSlavePoolKind } from "../../provider/resources/master-slave/provider";
import { memberBatchKind } from "../../provider/resources/member-batch/provider";
import { poolKind } from "../../provider/resources/pool/provider";
import { poolV2Kind } from "../../provider/resources/pool-v2/provider";
import { validMasterSlave } from "../fixtures/master-slave-violations";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const NORTH = "cn-north-4";
const EAST = "cn-east-3";
const P_NORTH = "a".repeat(32);
const P_EAST = "b".repeat(32);
const P_OTHER = "c".repeat(32);

type Props = Record<string, unknown>;

/** The provider process's knowledge of places, as a test sets it: its region, and each region's project. */
function fakePlacements(home: string, projects: Record<string, string> = { [NORTH]: P_NORTH, [EAST]: P_EAST }) {
  const asked: string[] = [];
  const placements: Placements = {
    home: () => home,
    problem: (region) => (region === "ap-southeast-9" ? "ap-southeast-9 is not reachable with this configuration" : undefined),
    project: async (region) => (asked.push(region), projects[region]!),
  };
  return { placements, asked };
}

const noContext = () => {
  throw new Error("no API call expected");
};
const providerOf = (kind: ResourceKind, home = NORTH) => makeProvider(kind, noContext, fakePlacements(home).placements);

/** One valid program per kind. */
const kinds: [string, ResourceKind, Props][] = [
  ["Pool", poolKind, { name: "web", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" }],
  ["PoolV2", poolV2Kind, { name: "web", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" }],
  ["MasterSlavePool", masterSlavePoolKind, validMasterSlave("l-1")],
  ["MemberBatch", memberBatchKind, { poolId: "pool-1", members: [{ address: "10.0.0.1", protocolPort: 80, subnetCidrId: "s-1" }] }],
  ["HealthMonitor", healthMonitorKind, { poolId: "pool-1", type: "TCP", delay: 5, timeout: 3, maxRetries: 3 }],
];

/** check, then diff the program `news` against the outputs `olds`. */
async function plan(kind: ResourceKind, olds: Props, news: Props, home = NORTH, projects?: Record<string, string>) {
  const { placements, asked } = fakePlacements(home, projects);
  const p = makeProvider(kind, noContext, placements);
  const checked = await p.check!(olds, news);
  expect(checked.failures).toEqual([]);
  const diff = await p.diff!("id-1", olds, checked.inputs);
  return { changes: diff.changes, replaces: diff.replaces ?? [], asked };
}

/** The outputs of a resource created from `inputs` that lives in `region`/`projectId`. */
const lives = (inputs: Props, region: string, projectId: string, setKeys: string[] = Object.keys(inputs)): Props => ({
  ...inputs,
  region,
  projectId,
  [INPUT_KEYS]: setKeys,
});

describe.each(kinds)("%s", (_name, kind, program) => {
  test("check refuses a malformed region or projectId, naming the property and the rule", async () => {
    const p = providerOf(kind);
    const bad = await p.check!({}, { ...program, region: "CN North 4", projectId: "p-1" });
    expect(bad.failures).toEqual(
      expect.arrayContaining([
        { property: "region", reason: expect.stringContaining("must be a region name like cn-north-4") },
        { property: "projectId", reason: expect.stringContaining("must be 32 letters or digits") },
      ]),
    );
    expect((await p.check!({}, { ...program, region: EAST, projectId: P_EAST })).failures).toEqual([]);
    // a region the provider cannot reach, at preview (the sentence comes from the provider's configuration)
    expect((await p.check!({}, { ...program, region: "ap-southeast-9" })).failures).toEqual([
      { property: "region", reason: "ap-southeast-9 is not reachable with this configuration" },
    ]);
    // unknown at preview: not a failure
    expect((await p.check!({}, { ...program, region: U, projectId: U })).failures).toEqual([]);
  });

  test("a changed region or projectId replaces; an unknown one too; the same one does not", async () => {
    const olds = lives({ ...program, region: NORTH }, NORTH, P_NORTH);
    expect(await plan(kind, olds, { ...program, region: EAST })).toMatchObject({ changes: true, replaces: ["region"] });
    expect(await plan(kind, olds, { ...program, region: U })).toMatchObject({ changes: true, replaces: ["region"] });
    expect(await plan(kind, olds, { ...program, region: NORTH, projectId: P_OTHER })).toMatchObject({ replaces: ["projectId"] });
    // (the MemberBatch outputs here are not the API's, so only the replacement is compared)
    expect(await plan(kind, olds, { ...program, region: NORTH, projectId: P_NORTH })).toMatchObject({ replaces: [] });
  });
});

describe("the program's silence (Pool; every kind shares the fragment)", () => {
  const program: Props = { name: "web", protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };

  test("never set: it stays where it lives, even after the provider's region changed (no IAM lookup)", async () => {
    const olds = lives(program, NORTH, P_NORTH);
    const r = await plan(poolKind, olds, program, EAST);
    expect(r).toMatchObject({ changes: false, replaces: [] });
    expect(r.asked).toEqual([]);
  });

  test("removed after being set: the provider's region; a replacement only if that differs from where it lives", async () => {
    const olds = lives({ ...program, region: NORTH }, NORTH, P_NORTH);
    expect(await plan(poolKind, olds, program, NORTH)).toMatchObject({ changes: false });
    expect(await plan(poolKind, olds, program, EAST)).toMatchObject({ changes: true, replaces: ["region"] });
  });

  test("projectId removed: the project the provider chooses in the region it lives in (looked up); replaced only if another", async () => {
    const olds = lives({ ...program, projectId: P_EAST }, EAST, P_EAST);
    const same = await plan(poolKind, olds, program, NORTH);
    expect(same).toMatchObject({ changes: false });
    expect(same.asked).toEqual([EAST]);
    const other = await plan(poolKind, olds, program, NORTH, { [EAST]: P_OTHER });
    expect(other).toMatchObject({ changes: true, replaces: ["projectId"] });
  });

  test("state written before regions were recorded lives in the provider's region and its project", async () => {
    const legacy = { ...program, [INPUT_KEYS]: Object.keys(program) };
    // not a replacement: an update that sends nothing and records where it lives (legacy-placement.test.ts)
    expect(await plan(poolKind, legacy, { ...program, region: NORTH, projectId: P_NORTH })).toMatchObject({ changes: true, replaces: [] });
    expect(
      await plan(poolKind, { ...legacy, region: NORTH, projectId: P_NORTH }, { ...program, region: NORTH, projectId: P_NORTH }),
    ).toMatchObject({
      changes: false,
    });
    expect(await plan(poolKind, legacy, { ...program, region: EAST })).toMatchObject({ replaces: ["region"] });
  });
});
