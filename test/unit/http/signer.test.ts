import { canonicalQueryString, canonicalUri, encodeRfc3986, sdkDate, signRequest } from "../../../provider/http/signer";
import { oracleAuthorization, prng } from "./helpers";

const cred = { accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE" };
const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

describe("signRequest: known answers from ELB-API.md", () => {
  test("POST batch-add with body and headers", () => {
    const pid = "0123456789abcdef0123456789abcdef";
    const out = signRequest(
      {
        method: "POST",
        url: `https://elb.cn-north-4.myhuaweicloud.com/v3/${pid}/elb/pools/p1/members/batch-add`,
        headers: { "Content-Type": "application/json;charset=UTF-8", "X-Project-Id": pid },
        body: '{"members":[{"address":"192.168.0.10","protocol_port":80,"subnet_cidr_id":"sub-1"}]}',
      },
      cred,
      date,
    );
    expect(out).toEqual({
      "X-Sdk-Date": "20240102T030405Z",
      Authorization:
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, " +
        "Signature=8dd501f2eb3060cbcf70645fd40bd48eb14136ee8db26abd9b02425f1f66e3a4",
    });
  });

  test("GET with repeated and odd query values", () => {
    const url = new URL("https://elb.cn-north-4.myhuaweicloud.com/v3/pid/elb/pools");
    url.search = `?limit=2&id=b&id=a&name=${encodeRfc3986("x y*")}`;
    expect(canonicalQueryString(url.search)).toBe("id=a&id=b&limit=2&name=x%20y%2A");
    const out = signRequest({ method: "GET", url, headers: {}, body: "" }, cred, date);
    expect(out.Authorization).toBe(
      "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, " +
        "Signature=1687e4669ddc80e0daf2bfaa877d2be85f1300139d6166c614fa59672598b1ed",
    );
  });
});

describe("canonical pieces", () => {
  test("URI: each segment encoded once, trailing slash", () => {
    expect(canonicalUri("/v3/p/elb/pools")).toBe("/v3/p/elb/pools/");
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("/a%20b/c*d/%E4%B8%AD")).toBe("/a%20b/c%2Ad/%E4%B8%AD/");
    expect(canonicalUri("/a%zz")).toBe("/a%25zz/");
  });
  test("query: empty values keep key=, + is a space", () => {
    expect(canonicalQueryString("?b=&a=1+2&a=0")).toBe("a=0&a=1%202&b=");
    expect(canonicalQueryString("")).toBe("");
  });
  test("date format", () => {
    expect(sdkDate(new Date(Date.UTC(1999, 11, 31, 23, 59, 58, 999)))).toBe("19991231T235958Z");
  });
  test("header names are case-insensitive; values are trimmed; host includes a non-default port", () => {
    const a = signRequest({ method: "GET", url: "http://h:8080/x", headers: { "X-A": "1" }, body: "" }, cred, date);
    const b = signRequest({ method: "get", url: "http://h:8080/x", headers: { "x-a": " 1 " }, body: "" }, cred, date);
    expect(a).toEqual(b);
    const c = signRequest({ method: "GET", url: "http://h:8081/x", headers: { "X-A": "1" }, body: "" }, cred, date);
    expect(c.Authorization).not.toBe(a.Authorization);
    expect(() => signRequest({ method: "GET", url: "http://h/x", headers: { "X-A": "1", "x-a": "2" }, body: "" }, cred, date)).toThrow(
      /x-a/,
    );
  });
});

describe("agreement with the official SDK signer (seeded property test)", () => {
  // Characters the SDK's url.parse leaves raw in a path (so the SDK sees the same decoded segment we do).
  const PATH_CHARS = "abcXYZ019-._~!*();:@&=+$,éß中😀";
  const QUERY_CHARS = "abcXYZ019-._~ !*'()%/?#&=+é中😀";
  const HEADER_CHARS = "abcdefXYZ0123456789-_.;:/=+ ";

  function pick(rnd: () => number, chars: string, min: number, max: number): string {
    const arr = Array.from(chars);
    const n = min + Math.floor(rnd() * (max - min + 1));
    let s = "";
    for (let i = 0; i < n; i++) s += arr[Math.floor(rnd() * arr.length)];
    return s;
  }

  const rnd = prng(20240102);
  const cases = Array.from({ length: 48 }, (_, i) => i);

  test.each(cases)("case %i", () => {
    const method = ["GET", "POST", "PUT", "DELETE"][Math.floor(rnd() * 4)]!;
    const segments: string[] = [];
    const nseg = 1 + Math.floor(rnd() * 5);
    for (let i = 0; i < nseg; i++) {
      let s = pick(rnd, PATH_CHARS, 1, 10);
      if (/^\.+$/.test(s)) s = `x${s}`;
      segments.push(s);
    }
    const query: Record<string, string[]> = {};
    const nkeys = Math.floor(rnd() * 5);
    for (let i = 0; i < nkeys; i++) {
      const key = pick(rnd, QUERY_CHARS, 1, 6);
      const nvals = 1 + Math.floor(rnd() * 3);
      query[key] = Array.from({ length: nvals }, () => (rnd() < 0.15 ? "" : pick(rnd, QUERY_CHARS, 1, 8)));
    }
    const headers: Record<string, string> = {};
    if (rnd() < 0.7) headers["X-Project-Id"] = pick(rnd, "0123456789abcdef", 32, 32);
    if (rnd() < 0.5) headers["X-Custom-Thing"] = pick(rnd, HEADER_CHARS, 1, 20).trim() || "v";
    let data: unknown;
    if (method !== "GET" && rnd() < 0.8) {
      data = { pool: { name: pick(rnd, QUERY_CHARS, 0, 12), weight: Math.floor(rnd() * 100), tags: [pick(rnd, PATH_CHARS, 1, 5)] } };
      headers["Content-Type"] = "application/json;charset=UTF-8";
    }
    const when = new Date(Date.UTC(2020, 0, 1) + Math.floor(rnd() * 5 * 365 * 86400) * 1000);
    const ak = pick(rnd, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20, 20);
    const sk = pick(rnd, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 40, 40);
    const host = rnd() < 0.5 ? "elb.cn-north-4.myhuaweicloud.com" : "127.0.0.1:9464";
    const scheme = host.startsWith("127") ? "http" : "https";

    // Ours: the URL as it goes on the wire.
    const url = new URL(`${scheme}://${host}/${segments.map(encodeURIComponent).join("/")}`);
    const qs = Object.entries(query)
      .flatMap(([k, vs]) => vs.map((v) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`))
      .join("&");
    if (qs) url.search = `?${qs}`;
    const ours = signRequest(
      { method, url, headers, body: data === undefined ? "" : JSON.stringify(data) },
      { accessKey: ak, secretKey: sk },
      when,
    );
    // The SDK: raw path segments in the endpoint, raw query params.
    const theirs = oracleAuthorization({
      method,
      endpoint: `${scheme}://${host}/${segments.join("/")}`,
      headers,
      queryParams: query,
      data,
      sdkDate: sdkDate(when),
      ak,
      sk,
    });
    expect(ours.Authorization).toBe(theirs);
    expect(ours["X-Sdk-Date"]).toBe(sdkDate(when));
  });
});
