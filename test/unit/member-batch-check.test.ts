/**
 * check and diff of MemberBatch, in process. Expectations are written here from the issue and
 * ELB-API.md "Members" (not read from the schema).
 */
import { checkInputs } from "../../provider/lifecycle/check";
import { diffProperties } from "../../provider/lifecycle/diff";
import { makeProvider, overlay } from "../../provider/lifecycle/engine";
import { memberBatchKind } from "../../provider/resources/member-batch/provider";
import { memberBatchSchema } from "../../provider/resources/member-batch/schema";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SUBNET = "subnet-a";
const m = (address: string, protocolPort: unknown, extra: Record<string, unknown> = {}) => ({
  address,
  protocolPort,
  subnetCidrId: SUBNET,
  ...extra,
});
const check = (members: unknown[], extra: Record<string, unknown> = {}) =>
  checkInputs(memberBatchSchema, { poolId: "pool-1", members, ...extra });

describe("check", () => {
  test("valid members pass: IPv4, IPv6, weight 0 and 100, IP as a backend without a subnet, an empty set", () => {
    expect(
      check([
        m("192.168.0.10", 80, { weight: 0, name: "a", adminStateUp: false, availabilityZone: "az1" }),
        m("2001:db8::10", 80, { weight: 100 }),
      ]),
    ).toEqual([]);
    expect(check([{ address: "10.1.2.3", protocolPort: 443 }])).toEqual([]);
    expect(check([], { exclusive: true })).toEqual([]);
    // the same address on two ports, and the same port on two addresses, are different members
    expect(check([m("192.168.0.10", 80), m("192.168.0.10", 81), m("192.168.0.11", 80)])).toEqual([]);
  });

  test.each([
    ["weight above 100", [m("192.168.0.10", 80, { weight: 101 })], "members[0].weight", /between 0 and 100/],
    ["a negative weight", [m("192.168.0.10", 80, { weight: -1 })], "members[0].weight", /between 0 and 100/],
    ["a fractional weight", [m("192.168.0.10", 80, { weight: 1.5 })], "members[0].weight", /whole number/],
    ["port 0", [m("192.168.0.10", 0)], "members[0].protocolPort", /between 1 and 65535/],
    ["port 65536", [m("192.168.0.10", 65536)], "members[0].protocolPort", /between 1 and 65535/],
    ["no port", [{ address: "192.168.0.10", subnetCidrId: SUBNET }], "members[0].protocolPort", /required/],
    ["no address", [{ protocolPort: 80, subnetCidrId: SUBNET }], "members[0].address", /required/],
    ["a host name", [m("web-1.internal", 80)], "members[0].address", /IPv4 or IPv6/],
    ["an IPv4 octet over 255", [m("192.168.0.300", 80)], "members[0].address", /IPv4 or IPv6/],
    ["IPv6 without a subnet (IP as a backend is IPv4 only)", [{ address: "2001:db8::1", protocolPort: 80 }], "members[0].address", /IPv4/],
    ["a computed field as input", [m("192.168.0.10", 80, { id: "x" })], "members[0].id", /not a property here/],
    ["a typo", [m("192.168.0.10", 80, { wieght: 3 })], "members[0].wieght", /did you mean weight/],
  ])("%s is refused, naming the member's field", (_name, members, property, reason) => {
    expect(check(members)).toContainEqual({ property, reason: expect.stringMatching(reason) });
  });

  test("any-port pools: protocolPort null is accepted, and two members of one address without a port are duplicates", () => {
    expect(check([m("192.168.0.10", null), m("192.168.0.11", null)])).toEqual([]);
    expect(check([m("192.168.0.10", null), m("192.168.0.10", null)])).toEqual([
      { property: "members[1]", reason: expect.stringMatching(/duplicates members\[0\]/) },
    ]);
  });

  test("a rule on one member names that member, not the others", () => {
    const failures = check([m("192.168.0.1", 80), { address: "2001:db8::1", protocolPort: 80 }, m("192.168.0.2", 80)]);
    expect(failures.map((f) => f.property)).toEqual(["members[1].address"]);
  });

  test("two members with the same (address, protocolPort) fail, naming both positions", () => {
    const failures = check([m("192.168.0.10", 80), m("192.168.0.11", 80), m("192.168.0.10", 80, { weight: 5 })]);
    expect(failures).toEqual([{ property: "members[2]", reason: expect.stringMatching(/duplicates members\[0\].*192\.168\.0\.10.*80/) }]);
  });

  test("poolId is required, exclusive is a boolean, unknown top-level properties are refused", () => {
    expect(checkInputs(memberBatchSchema, { members: [] })).toContainEqual({ property: "poolId", reason: "is required" });
    expect(check([], { exclusive: "yes" })).toContainEqual({ property: "exclusive", reason: "must be a boolean" });
    expect(check([], { member: [] })).toContainEqual({ property: "member", reason: expect.stringMatching(/did you mean members/) });
  });

  test("unknowns (preview) are never failures: a pool ID, a whole member, any member field", () => {
    expect(checkInputs(memberBatchSchema, { poolId: U, members: [m("192.168.0.10", 80), U] })).toEqual([]);
    expect(check([{ address: U, protocolPort: U, subnetCidrId: U, weight: U }])).toEqual([]);
    // an unknown subnet leaves the IPv4-only rule undecided for that member only
    expect(check([{ address: "2001:db8::1", protocolPort: 80, subnetCidrId: U }])).toEqual([]);
    expect(
      check([
        { address: "2001:db8::1", protocolPort: 80, subnetCidrId: U },
        { address: "2001:db8::2", protocolPort: 80 },
      ]).map((f) => f.property),
    ).toEqual(["members[1].address"]);
    // duplicates cannot be told while an identity field is unknown
    expect(check([m("192.168.0.10", 80), m(U, 80), m("192.168.0.10", U)])).toEqual([]);
  });
});

describe("diff", () => {
  const held = (address: string, port: number, extra: Record<string, unknown> = {}) => ({
    ...m(address, port),
    id: `id-${address}-${port}`,
    weight: 1,
    name: "",
    adminStateUp: true,
    operatingStatus: "NO_MONITOR",
    ...extra,
  });
  const olds = { poolId: "pool-1", members: [held("192.168.0.1", 80), held("192.168.0.2", 80, { weight: 0 })] };
  const diff = (news: Record<string, unknown>) => diffProperties(memberBatchSchema, olds, { poolId: "pool-1", ...news });

  test("no change: the same members in another order, with computed fields and API defaults not set by the program", () => {
    expect(diff({ members: [m("192.168.0.2", 80, { weight: 0 }), m("192.168.0.1", 80)] })).toEqual({ updates: [], replaces: [] });
  });

  const two = m("192.168.0.2", 80, { weight: 0 }); // unchanged
  test.each([
    ["a member added", [m("192.168.0.1", 80), two, m("192.168.0.3", 80)]],
    ["a member removed", [m("192.168.0.1", 80)]],
    ["a weight changed (0 → 1)", [m("192.168.0.1", 80), m("192.168.0.2", 80, { weight: 1 })]],
    ["a weight left out (0 → the default, 1)", [m("192.168.0.1", 80), m("192.168.0.2", 80)]],
    ["a weight changed (1 → 0)", [m("192.168.0.1", 80, { weight: 0 }), two]],
    ["a name changed", [m("192.168.0.1", 80, { name: "x" }), two]],
    ["a subnet changed", [m("192.168.0.1", 80, { subnetCidrId: "subnet-b" }), two]],
    ["a subnet left out (IP as a backend)", [{ address: "192.168.0.1", protocolPort: 80 }, two]],
    ["a port changed (another member)", [m("192.168.0.1", 81), two]],
    ["an unknown member", [m("192.168.0.1", 80), U]],
  ])("%s is an update of members in place, never a replacement", (_name, members) => {
    expect(diff({ members })).toEqual({ updates: ["members"], replaces: [] });
  });

  test('an IP-as-backend member the API answers with subnet_cidr_id null or "" is no change for a member declared without a subnet', () => {
    for (const subnetCidrId of [null, ""]) {
      const ipBackend = { poolId: "pool-1", members: [{ ...held("10.1.2.3", 80), subnetCidrId }] };
      expect(
        diffProperties(memberBatchSchema, ipBackend, { poolId: "pool-1", members: [{ address: "10.1.2.3", protocolPort: 80 }] }),
      ).toEqual({ updates: [], replaces: [] });
    }
  });

  test("IPv6 addresses compare in one spelling: another spelling is no change, and two spellings are duplicates", () => {
    const v6 = { poolId: "pool-1", members: [held("2001:db8:a583::a", 80)] };
    expect(diffProperties(memberBatchSchema, v6, { poolId: "pool-1", members: [m("2001:DB8:A583:0:0:0:0:A", 80)] })).toEqual({
      updates: [],
      replaces: [],
    });
    expect(check([m("2001:db8::1", 80), m("2001:DB8:0::1", 80)])).toEqual([
      { property: "members[1]", reason: expect.stringMatching(/duplicates members\[0\]/) },
    ]);
  });

  test("a member the cloud holds beyond the wanted ones (exclusive, after refresh) is a change", () => {
    const withStranger = { ...olds, members: [...olds.members, held("192.168.0.9", 80)] };
    expect(
      diffProperties(memberBatchSchema, withStranger, {
        poolId: "pool-1",
        members: [m("192.168.0.1", 80), m("192.168.0.2", 80, { weight: 0 })],
      }).updates,
    ).toEqual(["members"]);
  });

  test("only poolId replaces; an unknown poolId is a replacement; exclusive updates", () => {
    expect(diff({ poolId: "pool-2", members: olds.members.map((x) => m(x.address, 80)) }).replaces).toEqual(["poolId"]);
    expect(diff({ poolId: U, members: olds.members.map((x) => m(x.address, 80)) }).replaces).toEqual(["poolId"]);
    expect(diff({ members: [m("192.168.0.1", 80), m("192.168.0.2", 80, { weight: 0 })], exclusive: true }).updates).toEqual(["exclusive"]);
  });
});

describe("plans the schema cannot see (MemberBatch's refinement, through the engine)", () => {
  const provider = makeProvider(memberBatchKind, () => {
    throw new Error("diff makes no API call");
  });
  const olds = { poolId: "p", members: [{ ...m("192.168.0.1", 80), id: "a", weight: 1 }], exclusive: true, strangers: [] as unknown[] };
  const same = { poolId: "p", members: [m("192.168.0.1", 80)] };

  test("strangers found by a refresh are a change only while exclusive", async () => {
    const found = { ...olds, strangers: [{ address: "192.168.0.9", protocolPort: 80, id: "z" }] };
    expect((await provider.diff!("p/members", found, { ...same, exclusive: true })).changes).toBe(true);
    expect((await provider.diff!("p/members", { ...found, exclusive: false }, { ...same, exclusive: false })).changes).toBe(false);
    expect((await provider.diff!("p/members", olds, { ...same, exclusive: true })).changes).toBe(false);
  });

  test("exclusive left out of the program means false: a change from true", async () => {
    expect((await provider.diff!("p/members", olds, same)).changes).toBe(true);
    expect((await provider.diff!("p/members", { ...olds, exclusive: false }, same)).changes).toBe(false);
  });
});

describe("overlay of members (outputs)", () => {
  test("each API member is overlaid with the input of the same identity; members the API does not hold are not invented", () => {
    const api = { poolId: "p", members: [{ address: "192.168.0.2", protocolPort: 80, id: "b", weight: 1 }] };
    const inputs = {
      poolId: "p",
      members: [
        { address: "192.168.0.1", protocolPort: 80 },
        { address: "192.168.0.2", protocolPort: 80, name: "two" },
      ],
    };
    expect(overlay(api, inputs, memberBatchSchema.properties)).toEqual({
      poolId: "p",
      members: [{ address: "192.168.0.2", protocolPort: 80, id: "b", weight: 1, name: "two" }],
    });
  });
});
