// The Pulumi SDK's own dynamic-provider gRPC server, started as a child process and driven with the SDK's
// generated stubs — the same process, closure text and Struct marshaling `pulumi up` uses.
//
// Findings (SDK 3.248, cmd/dynamic-provider/index.js):
// - The positional "engine address" argument is only checked for presence; the server never dials it
//   (provider-side `pulumi.log` falls back to the console). "127.0.0.1:1" is therefore safe.
// - It binds 127.0.0.1:0 and prints the port as the first stdout line.
// - Configure *requires* `args`: without it the async handler throws, the RPC never answers. Secret values
//   in `args` are unwrapped; `variables` is ignored by this server (sent anyway, as the engine does).
// - A provider is deserialized and configured once per distinct `__provider` text per process; later
//   Configure calls only affect providers loaded afterwards.
// - Errors from Create/Update that carry `id` become `grpc-status-details-bin` holding a google.rpc.Status
//   whose details contain a packed `pulumirpc.ErrorResourceInitFailed`. Other RPC errors are plain status
//   UNKNOWN with the message as details.
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type * as grpcT from "@grpc/grpc-js";
import type * as structT from "google-protobuf/google/protobuf/struct_pb";
import type * as provpbT from "@pulumi/pulumi/proto/provider_pb";
import type * as provgrpcT from "@pulumi/pulumi/proto/provider_grpc_pb";

import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** The engine's unknown sentinel, and Pulumi's marker key/value for secret values on the wire (the SDK's own). */
export const UNKNOWN: string = unknownValue;
export const SECRET_SIG_KEY: string = specialSigKey;
export const SECRET_SIG: string = specialSecretSig;

export interface CheckFailure {
  property: string;
  reason: string;
}
export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** An RPC failure. For a partial failure (ErrorResourceInitFailed), `id`/`properties`/`reasons` are set. */
export class ProviderError extends Error {
  id?: string;
  properties?: Record<string, unknown>;
  reasons: string[];
  /** gRPC status code of the failed call. */
  code?: number;
  constructor(message: string, init?: { id?: string; properties?: Record<string, unknown>; reasons?: string[]; code?: number }) {
    super(message);
    this.name = "ProviderError";
    this.reasons = init?.reasons ?? [];
    if (init?.id !== undefined) this.id = init.id;
    if (init?.properties !== undefined) this.properties = init.properties;
    if (init?.code !== undefined) this.code = init.code;
  }
}

export interface ProviderServer {
  /** Keys like "huaweicloud:region". Keys listed in `secretKeys` are sent as Pulumi secrets, as the engine does. */
  configure(config: Record<string, string>, opts?: { secretKeys?: string[] }): Promise<void>;
  check(
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }>;
  diff(
    urn: string,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    oldInputs?: Record<string, unknown>,
  ): Promise<DiffResult>;
  create(
    urn: string,
    props: Record<string, unknown>,
    opts?: { preview?: boolean },
  ): Promise<{ id: string; properties: Record<string, unknown> }>;
  read(
    urn: string,
    id: string,
    props: Record<string, unknown>,
    inputs?: Record<string, unknown>,
  ): Promise<{ id: string; properties: Record<string, unknown>; inputs?: Record<string, unknown> }>;
  update(
    urn: string,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    oldInputs?: Record<string, unknown>,
  ): Promise<{ properties: Record<string, unknown> }>;
  delete(urn: string, id: string, props: Record<string, unknown>, oldInputs?: Record<string, unknown>): Promise<void>;
  /** Everything the server process printed (stdout+stderr) so far. */
  output(): string;
  /**
   * The output once it matches (the process's pipes are read asynchronously, so a line printed
   * before an RPC answered may arrive after the answer); rejects after `timeoutMs`.
   */
  waitForOutput(match: string | RegExp, timeoutMs?: number): Promise<string>;
  /** True once configure() has succeeded at least once. */
  readonly configured: boolean;
  /** Kills the process and closes the channel. Idempotent. */
  close(): Promise<void>;
}

/** The repository root: the nearest ancestor of this file whose package.json is this package. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pj = path.join(dir, "package.json");
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, "utf8")).name === "pulumi-huaweicloud-elb") return dir;
      } catch {
        // keep walking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the pulumi-huaweicloud-elb package root above ${__dirname}`);
    dir = up;
  }
}

interface Sdk {
  grpc: typeof grpcT;
  struct: typeof structT;
  provpb: typeof provpbT;
  provgrpc: typeof provgrpcT;
  statusProto: { Status: { deserializeBinary(b: Uint8Array): { getDetailsList(): AnyMsg[] } } };
  serverScript: string;
}
interface AnyMsg {
  getTypeName(): string;
  unpack<T>(deserialize: (b: Uint8Array) => T, name: string): T | null;
}

/**
 * The engine's gRPC client (grpc-go) accepts response headers up to 16 MiB. grpc-js's client keeps
 * Node's http2 default of 64 KiB and has no option for it, so a partial-state error (its properties
 * travel in the `grpc-status-details-bin` header) holding a few hundred members would never reach
 * the harness: the call hangs. The harness raises its own connections' limit to the engine's.
 */
const ENGINE_MAX_HEADER_LIST_SIZE = 16 << 20;
let headersWidened = false;
function acceptEngineSizedHeaders(): void {
  if (headersWidened) return;
  headersWidened = true;
  const http2 = require("node:http2") as typeof import("node:http2") & { connect: (...args: unknown[]) => unknown };
  const connect = http2.connect;
  http2.connect = ((authority: unknown, options?: { settings?: object }, listener?: unknown) =>
    connect(
      authority,
      { ...options, settings: { ...options?.settings, maxHeaderListSize: ENGINE_MAX_HEADER_LIST_SIZE } },
      listener,
    )) as typeof http2.connect;
}

let sdkCache: Sdk | undefined;
/** Loads grpc-js, google-protobuf and the stubs exactly as @pulumi/pulumi resolves them (one module instance). */
function sdk(): Sdk {
  if (sdkCache) return sdkCache;
  acceptEngineSizedHeaders();
  const root = repoRoot();
  const pulumiMain = require.resolve("@pulumi/pulumi", { paths: [root] });
  const preq = createRequire(pulumiMain);
  const pulumiDir = path.dirname(pulumiMain);
  sdkCache = {
    grpc: preq("@grpc/grpc-js"),
    struct: preq("google-protobuf/google/protobuf/struct_pb"),
    provpb: preq("./proto/provider_pb"),
    provgrpc: preq("./proto/provider_grpc_pb"),
    statusProto: preq("./proto/status_pb"),
    serverScript: path.join(pulumiDir, "cmd", "dynamic-provider", "index.js"),
  };
  return sdkCache;
}

/** Deep copy dropping `undefined` object keys (array holes become null), as protobuf Struct requires. */
export function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : dropUndefined(v)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = dropUndefined(v);
    }
    return out;
  }
  return value;
}

function toStruct(obj: Record<string, unknown> | undefined): structT.Struct {
  return sdk().struct.Struct.fromJavaScript(dropUndefined(obj ?? {}) as Record<string, structT.JavaScriptValue>);
}
function fromStruct(s: structT.Struct | undefined): Record<string, unknown> {
  return s ? (s.toJavaScript() as Record<string, unknown>) : {};
}

export function urnFor(type: string, name: string, project = "project", stack = "stack"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

function typeAndName(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return { type: qualified.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

function toProviderError(err: grpcT.ServiceError): ProviderError {
  const message = err.details || err.message;
  const bins = err.metadata?.get("grpc-status-details-bin") ?? [];
  const { statusProto, provpb } = sdk();
  for (const bin of bins) {
    const buf = typeof bin === "string" ? Buffer.from(bin, "base64") : bin;
    const status = statusProto.Status.deserializeBinary(new Uint8Array(buf));
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
      const detail = any.unpack((b) => provpb.ErrorResourceInitFailed.deserializeBinary(b), "pulumirpc.ErrorResourceInitFailed");
      if (!detail) continue;
      return new ProviderError(message, {
        id: detail.getId(),
        properties: fromStruct(detail.getProperties()),
        reasons: detail.getReasonsList(),
        code: err.code,
      });
    }
  }
  return new ProviderError(message, { code: err.code });
}

export async function startProviderServer(opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<ProviderServer> {
  const { grpc, provpb, provgrpc, serverScript } = sdk();
  const cwd = opts?.cwd ?? repoRoot();
  const child: ChildProcess = spawn(process.execPath, [serverScript, "127.0.0.1:1"], {
    cwd,
    env: { ...process.env, ...opts?.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
    child.once("error", () => {
      exited = true;
      resolve();
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdoutBuf = "";
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`provider server printed no port within 20s; output:\n${out}`)), 20000);
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    };
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (settled) return;
      stdoutBuf += d.toString();
      const nl = stdoutBuf.indexOf("\n");
      if (nl >= 0) {
        const p = Number(stdoutBuf.slice(0, nl).trim());
        settled = true;
        clearTimeout(timer);
        if (Number.isInteger(p) && p > 0) resolve(p);
        else reject(new Error(`unexpected first line from provider server: ${stdoutBuf.slice(0, nl)}`));
      }
    });
    child.stderr!.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.once("exit", (code, signal) => fail(new Error(`provider server exited (${code ?? signal}) before printing a port:\n${out}`)));
    child.once("error", (e) => fail(e));
  }).catch(async (e) => {
    if (!exited) child.kill("SIGKILL");
    await exitPromise;
    throw e;
  });

  const client = new provgrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  let closed = false;
  let configured = false;

  // Unary call helper: resolves with the response or rejects with a ProviderError.
  function call<Res>(invoke: (cb: (err: grpcT.ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
    if (closed) return Promise.reject(new ProviderError("provider server is closed"));
    return new Promise<Res>((resolve, reject) => {
      invoke((err, res) => {
        if (err) reject(toProviderError(err));
        else resolve(res);
      });
    });
  }

  function setNameType<T extends { setUrn(v: string): T; setName(v: string): T; setType(v: string): T }>(req: T, urn: string): T {
    const { type, name } = typeAndName(urn);
    return req.setUrn(urn).setName(name).setType(type);
  }

  const server: ProviderServer = {
    get configured() {
      return configured;
    },
    async configure(config, copts) {
      const secret = new Set(copts?.secretKeys ?? []);
      const args: Record<string, unknown> = {};
      const req = new provpb.ConfigureRequest();
      const vars = req.getVariablesMap();
      for (const [k, v] of Object.entries(config)) {
        args[k] = secret.has(k) ? { [SECRET_SIG_KEY]: SECRET_SIG, value: v } : v;
        vars.set(k, v);
      }
      req.setArgs(toStruct(args));
      req.setAcceptsecrets(true);
      req.setAcceptresources(true);
      req.setSendsOldInputs(true);
      req.setSendsOldInputsToDelete(true);
      await call<provpbT.ConfigureResponse>((cb) => client.configure(req, cb));
      configured = true;
    },
    async check(urn, olds, news) {
      const req = setNameType(new provpb.CheckRequest(), urn).setOlds(toStruct(olds)).setNews(toStruct(news));
      const res = await call<provpbT.CheckResponse>((cb) => client.check(req, cb));
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(urn, id, olds, news, oldInputs) {
      const req = setNameType(new provpb.DiffRequest(), urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const res = await call<provpbT.DiffResponse>((cb) => client.diff(req, cb));
      const C = provpb.DiffResponse.DiffChanges;
      const ch = res.getChanges();
      return {
        changes: ch === C.DIFF_NONE ? "none" : ch === C.DIFF_SOME ? "some" : "unknown",
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
      };
    },
    async create(urn, props, copts) {
      const req = setNameType(new provpb.CreateRequest(), urn).setProperties(toStruct(props)).setPreview(!!copts?.preview);
      const res = await call<provpbT.CreateResponse>((cb) => client.create(req, cb));
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },
    async read(urn, id, props, inputs) {
      const req = setNameType(new provpb.ReadRequest(), urn).setId(id).setProperties(toStruct(props));
      if (inputs) req.setInputs(toStruct(inputs));
      const res = await call<provpbT.ReadResponse>((cb) => client.read(req, cb));
      const result: { id: string; properties: Record<string, unknown>; inputs?: Record<string, unknown> } = {
        id: res.getId(),
        properties: fromStruct(res.getProperties()),
      };
      if (res.hasInputs()) result.inputs = fromStruct(res.getInputs());
      return result;
    },
    async update(urn, id, olds, news, oldInputs) {
      const req = setNameType(new provpb.UpdateRequest(), urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const res = await call<provpbT.UpdateResponse>((cb) => client.update(req, cb));
      return { properties: fromStruct(res.getProperties()) };
    },
    async delete(urn, id, props, oldInputs) {
      const req = setNameType(new provpb.DeleteRequest(), urn).setId(id).setProperties(toStruct(props));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      await call<unknown>((cb) => client.delete(req, cb));
    },
    output() {
      return out;
    },
    async waitForOutput(match, timeoutMs = 5000) {
      const found = () => (typeof match === "string" ? out.includes(match) : match.test(out));
      for (const start = Date.now(); !found(); await new Promise((r) => setTimeout(r, 10))) {
        if (Date.now() - start > timeoutMs)
          throw new Error(`the provider server printed nothing matching ${String(match)} within ${timeoutMs} ms`);
      }
      return out;
    },
    async close() {
      if (closed) {
        await exitPromise;
        return;
      }
      closed = true;
      client.close();
      if (!exited) child.kill("SIGKILL");
      await exitPromise;
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
  return server;
}
