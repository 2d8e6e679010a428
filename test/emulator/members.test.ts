/**
 * Member routes and rules over real HTTP (SDK-signed): single-member API, batch-add / batch-delete /
 * batch-update, placement rules (subnet, IP as a backend), quotas, deletion protection, the load
 * balancer ACTIVE rule, faults with `skip`, and the out-of-band helpers.
 */
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { type Answer, type WireMember, type WirePool, elb, listenerOf, signedCall } from "./helpers";

let emu: Emulator;
let api: ReturnType<typeof elb>;
let LB: string;
let LB_NO_IP_TARGET: string;
let GW: string;
const SUBNET_A = FIXTURE_IDS.subnetA; // 192.168.0.0/24
const SUBNET_B = FIXTURE_IDS.subnetB; // 192.168.1.0/24
const SUBNET_V6 = FIXTURE_IDS.subnetV6; // 2001:db8:a583::/64
const SUBNET_OTHER_VPC = FIXTURE_IDS.subnetOther; // 10.0.0.0/24
/** the emulator clock runs ahead of real time by `skew` (small: signatures allow 15 minutes) */
let skew = 0;

beforeAll(async () => {
  emu = await startEmulator({ now: () => Date.now() + skew });
  api = elb(emu);
  [LB, LB_NO_IP_TARGET, GW] = emu.fixtures.loadbalancers.map((l) => l.id) as [string, string, string];
});
afterAll(() => emu.close());
afterEach(() => {
  for (const p of emu.pools()) emu.outOfBand.deletePool(p.id);
  for (const lb of emu.fixtures.loadbalancers) emu.outOfBand.setLoadBalancerStatus(lb.id, "ACTIVE");
  emu.faults.clear();
  emu.resetCounts();
});

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Member calls of one pool, through `api` (or another emulator's client). */
function on(poolId: string, client = api) {
  const p = `/pools/${poolId}/members`;
  return {
    list: (query?: Record<string, string | string[]>) => client.call("GET", p, undefined, query),
    create: (member: unknown) => client.call("POST", p, { member }),
    get: (id: string) => client.call("GET", `${p}/${id}`),
    put: (id: string, member: unknown) => client.call("PUT", `${p}/${id}`, { member }),
    del: (id: string) => client.call("DELETE", `${p}/${id}`),
    add: (members: unknown) => client.call("POST", `${p}/batch-add`, { members }),
    remove: (members: unknown) => client.call("POST", `${p}/batch-delete`, { members }),
    update: (members: unknown) => client.call("POST", `${p}/batch-update`, { members }),
  };
}

async function pool(body: Record<string, unknown> = {}, client = api): Promise<WirePool> {
  const res = await client.createPool({ lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB, ...body });
  if (res.status !== 201) throw new Error(`pool create failed: ${res.status} ${res.text}`);
  return res.body.pool;
}

/** `n` valid batch-add items in subnet A, ports 8000.. */
function items(n: number, from = 0): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    address: `192.168.0.${10 + ((from + i) % 200)}`,
    protocol_port: 8000 + Math.floor((from + i) / 200),
    subnet_cidr_id: SUBNET_A,
  }));
}

function expectError(res: Answer, status: number, code: string, ...parts: (string | RegExp)[]): void {
  expect({ status: res.status, code: res.body?.error_code }).toEqual({ status, code });
  expect(res.body.request_id).toBe(res.headers["x-request-id"]);
  for (const part of parts) {
    if (typeof part === "string") expect(res.body.error_msg).toContain(part);
    else expect(res.body.error_msg).toMatch(part);
  }
}

/** 400 ELB.8902 whose message names exactly this field. */
function expectInvalid(res: Answer, field: string): void {
  expectError(res, 400, "ELB.8902", `Invalid input for field/attribute ${field}.`);
}

// ---------------------------------------------------------------------------------------------

describe("seed 002: batch-add", () => {
  test("the documented example request is accepted; the answer has the documented keys and types", async () => {
    const p = await pool({ protocol: "HTTP" });
    const res = await signedCall(emu.url, {
      method: "POST",
      path: `/v3/${emu.projectId}/elb/pools/${p.id}/members/batch-add`,
      projectId: emu.projectId,
      body: {
        members: [
          { name: "lzs_batch_member1", weight: 1, address: "192.168.0.48", protocol_port: 8080, subnet_cidr_id: SUBNET_A },
          { name: "lzs_batch_member2", weight: 1, address: "192.168.0.49", protocol_port: 8080, subnet_cidr_id: SUBNET_A },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["members", "request_id"]);
    expect(res.body.request_id).toBe(res.headers["x-request-id"]);
    // one item of the seed's example response
    const seedItem: Record<string, unknown> = {
      weight: 1,
      admin_state_up: false,
      project_id: "04dd36f964000fe22f9ac00bc85b1a1d",
      address: "192.168.0.48",
      protocol_port: 8080,
      id: "9346ad28-6971-456a-9711-2917d023930a",
      operating_status: "OFFLINE",
      instance_id: "",
      member_type: "instance",
      port_id: "",
      name: "batch_member1",
      subnet_cidr_id: "61da8098-954b-4809-bc5a-b99ccef8a398",
      ret_status: "successful",
    };
    expect(res.body.members).toHaveLength(2);
    for (const member of res.body.members) {
      for (const [key, value] of Object.entries(seedItem)) {
        expect([key, typeof (member as Record<string, unknown>)[key]]).toEqual([key, typeof value]);
      }
    }
    expect(res.body.members.map((m) => [m.name, m.address, m.protocol_port, m.subnet_cidr_id, m.weight])).toEqual([
      ["lzs_batch_member1", "192.168.0.48", 8080, SUBNET_A, 1],
      ["lzs_batch_member2", "192.168.0.49", 8080, SUBNET_A, 1],
    ]);
    expect(res.body.members.map((m) => [m.member_type, m.ret_status, m.project_id])).toEqual([
      ["instance", "successful", emu.projectId],
      ["instance", "successful", emu.projectId],
    ]);
    expect(emu.members(p.id).map((m) => m.id)).toEqual(res.body.members.map((m) => m.id));
    expect(emu.pool(p.id)?.members).toEqual(res.body.members.map((m) => ({ id: m.id })));
  });

  test("an item the pool already holds answers 'existed' with the existing member, unchanged", async () => {
    const p = await pool();
    const first = await on(p.id).add([{ address: "192.168.0.10", protocol_port: 80, subnet_cidr_id: SUBNET_A, weight: 5, name: "a" }]);
    const original = first.body.members[0];
    skew += 2_000;
    const again = await on(p.id).add([
      { address: "192.168.0.10", protocol_port: 80, subnet_cidr_id: SUBNET_A, weight: 9, name: "changed" },
      { address: "192.168.0.10", protocol_port: 81, subnet_cidr_id: SUBNET_A },
    ]);
    expect(again.status).toBe(201);
    const [existed, added] = again.body.members;
    expect(existed).toEqual({ ...original, ret_status: "existed" });
    expect(added).toMatchObject({ address: "192.168.0.10", protocol_port: 81, ret_status: "successful" });
    expect(added.id).not.toBe(original.id);
    expect(emu.members(p.id)).toHaveLength(2);
    expect(emu.members(p.id)[0]).toMatchObject({ id: original.id, weight: 5, name: "a", updated_at: original.updated_at });
  });

  test("the same (address, protocol_port) twice in one request is 400 naming the later item; nothing added", async () => {
    const p = await pool();
    const res = await on(p.id).add([...items(2), { address: "192.168.0.10", protocol_port: 8000, subnet_cidr_id: SUBNET_A }]);
    expectInvalid(res, "members[2].address");
    expect(res.body.error_msg).toContain("members[0]");
    expect(emu.members(p.id)).toEqual([]);
  });

  test("one invalid item refuses the whole batch (nothing added), naming its index and field", async () => {
    const p = await pool();
    const res = await on(p.id).add([...items(3), { address: "192.168.0.99", protocol_port: 80, subnet_cidr_id: SUBNET_A, weight: 101 }]);
    expectInvalid(res, "members[3].weight");
    expect(res.body.error_msg).toContain("Must be between 0 and 100.");
    expect(emu.members(p.id)).toEqual([]);
  });
});

describe("member object and single-member API", () => {
  test("create 201 {request_id, member} with every key and the defaults; show, list and the pool agree", async () => {
    const listener = listenerOf(emu, "TCP");
    const p = await pool({ listener_id: listener, loadbalancer_id: undefined });
    const res = await on(p.id).create({ address: "192.168.0.20", protocol_port: 8080, subnet_cidr_id: SUBNET_A });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["member", "request_id"]);
    const member = res.body.member;
    expect(member).toEqual({
      id: expect.stringMatching(UUID),
      name: "",
      address: "192.168.0.20",
      protocol_port: 8080,
      subnet_cidr_id: SUBNET_A,
      weight: 1,
      admin_state_up: true,
      operating_status: "NO_MONITOR",
      status: [{ listener_id: listener, operating_status: "NO_MONITOR" }],
      member_type: "instance",
      instance_id: "",
      port_id: "",
      ip_version: "v4",
      availability_zone: "",
      project_id: emu.projectId,
      created_at: expect.stringMatching(TIME),
      updated_at: expect.stringMatching(TIME),
    });
    expect((await on(p.id).get(member.id)).body).toEqual({ request_id: expect.any(String), member });
    expect(emu.members(p.id)).toEqual([member]);
    expect((await api.getPool(p.id)).body.pool.members).toEqual([{ id: member.id }]);

    // with a health monitor the members report ONLINE (inferred)
    emu.outOfBand.attachHealthMonitor(p.id);
    const shown = (await on(p.id).get(member.id)).body.member;
    expect([shown.operating_status, shown.status]).toEqual(["ONLINE", [{ listener_id: listener, operating_status: "ONLINE" }]]);
  });

  test("update (PUT) changes name/weight/admin_state_up; weight 0 is kept; other fields are refused", async () => {
    const p = await pool();
    const m = (await on(p.id).create({ address: "192.168.0.21", protocol_port: 80, subnet_cidr_id: SUBNET_A, name: "x" })).body.member;
    skew += 2_000;
    const res = await on(p.id).put(m.id, { weight: 0, name: "drained", admin_state_up: false });
    expect(res.status).toBe(200);
    expect(res.body.member).toEqual({ ...m, weight: 0, name: "drained", admin_state_up: false, updated_at: expect.stringMatching(TIME) });
    expect(res.body.member.updated_at).not.toBe(m.updated_at);
    expect(emu.members(p.id)[0].weight).toBe(0);
    expectInvalid(await on(p.id).put(m.id, { address: "192.168.0.22" }), "address");
    expectInvalid(await on(p.id).put(m.id, { weight: -1 }), "weight");
    expectInvalid(await on(p.id).put(m.id, { admin_state_up: "yes" }), "admin_state_up");
  });

  test("delete 204, then 404 ELB.8904 'member {id} could not be found.'", async () => {
    const p = await pool();
    const m = (await on(p.id).create({ address: "192.168.0.23", protocol_port: 80, subnet_cidr_id: SUBNET_A })).body.member;
    const res = await on(p.id).del(m.id);
    expect([res.status, res.text]).toEqual([204, ""]);
    expect(emu.members(p.id)).toEqual([]);
    expect(emu.pool(p.id)?.members).toEqual([]);
    for (const again of [await on(p.id).del(m.id), await on(p.id).get(m.id), await on(p.id).put(m.id, { name: "x" })]) {
      expect(again.body).toEqual({
        error_msg: `member ${m.id} could not be found.`,
        error_code: "ELB.8904",
        request_id: again.headers["x-request-id"],
      });
      expect(again.status).toBe(404);
    }
  });

  test("a member is only found through its own pool", async () => {
    const a = await pool();
    const b = await pool({ loadbalancer_id: LB_NO_IP_TARGET });
    const m = (await on(a.id).create({ address: "192.168.0.24", protocol_port: 80, subnet_cidr_id: SUBNET_A })).body.member;
    expectError(await on(b.id).get(m.id), 404, "ELB.8904", `member ${m.id} could not be found.`);
    expectError(await on(b.id).del(m.id), 404, "ELB.8904");
    expect(emu.members(a.id)).toHaveLength(1);
  });

  test("a second member with the same (address, protocol_port) is 409 ELB.8907 naming the existing one", async () => {
    const p = await pool();
    const m = (await on(p.id).create({ address: "192.168.0.25", protocol_port: 80, subnet_cidr_id: SUBNET_A })).body.member;
    expectError(await on(p.id).create({ address: "192.168.0.25", protocol_port: 80, subnet_cidr_id: SUBNET_A }), 409, "ELB.8907", m.id);
    expect((await on(p.id).create({ address: "192.168.0.25", protocol_port: 81, subnet_cidr_id: SUBNET_A })).status).toBe(201);
  });

  test("unknown pool, and bodies that are not {member: {...}}", async () => {
    const p = await pool();
    const ghost = "00000000-0000-4000-8000-000000000000";
    const calls = [
      on(ghost).list(),
      on(ghost).create({ address: "192.168.0.1", protocol_port: 80, subnet_cidr_id: SUBNET_A }),
      on(ghost).get(ghost),
      on(ghost).put(ghost, { name: "x" }),
      on(ghost).del(ghost),
      on(ghost).add(items(1)),
      on(ghost).remove([{ id: ghost }]),
      on(ghost).update([{ id: ghost, weight: 2 }]),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.body).toEqual({ error_msg: `pool ${ghost} could not be found.`, error_code: "ELB.8904", request_id: expect.any(String) });
      expect(res.status).toBe(404);
    }
    expectInvalid(await api.call("POST", `/pools/${p.id}/members`, { address: "192.168.0.1" }), "address");
    expectInvalid(await api.call("POST", `/pools/${p.id}/members`, { member: [] }), "member");
    expectInvalid(await on(p.id).create({ address: "192.168.0.1", protocol_port: 80, subnet_cidr_id: SUBNET_A, role: "master" }), "role");
    expectInvalid(await api.call("POST", `/pools/${p.id}/members/batch-add`, { member: items(1) }), "member");
    expectInvalid(await api.call("POST", `/pools/${p.id}/members/batch-add`, { members: items(1)[0] }), "members");
  });
});

describe("field rules: 400 ELB.8902 naming the field and item", () => {
  test("weight is an integer 0-100: 0 and 100 accepted, default 1", async () => {
    const p = await pool();
    const ok = await on(p.id).add([
      { address: "192.168.0.30", protocol_port: 80, subnet_cidr_id: SUBNET_A, weight: 0 },
      { address: "192.168.0.31", protocol_port: 80, subnet_cidr_id: SUBNET_A, weight: 100 },
      { address: "192.168.0.32", protocol_port: 80, subnet_cidr_id: SUBNET_A },
    ]);
    expect(ok.status).toBe(201);
    expect(ok.body.members.map((m) => m.weight)).toEqual([0, 100, 1]);
    for (const weight of [-1, 101, 1.5, "1", true]) {
      const res = await on(p.id).add([...items(1), { address: "192.168.0.33", protocol_port: 80, subnet_cidr_id: SUBNET_A, weight }]);
      expectInvalid(res, "members[1].weight");
    }
    expect(emu.members(p.id)).toHaveLength(3);
  });

  test("protocol_port is 1-65535 and required, except on any-port pools", async () => {
    const p = await pool();
    const at = (protocol_port: unknown) => [{ address: "192.168.0.34", protocol_port, subnet_cidr_id: SUBNET_A }];
    expect((await on(p.id).add(at(1))).status).toBe(201);
    expect((await on(p.id).add(at(65535))).status).toBe(201);
    for (const port of [0, 65536, 80.5, "80"]) expectInvalid(await on(p.id).add(at(port)), "members[0].protocol_port");
    expectInvalid(await on(p.id).add([{ address: "192.168.0.34", subnet_cidr_id: SUBNET_A }]), "members[0].protocol_port");

    const anyPort = await pool({ any_port_enable: true });
    const res = await on(anyPort.id).add([{ address: "192.168.0.35", subnet_cidr_id: SUBNET_A }]);
    expect(res.status).toBe(201);
    expect(res.body.members[0].protocol_port).toBeNull();
    // the port does not take effect there: the address alone identifies the backend (inferred)
    const again = await on(anyPort.id).add([{ address: "192.168.0.35", protocol_port: 9000, subnet_cidr_id: SUBNET_A }]);
    expect(again.body.members[0]).toMatchObject({ id: res.body.members[0].id, ret_status: "existed" });
  });

  test("address must be an IPv4/IPv6 literal and is required", async () => {
    const p = await pool();
    for (const address of ["300.1.1.1", "192.168.0", "example.com", "", 17]) {
      expectInvalid(await on(p.id).add([{ address, protocol_port: 80, subnet_cidr_id: SUBNET_A }]), "members[0].address");
    }
    expectInvalid(await on(p.id).add([{ protocol_port: 80, subnet_cidr_id: SUBNET_A }]), "members[0].address");
  });

  test("name (string <= 255), availability_zone, unknown fields", async () => {
    const p = await pool();
    const one = (extra: Record<string, unknown>) =>
      on(p.id).add([{ address: "192.168.0.36", protocol_port: 80, subnet_cidr_id: SUBNET_A, ...extra }]);
    expectInvalid(await one({ name: "x".repeat(256) }), "members[0].name");
    expectInvalid(await one({ name: 5 }), "members[0].name");
    expectInvalid(await one({ admin_state_up: true }), "members[0].admin_state_up"); // not a batch-add field (seed 002)
    expectInvalid(await one({ availability_zone: 3 }), "members[0].availability_zone");
    const ok = await one({ name: "x".repeat(255), availability_zone: "cn-north-4a" });
    expect(ok.status).toBe(201);
    expect(ok.body.members[0].availability_zone).toBe("cn-north-4a");
  });
});

describe("placement rules (seed 002)", () => {
  test("subnet_cidr_id must exist, be in the load balancer's VPC, and hold the address (v4 and v6)", async () => {
    const p = await pool();
    const one = (address: string, subnet_cidr_id: string) => on(p.id).add([{ address, protocol_port: 80, subnet_cidr_id }]);
    const v4 = await one("192.168.1.40", SUBNET_B);
    expect(v4.status).toBe(201);
    const v6 = await one("2001:db8:a583::10", SUBNET_V6);
    expect(v6.status).toBe(201);
    expect(v6.body.members[0]).toMatchObject({ ip_version: "v6", member_type: "instance", subnet_cidr_id: SUBNET_V6 });

    expectInvalid(await one("192.168.0.40", "not-a-subnet"), "members[0].subnet_cidr_id");
    const otherVpc = await one("10.0.0.40", SUBNET_OTHER_VPC);
    expectInvalid(otherVpc, "members[0].subnet_cidr_id");
    expect(otherVpc.body.error_msg).toContain(FIXTURE_IDS.otherVpc);
    expectInvalid(await one("192.168.2.40", SUBNET_A), "members[0].address"); // outside 192.168.0.0/24
    expectInvalid(await one("2001:db8:a584::1", SUBNET_V6), "members[0].address"); // outside the /64
    expectInvalid(await one("192.168.0.41", SUBNET_V6), "members[0].address"); // v4 in a v6 subnet
    expectInvalid(await one("2001:db8:a583::11", SUBNET_A), "members[0].address"); // v6 in a v4 subnet
    // IPv6 written differently is the same backend
    const same = await one("2001:0db8:a583:0:0:0:0:10", SUBNET_V6);
    expect(same.body.members[0]).toMatchObject({ id: v6.body.members[0].id, ret_status: "existed" });
  });

  test("IP as a backend (no subnet_cidr_id): member_type ip; private IPv4 only", async () => {
    const p = await pool();
    const res = await on(p.id).add([
      { address: "172.16.5.5", protocol_port: 80 },
      { address: "10.1.2.3", protocol_port: 80, subnet_cidr_id: "" },
    ]);
    expect(res.status).toBe(201);
    for (const m of res.body.members) expect(m).toMatchObject({ member_type: "ip", subnet_cidr_id: "", ip_version: "v4" });
    expectInvalid(await on(p.id).add([{ address: "8.8.8.8", protocol_port: 80 }]), "members[0].address");
    expectInvalid(await on(p.id).add([{ address: "172.32.0.1", protocol_port: 80 }]), "members[0].address");
    expectInvalid(await on(p.id).add([{ address: "2001:db8:a583::20", protocol_port: 80 }]), "members[0].address");
  });

  test("IP as a backend needs ip_target_enable on the load balancer, and a pool protocol that allows it", async () => {
    expect((await api.call("GET", `/loadbalancers/${LB_NO_IP_TARGET}`)).body.loadbalancer.ip_target_enable).toBe(false);
    expect((await api.call("GET", `/loadbalancers/${LB}`)).body.loadbalancer.ip_target_enable).toBe(true);
    expect(emu.fixtures.loadbalancers.filter((l) => !l.ipTargetEnable).map((l) => l.id)).toEqual([LB_NO_IP_TARGET]);
    const off = await pool({ loadbalancer_id: LB_NO_IP_TARGET });
    const refused = await on(off.id).add([
      { address: "192.168.1.50", protocol_port: 80, subnet_cidr_id: SUBNET_B },
      { address: "10.0.0.5", protocol_port: 80 },
    ]);
    expectInvalid(refused, "members[1].subnet_cidr_id");
    expect(refused.body.error_msg).toContain(LB_NO_IP_TARGET);
    expect(refused.body.error_msg).toContain("ip_target_enable");
    expect(emu.members(off.id)).toEqual([]);
    expect((await on(off.id).add([{ address: "192.168.1.50", protocol_port: 80, subnet_cidr_id: SUBNET_B }])).status).toBe(201);

    const ipPool = await pool({ protocol: "IP", lb_algorithm: "5_TUPLE_HASH", loadbalancer_id: GW, vpc_id: FIXTURE_IDS.otherVpc });
    expectInvalid(await on(ipPool.id).add([{ address: "10.0.0.6", protocol_port: 80 }]), "members[0].subnet_cidr_id");
    expect((await on(ipPool.id).add([{ address: "10.0.0.6", protocol_port: 80, subnet_cidr_id: SUBNET_OTHER_VPC }])).status).toBe(201);
  });

  test('seed 004: a pool of type "ip" takes IP-as-backend members only', async () => {
    const p = await pool({ type: "ip" });
    expectInvalid(
      await on(p.id).add([{ address: "192.168.0.60", protocol_port: 80, subnet_cidr_id: SUBNET_A }]),
      "members[0].subnet_cidr_id",
    );
    expect((await on(p.id).add([{ address: "192.168.0.60", protocol_port: 80 }])).status).toBe(201);
  });
});

describe("batch size and quotas", () => {
  test("default batchSize 200: 200 items accepted, 201 refused with 400 ELB.8902 naming members; empty refused", async () => {
    const p = await pool();
    const big = await on(p.id).add(items(201));
    expectInvalid(big, "members");
    expect(big.body.error_msg).toContain("At most 200");
    expect(emu.members(p.id)).toEqual([]);
    const ok = await on(p.id).add(items(200));
    expect(ok.status).toBe(201);
    expect(ok.body.members).toHaveLength(200);
    expectInvalid(await on(p.id).remove(items(201).map(({ address, protocol_port }) => ({ address, protocol_port }))), "members");
    expectInvalid(await on(p.id).update(Array.from({ length: 201 }, () => ({ id: "x", weight: 1 }))), "members");
    expectInvalid(await on(p.id).add([]), "members");
    expectInvalid(await on(p.id).remove([]), "members");
    expectInvalid(await on(p.id).update([]), "members");
  });

  test("a configured batchSize applies to all three batch APIs", async () => {
    const small = await startEmulator({ quotas: { batchSize: 3 } });
    try {
      const client = elb(small);
      const p = await pool({}, client);
      expectInvalid(await on(p.id, client).add(items(4)), "members");
      const ok = await on(p.id, client).add(items(3));
      expect(ok.status).toBe(201);
      const ids = ok.body.members.map((m) => m.id);
      expectInvalid(await on(p.id, client).update([...ids, "x"].map((id) => ({ id, weight: 2 }))), "members");
      expectInvalid(await on(p.id, client).remove([...ids, "x"].map((id) => ({ id }))), "members");
      expect((await on(p.id, client).remove(ids.map((id: string) => ({ id })))).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  test("membersPerPool: a batch that would exceed it is 403 ELB.2001 and adds nothing; 'existed' items do not count", async () => {
    const small = await startEmulator({ quotas: { membersPerPool: 5 } });
    try {
      const client = elb(small);
      const p = await pool({}, client);
      const m = on(p.id, client);
      expect((await m.add(items(3))).status).toBe(201);
      const over = await m.add(items(3, 3));
      expectError(over, 403, "ELB.2001", p.id, "5");
      expect(small.members(p.id)).toHaveLength(3);
      // 2 new + 1 already there: 5 in all
      const fits = await m.add([...items(1, 2), ...items(2, 3)]);
      expect(fits.status).toBe(201);
      expect(fits.body.members.map((x) => x.ret_status)).toEqual(["existed", "successful", "successful"]);
      expect(small.members(p.id)).toHaveLength(5);
      expectError(await m.create(items(1, 10)[0]), 403, "ELB.2001");
      // the quota is per pool
      const other = await pool({ loadbalancer_id: LB_NO_IP_TARGET }, client);
      expect((await on(other.id, client).add(items(1))).status).toBe(201);
    } finally {
      await small.close();
    }
  });
});

describe("batch-delete", () => {
  test("by id or by (address, protocol_port); absent ones answer 'not found'; others stay", async () => {
    const p = await pool();
    const added = (await on(p.id).add(items(4))).body.members;
    const ghost = "00000000-0000-4000-8000-000000000001";
    const res = await on(p.id).remove([
      { id: added[0].id },
      { address: added[1].address, protocol_port: added[1].protocol_port },
      { id: ghost },
      { address: "192.168.0.200", protocol_port: 1 },
    ]);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["members", "request_id"]);
    expect(res.body.members).toEqual([
      { id: added[0].id, address: added[0].address, protocol_port: added[0].protocol_port, ret_status: "successful" },
      { id: added[1].id, address: added[1].address, protocol_port: added[1].protocol_port, ret_status: "successful" },
      { id: ghost, address: null, protocol_port: null, ret_status: "not found" },
      { id: null, address: "192.168.0.200", protocol_port: 1, ret_status: "not found" },
    ]);
    expect(emu.members(p.id).map((m) => m.id)).toEqual([added[2].id, added[3].id]);
    // a repeat is harmless
    const again = await on(p.id).remove([{ id: added[0].id }]);
    expect(again.body.members).toEqual([{ id: added[0].id, address: null, protocol_port: null, ret_status: "not found" }]);
  });

  test("invalid items refuse the whole batch (nothing deleted)", async () => {
    const p = await pool();
    const added = (await on(p.id).add(items(2))).body.members;
    expectInvalid(await on(p.id).remove([{ id: added[0].id }, { address: "192.168.0.11" }]), "members[1].protocol_port");
    expectInvalid(await on(p.id).remove([{ id: added[0].id }, {}]), "members[1].id");
    expectInvalid(await on(p.id).remove([{ id: added[0].id }, { address: "nope", protocol_port: 80 }]), "members[1].address");
    expectInvalid(await on(p.id).remove([{ id: added[0].id }, { id: added[1].id, weight: 1 }]), "members[1].weight");
    expectInvalid(
      await on(p.id).remove([{ id: added[0].id }, { address: added[0].address, protocol_port: added[0].protocol_port }]),
      "members[1]",
    );
    expect(emu.members(p.id)).toHaveLength(2);
  });
});

describe("batch-update", () => {
  test("updates the given fields and answers the updated members in request order", async () => {
    const p = await pool();
    const added = (await on(p.id).add(items(3))).body.members;
    skew += 2_000;
    const res = await on(p.id).update([
      { id: added[2].id, weight: 0, name: "drained" },
      { id: added[0].id, admin_state_up: false, availability_zone: "cn-north-4b", protocol_port: 9090 },
    ]);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["members", "request_id"]);
    const plain = (m: WireMember) => {
      const { ret_status: _status, ...rest } = m;
      return rest;
    };
    expect(res.body.members).toEqual([
      { ...plain(added[2]), weight: 0, name: "drained", updated_at: expect.stringMatching(TIME) },
      {
        ...plain(added[0]),
        admin_state_up: false,
        availability_zone: "cn-north-4b",
        protocol_port: 9090,
        updated_at: expect.stringMatching(TIME),
      },
    ]);
    expect(res.body.members[0].updated_at).not.toBe(added[2].updated_at);
    const now = emu.members(p.id);
    expect(now.map((m) => [m.weight, m.name, m.protocol_port])).toEqual([
      [1, "", 9090],
      [1, "", 8000],
      [0, "drained", 8000],
    ]);
  });

  test("an unknown id refuses the whole batch with 404 ELB.8904 naming it (inferred); nothing changes", async () => {
    const p = await pool();
    const added = (await on(p.id).add(items(2))).body.members;
    const ghost = "00000000-0000-4000-8000-000000000002";
    const res = await on(p.id).update([
      { id: added[0].id, weight: 50 },
      { id: ghost, weight: 50 },
    ]);
    expectError(res, 404, "ELB.8904", `member ${ghost} could not be found`, "members[1].id");
    expect(emu.members(p.id).map((m) => m.weight)).toEqual([1, 1]);
  });

  test("invalid items (400) and a port change onto another member (409) refuse the whole batch", async () => {
    const p = await pool();
    const added = (await on(p.id).add(items(2))).body.members; // 192.168.0.10:8000, 192.168.0.11:8000
    const other = (await on(p.id).add([{ address: "192.168.0.10", protocol_port: 9000, subnet_cidr_id: SUBNET_A }])).body.members[0];
    expectInvalid(
      await on(p.id).update([
        { id: added[0].id, weight: 2 },
        { id: added[1].id, weight: 101 },
      ]),
      "members[1].weight",
    );
    expectInvalid(await on(p.id).update([{ id: added[0].id, weight: 2 }, { weight: 2 }]), "members[1].id");
    expectInvalid(await on(p.id).update([{ id: added[0].id, address: "192.168.0.12" }]), "members[0].address");
    expectInvalid(
      await on(p.id).update([
        { id: added[0].id, weight: 2 },
        { id: added[0].id, weight: 3 },
      ]),
      "members[1].id",
    );
    expectInvalid(await on(p.id).update([{ id: added[0].id, protocol_port: 0 }]), "members[0].protocol_port");
    expectError(
      await on(p.id).update([
        { id: added[1].id, weight: 7 },
        { id: added[0].id, protocol_port: 9000 },
      ]),
      409,
      "ELB.8907",
      other.id,
    );
    expect(emu.members(p.id).map((m) => [m.weight, m.protocol_port])).toEqual([
      [1, 8000],
      [1, 8000],
      [1, 9000],
    ]);
    // swapping ports within one batch is fine: the pool is checked as it would be afterwards
    const swap = await on(p.id).update([
      { id: added[0].id, protocol_port: 9000 },
      { id: other.id, protocol_port: 8000 },
    ]);
    expect(swap.status).toBe(200);
  });
});

describe("lists and pagination", () => {
  test("limit/marker/page_reverse page through in creation order; filters; bad marker 400", async () => {
    const p = await pool();
    const ids: string[] = (await on(p.id).add(items(5))).body.members.map((m) => m.id);
    const all = await on(p.id).list();
    expect(all.status).toBe(200);
    expect(Object.keys(all.body).sort()).toEqual(["members", "page_info", "request_id"]);
    expect(all.body.members.map((m) => m.id)).toEqual(ids);
    expect(all.body.members).toEqual(emu.members(p.id));

    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await on(p.id).list({ limit: "2", ...(marker ? { marker } : {}) });
      seen.push(...res.body.members.map((m) => m.id));
      expect(res.body.page_info.current_count).toBe(res.body.members.length);
      marker = res.body.page_info.next_marker;
      if (!marker) break;
    }
    expect(seen).toEqual(ids);
    const back = await on(p.id).list({ limit: "2", marker: ids[4]!, page_reverse: "true" });
    expect(back.body.members.map((m) => m.id)).toEqual([ids[2], ids[3]]);

    expect((await on(p.id).list({ id: [ids[1]!, ids[3]!] })).body.members.map((m) => m.id)).toEqual([ids[1], ids[3]]);
    expect((await on(p.id).list({ address: "192.168.0.12" })).body.members.map((m) => m.id)).toEqual([ids[2]]);
    expect((await on(p.id).list({ protocol_port: "8000", limit: "1" })).body.members).toHaveLength(1);
    expectInvalid(await on(p.id).list({ limit: "2", marker: "nope" }), "marker");
    expectInvalid(await on(p.id).list({ limit: "2001" }), "limit");
    expectInvalid(await on(p.id).list({ colour: "red" }), "colour");
  });
});

describe("pool rules that involve members", () => {
  test("member deletion protection refuses single and batch deletes with 409 ELB.8907 naming the pool and the setting", async () => {
    const p = await pool();
    const added = (await on(p.id).add(items(2))).body.members;
    emu.outOfBand.updatePool(p.id, { member_deletion_protection_enable: true });
    const single = await on(p.id).del(added[0].id);
    expectError(single, 409, "ELB.8907", p.id, "member_deletion_protection_enable");
    const batch = await on(p.id).remove([{ id: added[0].id }, { id: "00000000-0000-4000-8000-000000000003" }]);
    expectError(batch, 409, "ELB.8907", p.id, "member_deletion_protection_enable");
    expectError(await api.cascade(p.id), 409, "ELB.8907", p.id, "member_deletion_protection_enable");
    expect(emu.members(p.id)).toHaveLength(2);
    // adding and updating stay allowed
    expect((await on(p.id).add(items(1, 2))).status).toBe(201);
    expect((await on(p.id).update([{ id: added[0].id, weight: 0 }])).status).toBe(200);
    // switched off through the API, deletes work again
    expect((await api.updatePool(p.id, { member_deletion_protection_enable: false })).status).toBe(200);
    expect((await on(p.id).del(added[0].id)).status).toBe(204);
    expect((await on(p.id).remove([{ id: added[1].id }])).body.members[0].ret_status).toBe("successful");
  });

  test("plain pool DELETE is refused while members exist (409 ELB.8907); delete-cascade removes them", async () => {
    const p = await pool();
    const added = (await on(p.id).add(items(3))).body.members;
    const refused = await api.deletePool(p.id);
    expectError(refused, 409, "ELB.8907", p.id, "3 member");
    expect(emu.members(p.id)).toHaveLength(3);
    expect((await api.cascade(p.id)).status).toBe(204);
    expect(emu.pool(p.id)).toBeUndefined();
    expect(emu.members(p.id)).toEqual([]);
    expectError(await on(p.id).get(added[0].id), 404, "ELB.8904", `pool ${p.id} could not be found.`);
    // after deleting its members a plain DELETE works
    const q = await pool();
    const ms = (await on(q.id).add(items(2))).body.members;
    expect((await on(q.id).remove(ms.map((m) => ({ id: m.id })))).status).toBe(200);
    expect((await api.deletePool(q.id)).status).toBe(204);
  });

  test("while the load balancer is not ACTIVE every member write is 409 ELB.8907 naming it; reads work", async () => {
    const p = await pool();
    const [m] = (await on(p.id).add(items(1))).body.members;
    emu.outOfBand.setLoadBalancerStatus(LB, "PENDING_UPDATE");
    const writes = [
      await on(p.id).add(items(1, 1)),
      await on(p.id).create(items(1, 2)[0]),
      await on(p.id).put(m.id, { weight: 3 }),
      await on(p.id).del(m.id),
      await on(p.id).remove([{ id: m.id }]),
      await on(p.id).update([{ id: m.id, weight: 3 }]),
    ];
    for (const res of writes) expectError(res, 409, "ELB.8907", `Load balancer ${LB} is not ACTIVE`, "PENDING_UPDATE");
    expect((await on(p.id).list()).status).toBe(200);
    expect((await on(p.id).get(m.id)).status).toBe(200);
    expect(emu.members(p.id)).toEqual([expect.objectContaining({ id: m.id, weight: 1 })]);
    emu.outOfBand.setLoadBalancerStatus(LB, "ACTIVE");
    expect((await on(p.id).add(items(1, 1))).status).toBe(201);
  });
});

describe("pool kinds", () => {
  test("a master-slave or v2 pool has no member endpoints: 404 ELB.8904 like an unknown pool", async () => {
    const master = await api.call("POST", "/master-slave-pools", {
      pool: {
        lb_algorithm: "ROUND_ROBIN",
        protocol: "TCP",
        type: "",
        loadbalancer_id: LB,
        members: [
          { address: "192.168.0.10", protocol_port: 80, role: "master" },
          { address: "192.168.0.11", protocol_port: 80, role: "slave" },
        ],
        healthmonitor: { delay: 5, max_retries: 3, timeout: 3, type: "TCP" },
      },
    });
    const legacy = await signedCall(emu.url, {
      method: "POST",
      path: `/v2/${emu.projectId}/elb/pools`,
      body: { pool: { lb_algorithm: "ROUND_ROBIN", protocol: "TCP", loadbalancer_id: LB } },
      projectId: emu.projectId,
    });
    expect([master.status, legacy.status]).toEqual([201, 201]);
    try {
      for (const id of [master.body.pool.id as string, legacy.body.pool.id as string]) {
        const memberId = emu.masterSlavePool(id)?.members[0].id ?? "x";
        const attempts = [
          on(id).list(),
          on(id).add(items(1)),
          on(id).create(items(1)[0]),
          on(id).remove([{ id: memberId }]),
          on(id).update([{ id: memberId, weight: 2 }]),
          on(id).get(memberId),
          on(id).put(memberId, { weight: 2 }),
          on(id).del(memberId),
        ];
        for (const res of await Promise.all(attempts)) expectError(res, 404, "ELB.8904", `pool ${id} could not be found.`);
      }
      expect(emu.records().members).toBe(2); // the master-slave pool's own two, untouched
    } finally {
      for (const p of [...emu.masterSlavePools(), ...emu.v2Pools()]) emu.outOfBand.deletePool(p.id);
    }
  });
});

describe("faults and counting on member routes", () => {
  test("skip: the 3rd batch-add fails (before: not applied); the others pass", async () => {
    const p = await pool();
    emu.faults.inject({ method: "POST", path: /\/members\/batch-add$/, skip: 2, status: 503 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await on(p.id).add(items(2, i * 2))).status);
    expect(statuses).toEqual([201, 201, 503, 201]);
    expect(emu.members(p.id)).toHaveLength(6);
    expect(emu.members(p.id).map((m) => m.address)).not.toContain("192.168.0.14");
  });

  test("'after' on batch-add: the members ARE added, the answer is 500; a repeat answers 'existed'", async () => {
    const p = await pool();
    emu.faults.inject({ method: "POST", path: /\/members\/batch-add$/, status: 500, when: "after" });
    const res = await on(p.id).add(items(3));
    expectError(res, 500, "ELB.8906");
    expect(emu.members(p.id)).toHaveLength(3);
    const again = await on(p.id).add(items(3));
    expect(again.body.members.map((m) => m.ret_status)).toEqual(["existed", "existed", "existed"]);
    expect(emu.members(p.id)).toHaveLength(3);
  });

  test("member requests are recorded and counted with their bodies", async () => {
    const p = await pool();
    emu.resetCounts();
    await on(p.id).add(items(2));
    await on(p.id).add(items(1, 2));
    await on(p.id).list();
    expect(emu.count({ method: "POST", path: /\/members\/batch-add$/ })).toBe(2);
    expect(emu.count({ method: "GET", path: `${api.base}/pools/${p.id}/members` })).toBe(1);
    expect(emu.requests[0]).toMatchObject({ method: "POST", status: 201, body: { members: items(2) } });
  });
});

describe("out of band", () => {
  test("addMember / updateMember / deleteMember change state without requests; members() shows it", async () => {
    const p = await pool();
    emu.resetCounts();
    const id = emu.outOfBand.addMember(p.id, { address: "192.168.0.70", protocol_port: 80, subnet_cidr_id: SUBNET_A });
    const ip = emu.outOfBand.addMember(p.id, { address: "10.9.9.9", protocol_port: 80, weight: 0, name: "ip" });
    expect(emu.count()).toBe(0);
    expect(emu.members(p.id)).toEqual([
      expect.objectContaining({ id, weight: 1, admin_state_up: true, name: "", member_type: "instance", subnet_cidr_id: SUBNET_A }),
      expect.objectContaining({ id: ip, weight: 0, name: "ip", member_type: "ip", subnet_cidr_id: "", ip_version: "v4" }),
    ]);
    expect((await on(p.id).get(id)).body.member).toEqual(emu.members(p.id)[0]);
    expect(() => emu.outOfBand.addMember(p.id, { address: "192.168.0.70", protocol_port: 80 })).toThrow(/already/);
    expect(() => emu.outOfBand.addMember("nope", { address: "192.168.0.70", protocol_port: 80 })).toThrow(/nope/);

    skew += 2_000;
    emu.outOfBand.updateMember(p.id, id, { weight: 42, name: "drifted" });
    expect((await on(p.id).get(id)).body.member).toMatchObject({ weight: 42, name: "drifted" });
    expect(() => emu.outOfBand.updateMember(p.id, id, { colour: "red" })).toThrow(/colour/);

    emu.outOfBand.updatePool(p.id, { member_deletion_protection_enable: true });
    expect(emu.pool(p.id)?.member_deletion_protection_enable).toBe(true);
    emu.outOfBand.deleteMember(p.id, id); // out of band ignores protection
    expect(emu.members(p.id).map((m) => m.id)).toEqual([ip]);
    expect(emu.pool(p.id)?.members).toEqual([{ id: ip }]);
    expect(() => emu.outOfBand.deleteMember(p.id, id)).toThrow();
    expect(emu.members("unknown-pool")).toEqual([]);
  });
});
