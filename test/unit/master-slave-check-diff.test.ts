/**
 * MasterSlavePool: check rules (each with the property it must name) and the diff (every input
 * replaces; the expected rules are written here from the issue, not read from the schema).
 */
import { checkInputs } from "../../provider/lifecycle/check";
import { fieldTable } from "../../provider/lifecycle/doc";
import { diffProperties } from "../../provider/lifecycle/diff";
import { makeProvider, overlay } from "../../provider/lifecycle/engine";
import { inputNames } from "../../provider/lifecycle/schema";
import { masterSlavePoolKind } from "../../provider/resources/master-slave/provider";
import { masterSlavePoolSchema } from "../../provider/resources/master-slave/schema";
import { masterSlaveViolations, validMasterSlave } from "../fixtures/master-slave-violations";
import { changed } from "../fixtures/violations";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const check = (over: Record<string, unknown>, drop: string[] = []) =>
  checkInputs(masterSlavePoolSchema, changed(validMasterSlave("l-1"), over, drop));

describe("check", () => {
  test("valid pools pass: the minimal one, every field, any-port without member ports", () => {
    expect(check({})).toEqual([]);
    expect(
      check({
        description: "d",
        projectId: "p".repeat(32),
        region: "cn-east-3",
        vpcId: "vpc-1",
        ipVersion: "dualstack",
        loadbalancerId: "lb-1",
        sessionPersistence: { type: "APP_COOKIE", cookieName: "sid" },
        anyPortEnable: false,
        connectionDrain: { enable: true, timeout: 4000 },
        members: [
          { address: "10.0.0.1", protocolPort: 1, role: "slave", name: "b", subnetCidrId: "s-1", adminStateUp: true },
          { address: "10.0.0.2", protocolPort: 65535, role: "master" },
        ],
        healthmonitor: {
          type: "HTTP",
          delay: 50,
          timeout: 10,
          maxRetries: 10,
          maxRetriesDown: 1,
          monitorPort: 8080,
          domainName: "www.example.com",
          urlPath: "/health?x&y[2]",
          expectedCodes: "200-204",
          httpMethod: "HEAD",
          name: "hc",
        },
      }),
    ).toEqual([]);
    expect(
      check({
        anyPortEnable: true,
        members: [
          { address: "10.0.0.1", role: "master" },
          { address: "10.0.0.2", role: "slave" },
        ],
      }),
    ).toEqual([]);
    expect(check({ protocol: "QUIC", lbAlgorithm: "QUIC_CID" })).toEqual([]);
    expect(check({ type: "" })).toEqual([]); // with a listener, type may be empty
  });

  test.each(masterSlaveViolations)("%s is refused, naming the property", (_c, over, drop, property, reason) => {
    expect(check(over, drop)).toContainEqual({ property, reason: expect.stringMatching(reason) });
  });

  test("unknowns anywhere are not failures, and leave the rules they decide undecided", () => {
    for (const k of ["protocol", "lbAlgorithm", "type", "listenerId", "members", "healthmonitor", "anyPortEnable", "sessionPersistence"]) {
      expect([k, check({ [k]: U })]).toEqual([k, []]);
    }
    const [m0, m1] = validMasterSlave("l").members as Record<string, unknown>[];
    expect(check({ members: [{ ...m0, role: U }, m1] })).toEqual([]);
    expect(check({ members: [U, m1] })).toEqual([]);
    expect(
      check({
        members: [
          { ...m0, protocolPort: U },
          { ...m1, address: U },
        ],
      }),
    ).toEqual([]);
    expect(check({ healthmonitor: { type: U, delay: U, timeout: U, maxRetries: U, urlPath: U } })).toEqual([]);
    // an unknown read by a rule's condition leaves the rule undecided: anyPortEnable may yet be true
    const { protocolPort: _port, ...portless } = m0;
    expect(check({ protocol: "TCP", anyPortEnable: U, members: [portless, m1] })).toEqual([]);
    expect(check({ protocol: "TCP", anyPortEnable: false, members: [portless, m1] })).toContainEqual({
      property: expect.stringMatching(/^members/),
      reason: expect.stringMatching(/protocolPort is required/),
    });
    // a known rule still fails next to unknowns
    expect(check({ name: U, members: [m0, { ...m1, role: "master" }] })).toContainEqual({
      property: "members",
      reason: expect.stringMatching(/master and one with role slave/),
    });
  });
});

describe("diff: the API has no update call, so every input replaces", () => {
  const old: Record<string, unknown> = {
    ...validMasterSlave("l-a"),
    description: "a",
    projectId: "p".repeat(32),
    region: "cn-north-4",
    vpcId: "v",
    ipVersion: "v4",
    loadbalancerId: "lb-a",
    sessionPersistence: null,
    anyPortEnable: false,
    connectionDrain: { enable: false, timeout: 300 },
  };
  const changes: Record<string, unknown> = {
    adoptId: "pool-b",
    lbAlgorithm: "SOURCE_IP",
    protocol: "UDP",
    type: "instance",
    loadbalancerId: "lb-b",
    listenerId: "l-b",
    name: "other",
    description: "b",
    projectId: "q".repeat(32),
    region: "cn-east-3",
    vpcId: "w",
    ipVersion: "dualstack",
    sessionPersistence: { type: "SOURCE_IP" },
    anyPortEnable: true,
    connectionDrain: { enable: true, timeout: 300 },
    members: [{ address: "192.168.0.99", protocolPort: 80, role: "master" }, (old.members as object[])[1]],
    healthmonitor: { ...(old.healthmonitor as object), delay: 6 },
  };

  test("every input property has a change here", () => {
    expect(inputNames(masterSlavePoolSchema).sort()).toEqual(Object.keys(changes).sort());
  });

  test.each(Object.entries(changes))(
    "%s: a change replaces; the same value, an omitted value and API-filled extras do not",
    (field, value) => {
      expect(diffProperties(masterSlavePoolSchema, old, { ...old, [field]: value })).toEqual({ updates: [], replaces: [field] });
      expect(diffProperties(masterSlavePoolSchema, old, { ...old, [field]: U })).toEqual({ updates: [], replaces: [field] });
      const omitted: Record<string, unknown> = { ...old };
      delete omitted[field];
      expect(diffProperties(masterSlavePoolSchema, old, omitted)).toEqual({ updates: [], replaces: [] });
    },
  );

  test("members and health check: computed fields in the old outputs are not changes; a nested change is", () => {
    const outs = {
      ...old,
      members: (old.members as object[]).map((m, i) => ({
        ...m,
        id: `m${i}`,
        operatingStatus: "ONLINE",
        status: [],
        memberType: "ip",
        ipVersion: "v4",
        instanceId: "",
        name: "",
        adminStateUp: true,
      })),
      healthmonitor: { ...(old.healthmonitor as object), id: "h", adminStateUp: true, maxRetriesDown: 3, urlPath: "/" },
    };
    expect(diffProperties(masterSlavePoolSchema, outs, old)).toEqual({ updates: [], replaces: [] });
    const port = structuredClone(old.members) as Record<string, unknown>[];
    port[1]!.protocolPort = 81;
    expect(diffProperties(masterSlavePoolSchema, outs, { ...old, members: port }).replaces).toEqual(["members"]);
    expect(
      diffProperties(masterSlavePoolSchema, outs, { ...old, healthmonitor: { ...(old.healthmonitor as object), maxRetriesDown: 4 } })
        .replaces,
    ).toEqual(["healthmonitor"]);
  });

  test("delete-before-replace when a listener is bound (before or after)", async () => {
    const p = makeProvider(masterSlavePoolKind, () => {
      throw new Error("diff needs no API");
    });
    const outs = { ...old, listeners: [{ id: "l-a" }] };
    expect(await p.diff!("id", outs, { ...old, name: "n2" })).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: true });
    const lbOnly = { ...old, listenerId: undefined, listeners: [] };
    expect(await p.diff!("id", lbOnly, { ...lbOnly, name: "n2" })).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
    expect(await p.diff!("id", outs, old)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
});

test("outputs lay the member inputs over the API's members matched by role (x-identity), keeping their computed fields", () => {
  const api = {
    members: [
      { address: "b", role: "slave", id: "m2" },
      { address: "a", role: "master", id: "m1", operatingStatus: "ONLINE" },
    ],
    healthmonitor: { id: "h", delay: 5 },
  };
  const inputs = {
    members: [
      { address: "a", role: "master", name: "x" },
      { address: "b", role: "slave" },
    ],
    healthmonitor: { delay: 5 },
  };
  expect(overlay(api, inputs, masterSlavePoolSchema.properties)).toEqual({
    members: [
      { address: "b", role: "slave", id: "m2" },
      { address: "a", role: "master", id: "m1", operatingStatus: "ONLINE", name: "x" },
    ],
    healthmonitor: { id: "h", delay: 5 },
  });
  // reordered by the API: still no change
  expect(
    diffProperties(masterSlavePoolSchema, api, {
      members: [
        { address: "a", role: "master" },
        { address: "b", role: "slave" },
      ],
    }),
  ).toEqual({ updates: [], replaces: [] });
  expect(diffProperties(masterSlavePoolSchema, api, inputs)).toEqual({ updates: [], replaces: ["members"] }); // the API has no name "x"
});

test("the README table breaks the members down, computed item fields marked", () => {
  const table = fieldTable(masterSlavePoolSchema);
  expect(table).toContain("| `members[].address` | `address` | string | yes |  |");
  expect(table).toContain("| `members[].id` | `id` | string |  | computed |");
  expect(table).toContain("| `healthmonitor.id` | `id` | string |  | computed |");
  expect(table).toMatch(/\| `members` \| `members` \| object\[\] \| yes \| \*\*replace\*\* \|.*exactly 2 items/);
  expect(table.match(/members must be one with role master/g)).toHaveLength(1);
});
