// What travels over the wire between the engine and a provider: the engine's unknown sentinel, the secret
// marker, protobuf Structs (no `undefined` anywhere) and URNs.
import type * as structT from "google-protobuf/google/protobuf/struct_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { sdk } from "./sdk";

/** The engine's unknown sentinel, and Pulumi's marker key/value for secret values on the wire (the SDK's own). */
export const UNKNOWN: string = unknownValue;
export const SECRET_SIG_KEY: string = specialSigKey;
export const SECRET_SIG: string = specialSecretSig;

/** A value marked secret the way the SDK marks it on the wire: {4dabf…: 1b47…, value}. */
export function secretWrapper(value: unknown): Record<string, unknown> {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
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

export function toStruct(obj: Record<string, unknown> | undefined): structT.Struct {
  return sdk().struct.Struct.fromJavaScript(dropUndefined(obj ?? {}) as Record<string, structT.JavaScriptValue>);
}
export function fromStruct(s: structT.Struct | undefined): Record<string, unknown> {
  return s ? (s.toJavaScript() as Record<string, unknown>) : {};
}

export function urnFor(type: string, name: string, project = "project", stack = "stack"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** The unqualified type and the name in a URN (a parent's type prefix `parent$type` dropped). */
export function typeAndName(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return { type: qualified.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}
