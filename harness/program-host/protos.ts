// The engine side of the protocol a Pulumi program speaks: the resource monitor and engine services, loaded from
// the SDK that runs the program (one module instance of grpc-js and google-protobuf, as the SDK resolves them).
import type * as grpcT from "@grpc/grpc-js";
import type * as emptyT from "google-protobuf/google/protobuf/empty_pb";
import type * as structT from "google-protobuf/google/protobuf/struct_pb";
import type * as respbT from "@pulumi/pulumi/proto/resource_pb";
import type * as resgrpcT from "@pulumi/pulumi/proto/resource_grpc_pb";
import type * as engpbT from "@pulumi/pulumi/proto/engine_pb";
import type * as enggrpcT from "@pulumi/pulumi/proto/engine_grpc_pb";
import { sdk } from "../provider-client/sdk";

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

/** The SDK's own generated services and messages, from the package's @pulumi/pulumi (the provider client's copy). */
export function engineProtos(): EngineProtos {
  if (cache) return cache;
  const { grpc, struct, load } = sdk();
  cache = {
    grpc,
    struct,
    empty: load("google-protobuf/google/protobuf/empty_pb") as EngineProtos["empty"],
    respb: load("./proto/resource_pb") as EngineProtos["respb"],
    resgrpc: load("./proto/resource_grpc_pb") as EngineProtos["resgrpc"],
    engpb: load("./proto/engine_pb") as EngineProtos["engpb"],
    enggrpc: load("./proto/engine_grpc_pb") as EngineProtos["enggrpc"],
  };
  return cache;
}
