// The stack's JSON state file: secrets are stored encoded ({sig, ciphertext}), plaintext in memory.
import * as fs from "fs";
import * as path from "path";
import { SECRET_SIG, SECRET_SIG_KEY, secretWrapper } from "../provider-client";
import { isSecretWrapper } from "../mocks";
import type { StackState } from "./types";

function encodeSecret(v: unknown): unknown {
  return { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: Buffer.from(JSON.stringify(v ?? null), "utf8").toString("base64") };
}
/** Decodes secret markers ({sig, ciphertext} or {sig, value}) at any depth. */
function decodeSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeSecrets);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if (o[SECRET_SIG_KEY] === SECRET_SIG) {
    if (typeof o.ciphertext === "string") return JSON.parse(Buffer.from(o.ciphertext, "base64").toString("utf8")) as unknown;
    return decodeSecrets(o.value);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeSecrets(x);
  return out;
}
/** Encodes {sig, value} secret wrappers at any depth as {sig, ciphertext}. */
function encodeWrappedSecrets(v: unknown): unknown {
  if (v !== null && typeof v === "object" && typeof (v as Record<string, unknown>).ciphertext === "string") return v;
  if (isSecretWrapper(v)) return encodeSecret(decodeSecrets(v.value));
  if (Array.isArray(v)) return v.map(encodeWrappedSecrets);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = encodeWrappedSecrets(x);
  return out;
}
function mapKeys(obj: Record<string, unknown>, keys: string[] | undefined, f: (v: unknown) => unknown) {
  if (!keys?.length) return obj;
  const out = { ...obj };
  for (const k of keys) if (k in out) out[k] = f(out[k]);
  return out;
}

/** `state` with the values of the secret `keys` wrapped as the SDK marks secrets ({sig, value}). */
export function wrapSecrets(state: Record<string, unknown>, keys: string[] | undefined): Record<string, unknown> {
  return mapKeys(state, keys, secretWrapper);
}

/** Reads the state file (secrets decoded). A missing file is an empty stack. */
export function readState(statePath: string): StackState {
  if (!fs.existsSync(statePath)) return { resources: [] };
  const raw = JSON.parse(fs.readFileSync(statePath, "utf8")) as StackState;
  const state: StackState = {
    ...raw,
    resources: (raw.resources ?? []).map((r) => ({
      ...r,
      inputs: decodeSecrets(r.inputs ?? {}) as Record<string, unknown>,
      outputs: decodeSecrets(r.outputs ?? {}) as Record<string, unknown>,
    })),
  };
  if (raw.outputs) state.outputs = decodeSecrets(raw.outputs) as Record<string, unknown>;
  return state;
}

/** The stack outputs exactly as stored (secrets still encoded), to carry them over unchanged. */
export function readStoredOutputs(statePath: string): Record<string, unknown> {
  if (!fs.existsSync(statePath)) return {};
  return (JSON.parse(fs.readFileSync(statePath, "utf8")) as StackState).outputs ?? {};
}

/** `outputsToStore`: stack outputs with secrets wrapped ({sig, value}) or already encoded ({sig, ciphertext}). */
export function writeState(statePath: string, state: StackState, outputsToStore: Record<string, unknown>): void {
  const onDisk: StackState = {
    ...state,
    outputs: encodeWrappedSecrets(outputsToStore) as Record<string, unknown>,
    resources: state.resources.map((r) => ({
      ...r,
      inputs: mapKeys(r.inputs, r.secrets, encodeSecret),
      outputs: mapKeys(r.outputs, r.secrets, encodeSecret),
    })),
  };
  fs.mkdirSync(path.dirname(path.resolve(statePath)), { recursive: true });
  const tmp = `${statePath}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(onDisk, null, 2) + "\n");
  fs.renameSync(tmp, statePath);
}
