// The engine's side of a running program: the ResourceMonitor and Engine gRPC services a Pulumi program dials
// (`--monitor`, `--engine`), answered the way the engine answers them (pulumi/pulumi pkg/resource/deploy, at
// v3.259): each RegisterResource becomes one Registration for the stack runner's Deployment, the same one the
// in-process mocks feed it, so both paths plan and apply through the same code.
//
// What the SDK (3.248, runtime/settings.js, runtime/resource.js, runtime/stack.js) does against these services:
// - At start it asks SupportsFeature for a list of features; an answer of false makes it fall back (no secrets
//   → no secret markers, no resource references, aliases as URNs). Only "secrets" is answered true here.
// - It registers the root `pulumi:pulumi:Stack` component (`<project>-<stack>`), calls Engine.SetRootResource with
//   its URN, then registers the program's resources with that URN as their parent. The engine leaves the root
//   stack's type out of its children's URNs, so a resource of the stack is `urn:pulumi:<stack>::<project>::<type>::<name>`
//   either way; the runner keeps no Stack entry in its state (the mocks path has none either).
// - The stack's outputs arrive as RegisterResourceOutputs on the Stack's URN (secrets marked, unknowns in preview
//   as the engine's sentinel).
// - An empty `id` in a RegisterResourceResponse makes the resource's id unknown (preview), and during preview
//   every output the answer does not carry resolves as unknown.
// - pulumi.log.* and the program's unhandled errors arrive as Engine.Log.
// - At the end it calls SignalAndWaitForShutdown and exits; a non-zero exit is a failed program.
import type * as grpcT from "@grpc/grpc-js";
import type * as respbT from "@pulumi/pulumi/proto/resource_pb";
import type * as engpbT from "@pulumi/pulumi/proto/engine_pb";
import { fromStruct, toStruct } from "../provider-client/wire";
import { registrationFrom, urnOf, type MockResult, type Registration } from "../mocks";
import { engineProtos } from "./protos";

type Props = Record<string, unknown>;

export const STACK_TYPE = "pulumi:pulumi:Stack";
/** The monitor features this engine stand-in supports (SupportsFeature). */
const FEATURES = new Set(["secrets"]);

export interface LogEntry {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn: string;
}

export interface MonitorOptions {
  project: string;
  stack: string;
  /** Applies one registration (the stack runner's Deployment.onResource); must not throw. */
  onResource(reg: Registration): Promise<MockResult>;
  /** Each Engine.Log entry as it arrives. */
  onLog?(entry: LogEntry): void;
}

export interface MonitorServer {
  /** host:port, for `--monitor` and `--engine` (one server holds both services). */
  readonly address: string;
  /** The stack's outputs as RegisterResourceOutputs delivered them (undefined until then). */
  stackOutputs(): Props | undefined;
  readonly logs: LogEntry[];
  close(): Promise<void>;
}

const SEVERITIES: LogEntry["severity"][] = ["debug", "info", "warning", "error"];

type Unary<Req, Res> = grpcT.handleUnaryCall<Req, Res>;

/**
 * Resource options the stack runner does not carry out. Rather than ignore them (a renamed resource with an alias
 * would be created anew and the old one deleted; an additional secret output would be stored in plaintext), a
 * registration that uses one is refused, naming it.
 */
export function unsupportedOptions(req: respbT.RegisterResourceRequest): string[] {
  const t = req.getCustomtimeouts();
  return [
    req.getAliasesList().length + req.getAliasurnsList().length > 0 ? "aliases" : "",
    req.getAdditionalsecretoutputsList().length > 0 ? "additionalSecretOutputs" : "",
    req.getDeletedwith() ? "deletedWith" : "",
    t && (t.getCreate() || t.getUpdate() || t.getDelete()) ? "customTimeouts" : "",
  ].filter(Boolean);
}

/** Answers a unary call from an async function; a throw becomes the call's error (it should not happen). */
function unary<Req, Res>(fn: (req: Req) => Promise<Res> | Res): Unary<Req, Res> {
  return (call, cb) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (res) => cb(null, res),
        (e: unknown) => cb({ code: 2, details: e instanceof Error ? e.message : String(e) }, null),
      );
  };
}

/** The services' handlers over one run's state. */
function services(o: MonitorOptions, logs: LogEntry[]) {
  const { respb, engpb, empty } = engineProtos();
  let stackUrn = "";
  let outputs: Props | undefined;
  let root = "";
  const monitor = {
    supportsFeature: unary((req: respbT.SupportsFeatureRequest) =>
      new respb.SupportsFeatureResponse().setHassupport(FEATURES.has(req.getId())),
    ),
    registerResource: unary(async (req: respbT.RegisterResourceRequest) => {
      if (req.getType() === STACK_TYPE && !req.getParent()) {
        stackUrn = urnOf(STACK_TYPE, req.getName(), "", o.project, o.stack);
        return new respb.RegisterResourceResponse().setUrn(stackUrn).setObject(toStruct({}));
      }
      const unsupported = unsupportedOptions(req);
      if (unsupported.length) throw new Error(`${req.getName()}: the stack runner does not carry out the ${unsupported.join(", ")} option`);
      const resource = {
        type: req.getType(),
        name: req.getName(),
        inputs: fromStruct(req.getObject()),
        custom: req.getCustom(),
        id: req.getImportid(),
      };
      const reg = registrationFrom(resource, { kind: "register", req }, o.project, o.stack, stackUrn);
      const res = await o.onResource(reg);
      return new respb.RegisterResourceResponse()
        .setUrn(reg.urn)
        .setId(res.id ?? "")
        .setObject(toStruct(res.state));
    }),
    readResource: unary(async (req: respbT.ReadResourceRequest) => {
      const resource = { type: req.getType(), name: req.getName(), inputs: fromStruct(req.getProperties()), custom: true, id: req.getId() };
      const reg = registrationFrom(resource, { kind: "read", req }, o.project, o.stack, stackUrn);
      const res = await o.onResource(reg);
      return new respb.ReadResourceResponse().setUrn(reg.urn).setProperties(toStruct(res.state));
    }),
    registerResourceOutputs: unary((req: respbT.RegisterResourceOutputsRequest) => {
      if (req.getUrn() === stackUrn) outputs = fromStruct(req.getOutputs());
      return new empty.Empty();
    }),
    signalAndWaitForShutdown: unary(() => new empty.Empty()),
  };
  const engine = {
    log: unary((req: engpbT.LogRequest) => {
      const entry: LogEntry = { severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() };
      logs.push(entry);
      o.onLog?.(entry);
      return new empty.Empty();
    }),
    getRootResource: unary(() => new engpb.GetRootResourceResponse().setUrn(root)),
    setRootResource: unary((req: engpbT.SetRootResourceRequest) => {
      root = req.getUrn();
      return new engpb.SetRootResourceResponse();
    }),
  };
  return { monitor, engine, stackOutputs: () => outputs };
}

/** Starts the monitor and engine services on 127.0.0.1, on a port the OS picks. */
export async function startMonitor(o: MonitorOptions): Promise<MonitorServer> {
  const { grpc, resgrpc, enggrpc } = engineProtos();
  const logs: LogEntry[] = [];
  const s = services(o, logs);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 << 20, "grpc.max_send_message_length": 400 << 20 });
  // Methods left out (Invoke, Call, RegisterPackage, hooks, transforms) answer UNIMPLEMENTED, as grpc-js does for any
  // method without a handler: dynamic providers have no invokes, and the SDK asks for the rest only when it was told
  // the feature is supported.
  server.addService(resgrpc.ResourceMonitorService, s.monitor as unknown as grpcT.UntypedServiceImplementation);
  server.addService(enggrpc.EngineService, s.engine as unknown as grpcT.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    stackOutputs: s.stackOutputs,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
