// The Pulumi SDK's own dynamic-provider gRPC server, started as a child process and driven with the SDK's
// generated stubs — the same process, closure text and Struct marshaling `pulumi up` uses.
//
// Findings (SDK 3.216 and 3.248, cmd/dynamic-provider/index.js; Read's `inputs` are handed back from 3.216 on):
// - Configure *requires* `args`: without it the async handler throws, the RPC never answers. Secret values
//   in `args` are unwrapped; `variables` is ignored by this server (sent anyway, as the engine does).
// - A provider is deserialized and configured once per distinct `__provider` text per process; later
//   Configure calls only affect providers loaded afterwards.
import type * as grpcT from "@grpc/grpc-js";
import type * as provpbT from "@pulumi/pulumi/proto/provider_pb";
import type * as provgrpcT from "@pulumi/pulumi/proto/provider_grpc_pb";
import { ProviderError, toProviderError, type CheckFailure } from "./errors";
import { dynamicProviderScript, spawnServerProcess } from "./process";
import { repoRoot, sdk } from "./sdk";
import { fromStruct, secretWrapper, toStruct, typeAndName } from "./wire";

type Props = Record<string, unknown>;

export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** The shape of Diff and Update: the previous outputs `olds`, the checked inputs `news`, the previous inputs. */
type AgainstOlds<R> = (urn: string, id: string, olds: Props, news: Props, oldInputs?: Props) => Promise<R>;

export interface ProviderServer {
  /** Keys like "huaweicloud:region". Keys listed in `secretKeys` are sent as Pulumi secrets, as the engine does. */
  configure(config: Record<string, string>, opts?: { secretKeys?: string[] }): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff: AgainstOlds<DiffResult>;
  create(urn: string, props: Props, opts?: { preview?: boolean }): Promise<{ id: string; properties: Props }>;
  read(urn: string, id: string, props: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }>;
  update: AgainstOlds<{ properties: Props }>;
  delete(urn: string, id: string, props: Props, oldInputs?: Props): Promise<void>;
  /** Everything the server process printed (stdout+stderr) so far. */
  output(): string;
  /**
   * The output once it matches (the process's pipes are read asynchronously, so a line printed
   * before an RPC answered may arrive after the answer); rejects after `timeoutMs`.
   */
  waitForOutput(match: string | RegExp, timeoutMs?: number): Promise<string>;
  /** True once configure() has succeeded at least once. */
  readonly configured: boolean;
  /** The process id of the server process (for figures such as its memory; undefined if the OS gave none). */
  readonly pid: number | undefined;
  /** Kills the process and closes the channel. Idempotent. */
  close(): Promise<void>;
}

type Client = provgrpcT.ResourceProviderClient;
/** Unary call: resolves with the response or rejects with a ProviderError. */
type Call = <Res>(invoke: (client: Client, cb: (err: grpcT.ServiceError | null, res: Res) => void) => unknown) => Promise<Res>;

function withUrn<T extends { setUrn(v: string): T; setName(v: string): T; setType(v: string): T }>(req: T, urn: string): T {
  const { type, name } = typeAndName(urn);
  return req.setUrn(urn).setName(name).setType(type);
}

function configureRequest(config: Record<string, string>, secretKeys: string[] | undefined): provpbT.ConfigureRequest {
  const { provpb } = sdk();
  const secret = new Set(secretKeys ?? []);
  const args: Props = {};
  const req = new provpb.ConfigureRequest();
  const vars = req.getVariablesMap();
  for (const [k, v] of Object.entries(config)) {
    args[k] = secret.has(k) ? secretWrapper(v) : v;
    vars.set(k, v);
  }
  req.setArgs(toStruct(args));
  req.setAcceptsecrets(true);
  req.setAcceptresources(true);
  req.setSendsOldInputs(true);
  req.setSendsOldInputsToDelete(true);
  return req;
}

function diffChanges(ch: provpbT.DiffResponse.DiffChanges): DiffResult["changes"] {
  const C = sdk().provpb.DiffResponse.DiffChanges;
  return ch === C.DIFF_NONE ? "none" : ch === C.DIFF_SOME ? "some" : "unknown";
}

/** The resource RPCs (Check, Diff, Create, Read, Update, Delete) over one channel. */
function resourceRpcs(call: Call): Pick<ProviderServer, "check" | "diff" | "create" | "read" | "update" | "delete"> {
  const { provpb } = sdk();
  return {
    async check(urn, olds, news) {
      const req = withUrn(new provpb.CheckRequest(), urn).setOlds(toStruct(olds)).setNews(toStruct(news));
      const res = await call<provpbT.CheckResponse>((c, cb) => c.check(req, cb));
      const failures = res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
      return { inputs: fromStruct(res.getInputs()), failures };
    },
    async diff(urn, id, olds, news, oldInputs) {
      const req = withUrn(new provpb.DiffRequest(), urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const res = await call<provpbT.DiffResponse>((c, cb) => c.diff(req, cb));
      return { changes: diffChanges(res.getChanges()), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
    },
    async create(urn, props, copts) {
      const req = withUrn(new provpb.CreateRequest(), urn).setProperties(toStruct(props)).setPreview(!!copts?.preview);
      const res = await call<provpbT.CreateResponse>((c, cb) => c.create(req, cb));
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },
    async read(urn, id, props, inputs) {
      const req = withUrn(new provpb.ReadRequest(), urn).setId(id).setProperties(toStruct(props));
      if (inputs) req.setInputs(toStruct(inputs));
      const res = await call<provpbT.ReadResponse>((c, cb) => c.read(req, cb));
      const result: { id: string; properties: Props; inputs?: Props } = { id: res.getId(), properties: fromStruct(res.getProperties()) };
      if (res.hasInputs()) result.inputs = fromStruct(res.getInputs());
      return result;
    },
    async update(urn, id, olds, news, oldInputs) {
      const req = withUrn(new provpb.UpdateRequest(), urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const res = await call<provpbT.UpdateResponse>((c, cb) => c.update(req, cb));
      return { properties: fromStruct(res.getProperties()) };
    },
    async delete(urn, id, props, oldInputs) {
      const req = withUrn(new provpb.DeleteRequest(), urn).setId(id).setProperties(toStruct(props));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      await call<unknown>((c, cb) => c.delete(req, cb));
    },
  };
}

export interface ProviderServerOptions {
  /** The folder the server starts in (default the repository root): the stub loads this package through its node_modules. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * The `@pulumi/pulumi` folder whose dynamic-provider server to run (default the package's own), e.g. a copy
   * of the lowest supported SDK. The harness's gRPC stubs stay the package's own: the wire is the contract.
   */
  sdkDir?: string;
}

/** Starts the SDK's dynamic-provider server (in `cwd`, default the repository root) and connects to it. */
export async function startProviderServer(opts?: ProviderServerOptions): Promise<ProviderServer> {
  const { grpc, provgrpc, pulumiDir } = sdk();
  const proc = await spawnServerProcess(dynamicProviderScript(opts?.sdkDir ?? pulumiDir), opts?.cwd ?? repoRoot(), opts?.env);
  const client = new provgrpc.ResourceProviderClient(`127.0.0.1:${proc.port}`, grpc.credentials.createInsecure());
  let closed = false;
  let configured = false;
  const call: Call = (invoke) => {
    if (closed) return Promise.reject(new ProviderError("provider server is closed"));
    return new Promise((resolve, reject) => {
      invoke(client, (err, res) => (err ? reject(toProviderError(err)) : resolve(res)));
    });
  };
  return {
    get configured() {
      return configured;
    },
    pid: proc.pid,
    async configure(config, copts) {
      const req = configureRequest(config, copts?.secretKeys);
      await call<provpbT.ConfigureResponse>((c, cb) => c.configure(req, cb));
      configured = true;
    },
    ...resourceRpcs(call),
    output: proc.output,
    waitForOutput: (match, timeoutMs) => proc.waitForOutput(match, timeoutMs),
    async close() {
      if (!closed) {
        closed = true;
        client.close();
      }
      await proc.kill();
    },
  };
}
