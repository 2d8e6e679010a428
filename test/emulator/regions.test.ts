/**
 * More than one region: each region's project has its own records, IAM lists each project by its
 * region's name, a region's endpoint (`{url}/{region}`) serves its own projects only, and a token
 * reaches the project it is scoped to only.
 */
import { EMULATOR_PASSWORD, EMULATOR_PROJECT_ID, EMULATOR_REGION, EMULATOR_USER, startEmulator, type Emulator } from "../../emulator";
import { send, signedCall } from "./helpers";

const EAST = "cn-east-3";
const EAST_PROJECT = "e4e5e6e7e8e9eaebecedeeeff0f1f2f3";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ regions: { [EAST]: EAST_PROJECT } });
});
afterAll(() => emu.close());

const pool = { protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", loadbalancer_id: "" };
/** A signed ELB call through `endpoint` (the emulator's URL, or a region's `{url}/{region}`) for `project`. */
const call = (endpoint: string, project: string, method: string, path: string, body?: unknown) =>
  signedCall(endpoint, { method, path: `/v3/${project}/elb${path}`, body, projectId: project });
const east = () => emu.regionalUrl.replace("{region}", EAST);

test("the emulator lists its regions, the home one first", () => {
  expect(emu.regions).toEqual([
    { region: EMULATOR_REGION, projectId: EMULATOR_PROJECT_ID },
    { region: EAST, projectId: EAST_PROJECT },
  ]);
  expect(() => emu.inRegion("ap-southeast-1")).toThrow(/no region ap-southeast-1/);
});

test("IAM GET /v3/projects?name= answers each region's project; without a name, all of them", async () => {
  const projects = async (query?: Record<string, string>) =>
    (await signedCall(emu.url, { method: "GET", path: "/v3/projects", query, projectId: null })).body.projects.map((p) => [p.name, p.id]);
  expect(await projects({ name: EAST })).toEqual([[EAST, EAST_PROJECT]]);
  expect(await projects({ name: EMULATOR_REGION })).toEqual([[EMULATOR_REGION, EMULATOR_PROJECT_ID]]);
  expect(await projects()).toEqual([
    [EMULATOR_REGION, EMULATOR_PROJECT_ID],
    [EAST, EAST_PROJECT],
  ]);
});

test("a pool created through a region's endpoint lives in that region's project only", async () => {
  const lb = emu.fixtures.loadbalancers[0]!.id;
  const created = await call(east(), EAST_PROJECT, "POST", "/pools", { pool: { ...pool, loadbalancer_id: lb } });
  expect(created.status).toBe(201);
  const id = created.body.pool.id;
  expect(created.body.pool.project_id).toBe(EAST_PROJECT);
  expect(emu.inRegion(EAST).pool(id)).toMatchObject({ id, project_id: EAST_PROJECT });
  expect(emu.pool(id)).toBeUndefined();
  // the home region does not know it
  expect((await call(emu.url, EMULATOR_PROJECT_ID, "GET", `/pools/${id}`)).status).toBe(404);
  expect((await call(east(), EAST_PROJECT, "GET", `/pools/${id}`)).status).toBe(200);
  expect((await call(east(), EAST_PROJECT, "DELETE", `/pools/${id}`)).status).toBe(204);
  expect(emu.inRegion(EAST).pools()).toEqual([]);
});

test("a region's endpoint refuses another region's project (403 ELB.8903), and an unknown project too", async () => {
  const wrongEndpoint = await call(emu.url, EAST_PROJECT, "GET", "/pools");
  expect(wrongEndpoint.status).toBe(403);
  expect(wrongEndpoint.body.error_code).toBe("ELB.8903");
  expect(wrongEndpoint.body.error_msg).toContain(`not a project of region ${EMULATOR_REGION}`);
  expect((await call(east(), EMULATOR_PROJECT_ID, "GET", "/pools")).status).toBe(403);
  const unknown = await call(east(), "f".repeat(32), "GET", "/pools");
  expect(unknown.status).toBe(403);
  expect(unknown.body.error_msg).toContain("does not exist or is not accessible");
  // the request record keeps the path as sent, with the endpoint's region
  expect(emu.requests.some((r) => r.path === `/${EAST}/v3/${EMULATOR_PROJECT_ID}/elb/pools` && r.status === 403)).toBe(true);
});

test("a token scoped to one region's project is refused in the other (403)", async () => {
  const body = JSON.stringify({
    auth: {
      identity: { methods: ["password"], password: { user: { name: EMULATOR_USER, password: EMULATOR_PASSWORD, domain: { name: "d" } } } },
      scope: { project: { name: EAST } },
    },
  });
  const issued = await send(emu.url, "POST", "/v3/auth/tokens", { "Content-Type": "application/json" }, body);
  expect(issued.status).toBe(201);
  expect(issued.body.token).toMatchObject({ project: { id: EAST_PROJECT, name: EAST } });
  const token = { "X-Auth-Token": issued.headers["x-subject-token"] as string };
  expect((await send(east(), "GET", `/v3/${EAST_PROJECT}/elb/pools`, token)).status).toBe(200);
  const other = await send(emu.url, "GET", `/v3/${EMULATOR_PROJECT_ID}/elb/pools`, token);
  expect(other.status).toBe(403);
  expect(other.body.error_msg).toContain(`scoped to project ${EAST_PROJECT}`);
});

test("two regions may not share a project, and a project ID must be 32 letters or digits", async () => {
  await expect(startEmulator({ port: 0, regions: { [EAST]: EMULATOR_PROJECT_ID } })).rejects.toThrow(/two regions/);
  await expect(startEmulator({ port: 0, regions: { [EAST]: "short" } })).rejects.toThrow(/32 letters or digits/);
});
