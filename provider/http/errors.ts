/**
 * Errors raised by the HTTP layer. Messages carry the method, path, status, API error code, message and
 * request ID; never a header value, access key, secret key or token (the client also scrubs those out of
 * any text the server echoes back).
 */

export type Service = "ELB" | "IAM";

/** What every HTTP-layer failure records: the call, whether its outcome is unknown, how often it was sent. */
export interface HttpErrorInit {
  service: Service;
  method: string;
  path: string;
  /** True when the request may have been processed but could not safely be re-sent (a creating POST). */
  ambiguous?: boolean;
  /** How many times the request was sent. */
  attempts?: number;
  /** Why retrying stopped (deadline, budget, attempt cap), when the failure was retryable in kind. */
  giveUp?: string;
}

function suffix(init: HttpErrorInit): string {
  let s = "";
  if (init.ambiguous) s += "; the outcome is unknown and the request was not re-sent";
  if (init.giveUp) s += `; ${init.giveUp}`;
  else if ((init.attempts ?? 1) > 1) s += `; after ${init.attempts} attempts`;
  return s;
}

/**
 * A failed request (an HTTP answer or a network failure): `SERVICE METHOD /path: <what happened>`, plus
 * whether the outcome is unknown and how often it was sent. Built only from the call's method and path
 * and from scrubbed server text, so it never holds a header value or credential.
 */
export abstract class HttpError extends Error {
  readonly service: Service;
  readonly method: string;
  readonly path: string;
  /** True when the request may have been processed but could not safely be re-sent (a creating POST). */
  readonly ambiguous: boolean;
  /** How many times the request was sent. */
  readonly attempts: number;

  protected constructor(init: HttpErrorInit, what: string) {
    super(`${init.service} ${init.method} ${init.path}: ${what}${suffix(init)}`);
    this.service = init.service;
    this.method = init.method;
    this.path = init.path;
    this.ambiguous = init.ambiguous ?? false;
    this.attempts = init.attempts ?? 1;
  }
}

export interface ApiErrorInit extends HttpErrorInit {
  status: number;
  code?: string;
  errorMsg?: string;
  requestId?: string;
}

/** What to do about an authentication answer: which setting to renew. */
const RENEW: Record<string, string> = {
  "APIGW.0307":
    "the token has expired: renew huaweicloud:token (or its alias huaweicloud:authToken; env HW_AUTH_TOKEN), or, with temporary credentials, " +
    "huaweicloud:securityToken (env HW_SECURITY_TOKEN) together with its access key and secret key",
};

/** An HTTP answer other than 2xx, with the API's error code, message and request ID. */
export class ApiError extends HttpError {
  readonly status: number;
  readonly code?: string;
  readonly errorMsg?: string;
  readonly requestId?: string;

  constructor(init: ApiErrorInit) {
    const parts = [String(init.status)];
    if (init.code) parts.push(init.code);
    if (init.errorMsg) parts.push(init.errorMsg);
    if (init.code && init.code in RENEW) parts.push(`(${RENEW[init.code]})`);
    super(init, parts.join(" ") + (init.requestId ? ` (request_id ${init.requestId})` : ""));
    this.name = "ApiError";
    this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.errorMsg !== undefined) this.errorMsg = init.errorMsg;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }
}

export interface TransportErrorInit extends HttpErrorInit {
  cause: unknown;
}

/** Error codes that prove nothing reached the server (failed before or while connecting). */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Failures a retry cannot fix (TLS trust, bad arguments). */
const PERMANENT_CODE_RE =
  /^(?:CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|ERR_SSL_|UND_ERR_INVALID_ARG$|ERR_INVALID_URL$|UND_ERR_NOT_SUPPORTED$)/;

/** The error code of a transport failure: its own `code`, else its cause's. */
function transportCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "timed out",
  UND_ERR_SOCKET: "connection closed by the other side",
  UND_ERR_CONNECT_TIMEOUT: "connect timeout",
  UND_ERR_HEADERS_TIMEOUT: "timed out waiting for the response",
  UND_ERR_BODY_TIMEOUT: "timed out reading the response",
  UND_ERR_ABORTED: "request aborted",
};

/** A network failure: no HTTP answer arrived. */
export class TransportError extends HttpError {
  /** A sanitised copy of the underlying error (name, message, code only). */
  override readonly cause: Error & { code?: string };
  readonly code?: string;
  /** False when the failure proves nothing was sent (e.g. connection refused). */
  readonly sent: boolean;
  /** True for failures no retry can fix (TLS trust, invalid arguments). */
  readonly permanent: boolean;

  constructor(init: TransportErrorInit) {
    const code = transportCode(init.cause);
    const what = (code && DESCRIPTIONS[code]) || "network error";
    super(init, `${what}${code ? ` (${code})` : ""}`);
    this.name = "TransportError";
    const original = init.cause as { name?: unknown; message?: unknown } | undefined;
    const safe: Error & { code?: string } = new Error(typeof original?.message === "string" ? original.message : String(init.cause));
    if (typeof original?.name === "string") safe.name = original.name;
    if (code) safe.code = code;
    this.cause = safe;
    if (code !== undefined) this.code = code;
    this.sent = !(code !== undefined && NOT_SENT_CODES.has(code));
    this.permanent = code !== undefined && PERMANENT_CODE_RE.test(code);
  }

  /** The same failure, marked ambiguous and/or with the attempt count. */
  with(fields: { ambiguous?: boolean; attempts?: number; giveUp?: string }): TransportError {
    return new TransportError({
      service: this.service,
      method: this.method,
      path: this.path,
      cause: this.cause,
      ambiguous: fields.ambiguous ?? this.ambiguous,
      attempts: fields.attempts ?? this.attempts,
      giveUp: fields.giveUp,
    });
  }
}

/**
 * A creating POST whose outcome is unknown (it may have been processed) and that the lookup after it
 * could not settle. `cause` is the POST's own failure: an HttpError, built only from the call and
 * scrubbed server text, so no credential travels with it.
 */
export class AmbiguousCreateError extends Error {
  declare readonly cause: HttpError;

  constructor(what: string, cause: HttpError, why: string) {
    const outcome = `the ${what} may or may not have been created (${why}): look for it on the load balancer before running up again`;
    super(`${cause.message}; ${outcome}`, { cause });
    this.name = "AmbiguousCreateError";
  }
}

export interface ParsedErrorBody {
  code?: string;
  errorMsg?: string;
  requestId?: string;
}

const MAX_MSG = 500;

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > MAX_MSG ? `${one.slice(0, MAX_MSG)}…` : one;
}

/**
 * Reads an error body: ELB style `{error_msg, error_code, request_id}`, IAM style `{error:{code,message}}`,
 * APIG style `{error_code, error_msg}`, or any text (an HTML page from a proxy); plus `X-Request-Id`.
 */
export function parseErrorBody(text: string, headers: Record<string, string | undefined>): ParsedErrorBody {
  const out: ParsedErrorBody = {};
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    out.code = str(o.error_code) ?? str(o.code);
    out.errorMsg = str(o.error_msg) ?? str(o.message);
    out.requestId = str(o.request_id);
    const inner = o.error;
    if (inner && typeof inner === "object") {
      const e = inner as Record<string, unknown>;
      out.code ??= str(e.code) ?? str(e.error_code);
      out.errorMsg ??= str(e.message) ?? str(e.error_msg);
      out.requestId ??= str(e.request_id);
    }
    if (!out.code && !out.errorMsg && text) out.errorMsg = text;
  } else if (text && text.trim()) {
    out.errorMsg = text;
  }
  if (out.errorMsg !== undefined) out.errorMsg = clip(out.errorMsg);
  if (out.code !== undefined) out.code = clip(out.code);
  const hdr = headers["x-request-id"];
  if (!out.requestId && hdr) out.requestId = hdr;
  if (out.requestId !== undefined) out.requestId = clip(out.requestId);
  for (const k of Object.keys(out) as (keyof ParsedErrorBody)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * Returns a function that replaces every occurrence of the given secret values, and anything shaped like
 * a request signature (`Signature=<hex>`), by `[redacted]`. Used on any text the server sends back before
 * it goes into an error message.
 */
export function redactor(secrets: readonly (string | undefined)[]): (s: string) => string {
  const list = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
  list.sort((a, b) => b.length - a.length);
  return (s) => {
    let out = s.replace(/(Signature=)[0-9a-fA-F]{16,}/g, "$1[redacted]");
    for (const secret of list) out = out.split(secret).join("[redacted]");
    return out;
  };
}
