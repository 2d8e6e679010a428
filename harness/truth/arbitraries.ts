// Seeded scenario generators (fast-check) for every kind: a random valid configuration A, then B made
// from A by setting, changing, removing or nulling its properties (nested fields included), member churn
// for the identity arrays (add, remove, reorder, weight 0, subnet change), a protocol change now and
// then (a replacement), and sometimes a preview where one of B's values is not known yet.
import fc from "fast-check";
import { FIXTURE_IDS } from "../../emulator";
import { UNKNOWN } from "../../provider/lifecycle/unknown";
import type { Scenario } from "./scenario";

type Props = Record<string, unknown>;
type Parts = Record<string, fc.Arbitrary<unknown>>;

const text = fc.string({ unit: fc.constantFrom(..."abcdefgh-_0123"), maxLength: 8 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const LAYER4 = ["TCP", "UDP"];

/** An object arbitrary whose keys are each present or not. */
const some = (parts: Parts) => fc.record(parts, { requiredKeys: [] }) as fc.Arbitrary<Props>;

/** B from A: each optional property kept, removed, or generated anew (which may be the same value). */
function mutate(a: Props, parts: Parts, fixed: Props): fc.Arbitrary<Props> {
  const choices = Object.keys(parts).map((k) =>
    fc.oneof(
      { arbitrary: fc.constant(a[k]), weight: 3 },
      { arbitrary: fc.constant(undefined), weight: 1 },
      { arbitrary: parts[k], weight: 2 },
    ),
  );
  return fc.tuple(...choices).map((vals) => {
    const b: Props = { ...fixed };
    Object.keys(parts).forEach((k, i) => {
      if (vals[i] !== undefined) b[k] = vals[i];
    });
    return b;
  });
}

/** Sometimes one of B's top-level values is not known yet during preview. */
function withUnknown(b: Props): fc.Arbitrary<Props | undefined> {
  const keys = Object.keys(b);
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: fc.constantFrom(...keys).map((k) => ({ ...b, [k]: UNKNOWN })), weight: 1 },
  );
}

/** Scenarios from a generator of (A's fixed part, A's optional parts) by protocol. */
function scenarios(protocols: string[], fixedOf: (protocol: string) => fc.Arbitrary<Props>, partsOf: (protocol: string) => Parts) {
  const config = (protocol: string) =>
    fc.tuple(fixedOf(protocol), some(partsOf(protocol))).map(([fixed, opt]) => ({ fixed, a: { ...fixed, ...opt } }));
  return fc
    .constantFrom(...protocols)
    .chain((protocol) => fc.tuple(config(protocol), fc.constantFrom(...protocols), fc.integer({ min: 0, max: 9 })))
    .chain(([{ fixed, a }, other, roll]) => {
      // one scenario in ten moves to another protocol (a replacement): B is a new configuration for it
      const b = roll === 0 && other !== a.protocol ? config(other).map((c) => c.a) : mutate(a, partsOf(String(a.protocol)), fixed);
      return b.chain((bb) => withUnknown(bb).map((bUnknown): Scenario => ({ a, b: bb, bUnknown })));
    });
}

function stickiness(protocol: string): fc.Arbitrary<unknown> {
  const timeout = maybe(fc.integer({ min: 1, max: LAYER4.includes(protocol) ? 60 : 1440 }));
  const sourceIp = some({ persistenceTimeout: timeout }).map((o) => ({ type: "SOURCE_IP", ...o }));
  if (LAYER4.includes(protocol)) return fc.oneof(sourceIp, fc.constant(null));
  const cookie = some({ persistenceTimeout: timeout }).map((o) => ({ type: "HTTP_COOKIE", ...o }));
  const app = fc.constantFrom("c1", "session").map((cookieName) => ({ type: "APP_COOKIE", cookieName }));
  return fc.oneof(sourceIp, cookie, app, fc.constant(null));
}

const ALGORITHMS = ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP"];

/** A pseudo-property holding type and vpcId together (they are valid only in pairs), flattened before use. */
const TYPE_VPC = "__typeAndVpc";

function flatten(p: Props | undefined): Props | undefined {
  if (!p || !(TYPE_VPC in p)) return p;
  const { [TYPE_VPC]: tv, ...rest } = p;
  return { ...rest, ...(tv === UNKNOWN ? { vpcId: UNKNOWN } : (tv as Props)) };
}

/** Pool (v3): TCP, UDP, HTTP, HTTPS pools on a load balancer; type and vpcId set, changed or dropped as a pair. */
export function poolScenarios(): fc.Arbitrary<Scenario> {
  const typeAndVpc = fc.constantFrom<Props>({ type: "ip" }, { type: "instance", vpcId: FIXTURE_IDS.vpc }, { vpcId: FIXTURE_IDS.vpc });
  const parts = (protocol: string): Parts => ({
    name: text,
    description: text,
    [TYPE_VPC]: typeAndVpc,
    sessionPersistence: stickiness(protocol),
    memberDeletionProtectionEnable: fc.boolean(),
    protectionStatus: fc.constantFrom("nonProtection", "consoleProtection"),
    protectionReason: text,
    poolHealth: fc.constantFrom(0, 1).map((n) => ({ minimumHealthyMemberCount: n })),
    ...(LAYER4.includes(protocol)
      ? { connectionDrain: fc.record({ enable: fc.boolean(), timeout: fc.integer({ min: 10, max: 4000 }) }) }
      : {
          slowStart: some({ duration: fc.integer({ min: 30, max: 1200 }) }).chain((o) => fc.boolean().map((enable) => ({ enable, ...o }))),
        }),
  });
  const fixed = (protocol: string) =>
    fc.constantFrom(...ALGORITHMS).map((lbAlgorithm) => ({ protocol, lbAlgorithm, loadbalancerId: FIXTURE_IDS.lbMain }));
  return scenarios(["TCP", "UDP", "HTTP", "HTTPS"], fixed, parts).map((s) => ({
    a: flatten(s.a)!,
    b: flatten(s.b)!,
    bUnknown: flatten(s.bUnknown),
  }));
}

/** PoolV2 (legacy v2): TCP, UDP, HTTP pools on a shared load balancer. */
export function poolV2Scenarios(): fc.Arbitrary<Scenario> {
  const parts = (protocol: string): Parts => ({
    name: text,
    description: text,
    sessionPersistence: stickiness(protocol).map((sp) =>
      sp && typeof sp === "object" && "cookieName" in sp ? { ...sp, cookieName: "session" } : sp,
    ),
    protectionStatus: fc.constantFrom("nonProtection", "consoleProtection"),
    protectionReason: text,
  });
  const fixed = (protocol: string) =>
    fc.constantFrom(...ALGORITHMS).map((lbAlgorithm) => ({ protocol, lbAlgorithm, loadbalancerId: FIXTURE_IDS.lbShared }));
  return scenarios(["TCP", "UDP", "HTTP"], fixed, parts);
}

/** MasterSlavePool: TCP and UDP active/standby pools (every change replaces). */
export function masterSlaveScenarios(): fc.Arbitrary<Scenario> {
  const member = (role: string, n: number) =>
    some({ name: text, protocolPort: fc.constantFrom(80, 8080) }).map((o) => ({ address: `192.168.0.${n}`, role, protocolPort: 80, ...o }));
  const parts = (): Parts => ({
    name: text,
    description: text,
    sessionPersistence: fc.oneof(fc.constant(null), fc.constant({ type: "SOURCE_IP" })),
    connectionDrain: fc.record({ enable: fc.boolean(), timeout: fc.integer({ min: 10, max: 4000 }) }),
  });
  const fixed = (protocol: string) =>
    fc
      .tuple(fc.constantFrom(...ALGORITHMS), member("master", 10), member("slave", 11), fc.integer({ min: 1, max: 10 }))
      .map(([lbAlgorithm, m, sl, retries]) => ({
        protocol,
        lbAlgorithm,
        type: "ip",
        loadbalancerId: FIXTURE_IDS.lbMain,
        members: [m, sl],
        healthmonitor: { type: protocol === "UDP" ? "UDP_CONNECT" : "TCP", delay: 5, timeout: 3, maxRetries: retries },
      }));
  // the members and the health check are part of every configuration: B regenerates them in one scenario in two
  return scenarios(["TCP", "UDP"], fixed, parts).chain((s) =>
    fc
      .boolean()
      .chain((fresh) =>
        fresh ? fixed(String(s.b.protocol)).map((f) => ({ ...s, b: { ...s.b, ...f }, bUnknown: undefined })) : fc.constant(s),
      ),
  );
}

/** MemberBatch: members of one pool; churn adds, removes, reorders, drains to weight 0 and moves subnets. */
export function memberBatchScenarios(poolId: string): fc.Arbitrary<Scenario> {
  const member = (n: number) =>
    fc
      .record({
        port: fc.constantFrom(80, 8080),
        opt: some({ weight: fc.integer({ min: 0, max: 100 }), name: text }),
        ipBackend: fc.boolean(),
      })
      .map(({ port, opt, ipBackend }) => ({
        address: `192.168.0.${n}`,
        protocolPort: port,
        ...(ipBackend ? {} : { subnetCidrId: FIXTURE_IDS.subnetA }),
        ...opt,
      }));
  const set = (ns: number[]) => fc.tuple(...ns.map(member));
  const addresses = fc.uniqueArray(fc.integer({ min: 10, max: 40 }), { minLength: 1, maxLength: 6 });
  return fc.tuple(addresses, addresses).chain(([na, nb]) =>
    fc.tuple(set(na), set(nb), fc.array(fc.boolean(), { minLength: na.length, maxLength: na.length })).chain(([ma, mb, keepA]) => {
      // B keeps some of A's members, adds others and changes those both name (weight, name, subnet), shuffled
      const id = (m: { address: string; protocolPort: number }) => `${m.address}:${m.protocolPort}`;
      const inB = new Set(mb.map(id));
      const members = [...mb, ...ma.filter((m, i) => keepA[i] && !inB.has(id(m)))];
      const a = { poolId, members: ma };
      return fc.shuffledSubarray(members, { minLength: members.length }).chain((shuffled) => {
        const b = { poolId, members: shuffled.length ? shuffled : ma };
        return withUnknown({ members: UNKNOWN }).map((u) => ({ a, b, bUnknown: u && { ...b, members: [...b.members.slice(1), UNKNOWN] } }));
      });
    }),
  );
}

/** HealthMonitor: the health check of one HTTP pool (the pool holds one: poolId stays, every field updates in place). */
export function healthMonitorScenarios(poolId: string): fc.Arbitrary<Scenario> {
  const parts = (): Parts => ({
    name: text,
    maxRetriesDown: fc.integer({ min: 1, max: 10 }),
    monitorPort: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 65535 })),
    urlPath: fc.constantFrom("/", "/health", "/status/ok"),
    expectedCodes: fc.constantFrom("200", "200,202", "200-204"),
    domainName: fc.constantFrom("www.example.com", "health.local"),
    adminStateUp: fc.boolean(),
  });
  const fixed = (type: string) =>
    fc
      .tuple(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1, max: 10 }))
      .map(([delay, maxRetries]) => ({ poolId, type, delay, timeout: 1, maxRetries }));
  return scenarios(["HTTP", "TCP"], fixed, parts);
}
