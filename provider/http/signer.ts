/**
 * Huawei Cloud API Gateway AK/SK signing (`SDK-HMAC-SHA256`).
 *
 * The canonical form follows what the gateway verifies: the request path is decoded and each segment
 * re-encoded (RFC 3986 unreserved kept, `%XY` uppercase), with a trailing `/`; the query is decoded
 * (`application/x-www-form-urlencoded` rules, as the gateway parses it), keys sorted, each key's values sorted.
 */
import { createHash, createHmac } from "node:crypto";

export interface SignableRequest {
  method: string;
  url: URL | string;
  headers: Record<string, string>;
  body: string;
}

export interface AkSk {
  accessKey: string;
  secretKey: string;
}

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** RFC 3986 percent-encoding: unreserved (A-Z a-z 0-9 - . _ ~) kept, everything else as UTF-8 `%XY`. */
export function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decodes valid `%XY` sequences; leaves anything undecodable as it is. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}

export function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export function canonicalUri(pathname: string): string {
  const encoded = pathname
    .split("/")
    .map((seg) => encodeRfc3986(safeDecode(seg)))
    .join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalQueryString(search: string): string {
  const params = new URLSearchParams(search);
  const byKey = new Map<string, string[]>();
  for (const [k, v] of params) {
    const list = byKey.get(k);
    if (list) list.push(v);
    else byKey.set(k, [v]);
  }
  const out: string[] = [];
  for (const key of [...byKey.keys()].sort(compareCodeUnits)) {
    const ek = encodeRfc3986(key);
    for (const v of byKey.get(key)!.sort(compareCodeUnits)) out.push(`${ek}=${encodeRfc3986(v)}`);
  }
  return out.join("&");
}

/**
 * Returns the headers to add to the request: `X-Sdk-Date` and `Authorization`.
 * Every header in `req.headers` is signed, plus `host` (from the URL unless given) and `x-sdk-date`.
 */
export function signRequest(req: SignableRequest, cred: AkSk, date: Date): Record<string, string> {
  const url = typeof req.url === "string" ? new URL(req.url) : req.url;
  const xSdkDate = sdkDate(date);

  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (lower === "authorization" || lower === "x-sdk-date") continue; // ours win
    if (headers.has(lower)) throw new Error(`signRequest: header ${lower} is given twice`);
    headers.set(lower, String(value).trim());
  }
  if (!headers.has("host")) headers.set("host", url.host);
  headers.set("x-sdk-date", xSdkDate);

  const names = [...headers.keys()].sort(compareCodeUnits);
  const canonicalHeaders = names.map((n) => `${n}:${headers.get(n)}\n`).join("");
  const signedHeaders = names.join(";");

  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQueryString(url.search),
    canonicalHeaders,
    signedHeaders,
    sha256Hex(req.body),
  ].join("\n");
  const stringToSign = `${SIGNING_ALGORITHM}\n${xSdkDate}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac("sha256", cred.secretKey).update(stringToSign, "utf8").digest("hex");

  return {
    "X-Sdk-Date": xSdkDate,
    Authorization: `${SIGNING_ALGORITHM} Access=${cred.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
