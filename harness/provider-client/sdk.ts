// The Pulumi SDK's own modules, loaded the way @pulumi/pulumi resolves them (one module instance): grpc-js,
// google-protobuf's Struct, the generated provider stubs, and the folder of that @pulumi/pulumi (its dynamic-provider server).
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type * as grpcT from "@grpc/grpc-js";
import type * as structT from "google-protobuf/google/protobuf/struct_pb";
import type * as provpbT from "@pulumi/pulumi/proto/provider_pb";
import type * as provgrpcT from "@pulumi/pulumi/proto/provider_grpc_pb";

export interface Sdk {
  grpc: typeof grpcT;
  struct: typeof structT;
  provpb: typeof provpbT;
  provgrpc: typeof provgrpcT;
  statusProto: { Status: { deserializeBinary(b: Uint8Array): { getDetailsList(): AnyMsg[] } } };
  /** The folder of the package's own `@pulumi/pulumi`. */
  pulumiDir: string;
  /** `require` as @pulumi/pulumi resolves (its other generated stubs, google-protobuf's messages). */
  load: NodeJS.Require;
}
/** google.protobuf.Any, as the status details hold it. */
export interface AnyMsg {
  getTypeName(): string;
  unpack<T>(deserialize: (b: Uint8Array) => T, name: string): T | null;
}

/** The repository root: the nearest ancestor of this file whose package.json is this package. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pj = path.join(dir, "package.json");
    if (fs.existsSync(pj)) {
      try {
        if ((JSON.parse(fs.readFileSync(pj, "utf8")) as { name?: unknown }).name === "pulumi-huaweicloud-elb") return dir;
      } catch {
        // keep walking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the pulumi-huaweicloud-elb package root above ${__dirname}`);
    dir = up;
  }
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
export function sdk(): Sdk {
  if (sdkCache) return sdkCache;
  acceptEngineSizedHeaders();
  const root = repoRoot();
  const pulumiMain = require.resolve("@pulumi/pulumi", { paths: [root] });
  const preq = createRequire(pulumiMain);
  const pulumiDir = path.dirname(pulumiMain);
  sdkCache = {
    grpc: preq("@grpc/grpc-js") as Sdk["grpc"],
    struct: preq("google-protobuf/google/protobuf/struct_pb") as Sdk["struct"],
    provpb: preq("./proto/provider_pb") as Sdk["provpb"],
    provgrpc: preq("./proto/provider_grpc_pb") as Sdk["provgrpc"],
    statusProto: preq("./proto/status_pb") as Sdk["statusProto"],
    pulumiDir,
    load: preq,
  };
  return sdkCache;
}
