// The engine side of the protocol a Pulumi program speaks: the resource monitor and engine services, loaded from
// the SDK that runs the program (one module instance of grpc-js and google-protobuf, as the SDK resolves them).
import { createRequire } from "module";
import type * as grpcT from "@grpc/grpc-js";
import type * as emptyT from "google-protobuf/google/protobuf/empty_pb";
import type * as structT from "google-protobuf/google/protobuf/struct_pb";
import type * as respbT from "@pulumi/pulumi/proto/resource_pb";
import type * as resgrpcT from "@pulumi/pulumi/proto/resource_grpc_pb";
import type * as engpbT from "@pulumi/pulumi/proto/engine_pb";
import type * as enggrpcT from "@pulumi/pulumi/proto/engine_grpc_pb";
import { repoRoot } from "../provider-client/sdk";

export interface EngineProtos {
  grpc: typeof grpcT;
  empty: typeof emptyT;
  struct: typeof structT;
  respb: typeof respbT;
  resgrpc: typeof resgrpcT;
  engpb: typeof engpbT;
  enggrpc: typeof enggrpcT;
}

let cache: EngineProtos | undefined;

/** The SDK's own generated services and messages, from the package's @pulumi/pulumi. */
export function engineProtos(): EngineProtos {
  if (cache) return cache;
  const preq = createRequire(require.resolve("@pulumi/pulumi", { paths: [repoRoot()] }));
  cache = {
    grpc: preq("@grpc/grpc-js") as EngineProtos["grpc"],
    empty: preq("google-protobuf/google/protobuf/empty_pb") as EngineProtos["empty"],
    struct: preq("google-protobuf/google/protobuf/struct_pb") as EngineProtos["struct"],
    respb: preq("./proto/resource_pb") as EngineProtos["respb"],
    resgrpc: preq("./proto/resource_grpc_pb") as EngineProtos["resgrpc"],
    engpb: preq("./proto/engine_pb") as EngineProtos["engpb"],
    enggrpc: preq("./proto/engine_grpc_pb") as EngineProtos["enggrpc"],
  };
  return cache;
}
