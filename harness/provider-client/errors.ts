// RPC failures from the provider server. Errors from Create/Update that carry `id` arrive as
// `grpc-status-details-bin` holding a google.rpc.Status whose details contain a packed
// `pulumirpc.ErrorResourceInitFailed`; other RPC errors are plain status UNKNOWN with the message as details.
import type * as grpcT from "@grpc/grpc-js";
import { sdk } from "./sdk";
import { fromStruct } from "./wire";

export interface CheckFailure {
  property: string;
  reason: string;
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

export function toProviderError(err: grpcT.ServiceError): ProviderError {
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
