/**
 * AK/SK (`SDK-HMAC-SHA256`) verification and IAM tokens, written from ELB-API.md "Authentication".
 * This is the emulator's own canonicalisation: it does not import the provider's signer, and the tests
 * check it against the documented known answers and against the official SDK's signer.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ServiceError, ERROR_CODES } from "./errors";

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

export interface Credential {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

/** What the verifier needs from an HTTP request: the raw path and query exactly as received. */
export interface SignedRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type AuthIdentity =
  { kind: "aksk"; accessKey: string; projectIdHeader?: string } | { kind: "token"; projectId: string; userName: string } | { kind: "none" };

// ---------------------------------------------------------------------------------------------
// Canonical request (steps 1-4 of ELB-API.md)

/** RFC 3986: unreserved characters (A-Z a-z 0-9 - _ . ~) are kept, everything else is `%XY` in UTF-8, uppercase. */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeLenient(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Each segment of the path percent-encoded, ending with `/`. The received path is decoded first and
 * encoded again, as API Gateway's reference signer does, so `%7E` and `~` canonicalise alike.
 */
export function canonicalUri(path: string): string {
  const encoded = path
    .split("/")
    .map((segment) => encodeRfc3986(decodeLenient(segment)))
    .join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/**
 * Parses a raw query string into key → values, keeping repeated keys. `+` is a literal plus, not a
 * space (RFC 3986; (inferred) for API Gateway): send spaces as `%20`.
 */
export function parseQuery(rawQuery: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decodeLenient(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeLenient(part.slice(eq + 1));
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** Keys sorted, repeated keys' values sorted, both encoded, `key=` for an empty value, joined with `&`. */
export function canonicalQueryString(query: Map<string, string[]>): string {
  const parts: string[] = [];
  for (const key of [...query.keys()].sort()) {
    for (const value of [...(query.get(key) ?? [])].sort()) {
      parts.push(`${encodeRfc3986(key)}=${encodeRfc3986(value)}`);
    }
  }
  return parts.join("&");
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function hmacSha256Hex(key: string, data: string): string {
  return createHmac("sha256", key).update(data).digest("hex");
}

export interface CanonicalInput {
  method: string;
  path: string;
  query: Map<string, string[]>;
  /** lowercase header name → value, for every signed header */
  signedHeaders: [string, string][];
  payloadHash: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const headers = input.signedHeaders.map(([name, value]) => `${name}:${value.trim()}\n`).join("");
  const names = input.signedHeaders.map(([name]) => name).join(";");
  return [input.method.toUpperCase(), canonicalUri(input.path), canonicalQueryString(input.query), headers, names, input.payloadHash].join(
    "\n",
  );
}

export function stringToSign(sdkDate: string, canonical: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/** The full signature computation (used by the tests' known answers as well as the verifier). */
export function computeSignature(secretKey: string, sdkDate: string, input: CanonicalInput): string {
  return hmacSha256Hex(secretKey, stringToSign(sdkDate, canonicalRequest(input)));
}

/** `YYYYMMDDTHHMMSSZ` → epoch ms, or undefined when malformed. */
export function parseSdkDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms;
}

export function formatSdkDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

// ---------------------------------------------------------------------------------------------
// Verification

function authError(message: string, code: string = ERROR_CODES.badAuth): ServiceError {
  return new ServiceError(401, code, `Incorrect IAM authentication information: ${message}`);
}

/** A request header by lowercase name; own properties only (a signed "constructor" is not Object's). */
function header(headers: SignedRequest["headers"], name: string): string | undefined {
  const v = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return Array.isArray(v) ? v.join(", ") : v;
}

const AUTHORIZATION_RE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/;

/**
 * Verifies an AK/SK signed request. Throws ServiceError 401 APIGW.0301 (bad or missing signature, unknown
 * AK, security token problems) or APIGW.0303 (X-Sdk-Date more than 15 minutes from the emulator clock).
 * Messages say what is wrong and never contain a secret.
 */
export function verifyAkSk(req: SignedRequest, credentials: Map<string, Credential>, now: number): AuthIdentity {
  const authorization = header(req.headers, "authorization");
  if (!authorization) throw authError("missing Authorization header (or X-Auth-Token).");
  const m = AUTHORIZATION_RE.exec(authorization);
  if (!m) {
    throw authError(`the Authorization header is not "${SIGNING_ALGORITHM} Access=..., SignedHeaders=..., Signature=...".`);
  }
  const [, accessKey, signedHeaderList, signature] = m as unknown as [string, string, string, string];
  const credential = credentials.get(accessKey);
  if (!credential) throw authError(`access key ${accessKey} does not exist.`);

  const sdkDate = header(req.headers, "x-sdk-date");
  if (!sdkDate) throw authError("missing X-Sdk-Date header.");
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) throw authError(`X-Sdk-Date ${sdkDate} is not in the format YYYYMMDDTHHMMSSZ.`);
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) {
    throw authError(
      `X-Sdk-Date ${sdkDate} differs from the server time ${formatSdkDate(now)} by more than 15 minutes.`,
      ERROR_CODES.clockSkew,
    );
  }

  const names = signedHeaderList.split(";");
  if (names.some((n) => n !== n.toLowerCase() || n === "")) {
    throw authError("SignedHeaders must be lowercase header names joined by ';'.");
  }
  for (const required of ["host", "x-sdk-date"]) {
    if (!names.includes(required)) throw authError(`SignedHeaders must include ${required}.`);
  }
  const signedHeaders: [string, string][] = [];
  for (const name of names) {
    const value = header(req.headers, name);
    if (value === undefined) throw authError(`signed header ${name} is not present in the request.`);
    signedHeaders.push([name, value]);
  }

  const securityToken = header(req.headers, "x-security-token");
  if (credential.securityToken !== undefined) {
    if (securityToken === undefined) throw authError("temporary access key requires the X-Security-Token header.");
    if (!names.includes("x-security-token")) throw authError("X-Security-Token must be a signed header.");
    if (!safeEqual(securityToken, credential.securityToken)) throw authError("X-Security-Token is not valid.");
  } else if (securityToken !== undefined) {
    // (inferred) a permanent key sent with a security token is refused rather than silently accepted.
    throw authError(`access key ${accessKey} is permanent; X-Security-Token must not be sent.`);
  }

  // The SDK sends X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD when the content type is not JSON
  // (e.g. a GET): then the literal value stands for the payload hash, and it must be signed.
  let payloadHash = sha256Hex(req.body);
  const declared = header(req.headers, "x-sdk-content-sha256");
  if (declared !== undefined) {
    if (!names.includes("x-sdk-content-sha256")) throw authError("X-Sdk-Content-Sha256 must be a signed header.");
    if (declared === UNSIGNED_PAYLOAD) payloadHash = UNSIGNED_PAYLOAD;
    else if (declared.toLowerCase() !== payloadHash) throw authError("X-Sdk-Content-Sha256 does not match the body.");
  }

  let expected: string;
  try {
    expected = computeSignature(credential.secretKey, sdkDate, {
      method: req.method,
      path: req.path,
      query: parseQuery(req.rawQuery),
      signedHeaders,
      payloadHash,
    });
  } catch {
    throw authError("the request URI cannot be canonicalised.");
  }
  if (!safeEqual(signature.toLowerCase(), expected)) {
    throw authError("verify aksk signature fail: the signature does not match the canonical request.");
  }
  return { kind: "aksk", accessKey, projectIdHeader: header(req.headers, "x-project-id") };
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

// ---------------------------------------------------------------------------------------------
// Tokens

export interface IssuedToken {
  token: string;
  projectId: string;
  projectName: string;
  userName: string;
  issuedAt: number;
  expiresAt: number;
}

/** IAM-style timestamps: `2024-01-02T03:04:05.000000Z`. */
export function formatIamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  issue(projectId: string, projectName: string, userName: string, now: number): IssuedToken {
    // Real tokens are long opaque strings starting with "MII"; the emulator's are random, not CMS.
    const token = `MIIemu${randomBytes(96).toString("base64url")}`;
    const issued: IssuedToken = { token, projectId, projectName, userName, issuedAt: now, expiresAt: now + TOKEN_LIFETIME_MS };
    this.tokens.set(token, issued);
    return issued;
  }

  verify(token: string | undefined, now: number): AuthIdentity {
    if (!token) throw authError("missing X-Auth-Token header.");
    const issued = this.tokens.get(token);
    if (!issued) throw authError("the token is not valid (not issued by this IAM).");
    if (now >= issued.expiresAt) throw authError(`the token expired at ${formatIamTime(issued.expiresAt)}.`, ERROR_CODES.tokenExpired);
    return { kind: "token", projectId: issued.projectId, userName: issued.userName };
  }
}

/** Token when X-Auth-Token is sent, else AK/SK. */
export function authenticate(req: SignedRequest, credentials: Map<string, Credential>, tokens: TokenStore, now: number): AuthIdentity {
  const token = header(req.headers, "x-auth-token");
  if (token !== undefined) return tokens.verify(token, now);
  return verifyAkSk(req, credentials, now);
}
