/**
 * Test helpers: requests signed by the official Huawei Cloud SDK core (an independent oracle for the
 * emulator's AK/SK verification), sent over loopback with undici.
 */
import { request } from "undici";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";
import { HttpRequestBuilder } from "@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder";
import {
  EMULATOR_ACCESS_KEY,
  EMULATOR_SECRET_KEY,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type HealthMonitorView,
  type MasterSlavePoolView,
  type MemberView,
  type PoolV2View,
  type PoolView,
} from "../../emulator";

export type QueryParams = Record<string, string | string[]>;

/** A member as any answer shows it: v3 (MemberView), a batch item (`ret_status`), an active/standby member (`role`). */
export type WireMember = MemberView & { ret_status: string; role: string; device_id: string; device_owner: string };

/** A pool as any answer shows it: v3, active/standby (member objects, `healthmonitor`) or v2 (`tenant_id`). */
export type WirePool = Omit<PoolView, "members"> &
  Omit<MasterSlavePoolView, "members"> &
  Pick<PoolV2View, "tenant_id"> & { members: WireMember[] };

/** The load balancer and listener objects (read-only fixtures): the fields the tests read. */
export interface WireLoadBalancer {
  id: string;
  vip_subnet_cidr_id: string;
  provisioning_status: string;
  ip_target_enable: boolean;
  listeners: { id: string }[];
  pools: { id: string }[];
}
export interface WireListener {
  id: string;
  protocol: string;
  default_pool_id: string | null;
}

/**
 * What the tests read from an answer's JSON body: every key any ELB or IAM answer (or the error format)
 * has, so a typo is a compile error. An answer holds only some of them; the tests assert which.
 */
export interface WireBody {
  request_id: string;
  error_msg: string;
  error_code: string;
  pool: WirePool;
  pools: WirePool[];
  member: WireMember;
  members: WireMember[];
  healthmonitor: HealthMonitorView;
  healthmonitors: HealthMonitorView[];
  page_info: { current_count: number; previous_marker?: string; next_marker?: string };
  loadbalancer: WireLoadBalancer;
  loadbalancers: WireLoadBalancer[];
  listener: WireListener;
  listeners: WireListener[];
  projects: { id: string; name: string }[];
  links: Record<string, string | null>;
  token: Record<string, unknown>;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** the parsed JSON body (the text itself when it is not JSON; undefined when empty) */
  body: WireBody;
  text: string;
}

export interface SignOptions {
  method: string;
  path: string;
  query?: QueryParams;
  body?: unknown;
  headers?: Record<string, string>;
  ak?: string;
  sk?: string;
  securityToken?: string;
  /** sent as X-Project-Id by the SDK; null = none (IAM calls) */
  projectId?: string | null;
}

/** Signs like the SDK's HcClient does: BasicCredentials.processAuthRequest → AKSKSigner. */
export async function sdkSign(baseUrl: string, o: SignOptions): Promise<Record<string, string>> {
  const credentials = new BasicCredentials().withAk(o.ak ?? EMULATOR_ACCESS_KEY).withSk(o.sk ?? EMULATOR_SECRET_KEY);
  if (o.projectId) credentials.withProjectId(o.projectId);
  if (o.securityToken) credentials.withSecurityToken(o.securityToken);
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  const req = new HttpRequestBuilder()
    .withEndpoint(baseUrl)
    .withUrl(o.path)
    .withMethod(o.method)
    .withHeaders(headers)
    .withQueryParams(o.query ?? {})
    .withData(o.body)
    .build();
  const signed = await credentials.processAuthRequest(undefined as never, req);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers as Record<string, unknown>)) out[k] = String(v);
  return out;
}

export function queryString(query: QueryParams | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    for (const value of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

/** Sends exactly what it is given (host comes from the URL, as the signer assumed). */
export async function send(
  baseUrl: string,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const sendHeaders = { ...headers };
  for (const k of Object.keys(sendHeaders)) if (k.toLowerCase() === "host") delete sendHeaders[k];
  const res = await request(`${baseUrl}${pathAndQuery}`, {
    method: method as "GET",
    headers: sendHeaders,
    body,
  });
  const text = await res.body.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  // The tests assert the status and the shape before they read a field: the body is read as WireBody.
  return { status: res.statusCode, headers: res.headers, body: parsed as WireBody, text };
}

/** A request signed by the SDK and sent as signed. */
export async function signedCall(baseUrl: string, o: SignOptions): Promise<Answer> {
  const headers = await sdkSign(baseUrl, o);
  return send(baseUrl, o.method, `${o.path}${queryString(o.query)}`, headers, o.body === undefined ? undefined : JSON.stringify(o.body));
}

/** An ELB client bound to one emulator (project ID sent as X-Project-Id, as the SDK does). */
export function elb(emu: Emulator) {
  const base = `/v3/${emu.projectId}/elb`;
  const call = (method: string, path: string, body?: unknown, query?: QueryParams) =>
    signedCall(emu.url, { method, path: `${base}${path}`, body, query, projectId: emu.projectId });
  return {
    base,
    call,
    createPool: (pool: Record<string, unknown>) => call("POST", "/pools", { pool }),
    getPool: (id: string) => call("GET", `/pools/${id}`),
    updatePool: (id: string, pool: Record<string, unknown>) => call("PUT", `/pools/${id}`, { pool }),
    deletePool: (id: string) => call("DELETE", `/pools/${id}`),
    cascade: (id: string) => call("DELETE", `/pools/${id}/delete-cascade`),
    listPools: (query?: QueryParams) => call("GET", "/pools", undefined, query),
  };
}

export function listenerOf(emu: Emulator, protocol: string, index = 0, lbIndex = 0): string {
  const lbId = emu.fixtures.loadbalancers[lbIndex]!.id;
  const found = emu.fixtures.listeners.filter((l) => l.protocol === protocol && l.loadbalancerId === lbId)[index];
  if (!found) throw new Error(`no ${protocol} listener #${index} on load balancer #${lbIndex}`);
  return found.id;
}

/** A v3 TCP pool on the emulator's first load balancer, as a create request's `pool` object. */
export const tcpPool = (emu: Emulator) => ({
  lb_algorithm: "ROUND_ROBIN",
  protocol: "TCP",
  loadbalancer_id: emu.fixtures.loadbalancers[0]!.id,
});

/**
 * An emulator (with `options`) started before the file's tests and closed after them, with the ELB client bound
 * to it. After each test it is put back: no faults armed or random, no pool of any kind, no request recorded.
 */
export function useEmulator(options?: EmulatorOptions): { readonly emu: Emulator; readonly api: ReturnType<typeof elb> } {
  let started: { emu: Emulator; api: ReturnType<typeof elb> } | undefined;
  beforeAll(async () => {
    const emu = await startEmulator(options);
    started = { emu, api: elb(emu) };
  });
  afterAll(() => started?.emu.close());
  afterEach(() => {
    const emu = env.emu;
    emu.faults.clear();
    for (const p of [...emu.pools(), ...emu.masterSlavePools(), ...emu.v2Pools()]) emu.outOfBand.deletePool(p.id);
    emu.resetCounts();
  });
  const ready = () => {
    if (!started) throw new Error("the emulator is used before beforeAll ran");
    return started;
  };
  const env = {
    get emu() {
      return ready().emu;
    },
    get api() {
      return ready().api;
    },
  };
  return env;
}
