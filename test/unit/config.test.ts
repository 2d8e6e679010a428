import { ConfigError, resolveSettings, type ConfigSource } from "../../provider/config";

/** Behaves like the dynamic-provider server's Config: returns whatever the engine sent, keyed by full name. */
function cfg(values: Record<string, unknown>): ConfigSource {
  return { get: (key: string) => values[key] as string | undefined };
}

const AK = "AKdistinct0001";
const SK = "SKdistinct0002";
const PID = "0123456789abcdef0123456789abcdef";

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  throw new Error("expected a ConfigError");
}

describe("resolveSettings: sources and precedence", () => {
  test("stack config only", () => {
    const s = resolveSettings(cfg({ "huaweicloud:region": "cn-north-4", "huaweicloud:accessKey": AK, "huaweicloud:secretKey": SK }), {});
    expect(s).toEqual({
      region: "cn-north-4",
      accessKey: AK,
      secretKey: SK,
      elbEndpoint: "https://elb.cn-north-4.myhuaweicloud.com",
      iamEndpoint: "https://iam.cn-north-4.myhuaweicloud.com",
    });
  });

  test("stack config beats every environment variable", () => {
    const s = resolveSettings(
      cfg({
        "huaweicloud:region": "ap-southeast-1",
        "huaweicloud:projectId": PID,
        "huaweicloud:accessKey": AK,
        "huaweicloud:secretKey": SK,
        "huaweicloud:elbEndpoint": "http://127.0.0.1:9464/",
        "huaweicloud:iamEndpoint": "http://127.0.0.1:9464",
      }),
      {
        HW_REGION_NAME: "cn-north-1",
        HW_PROJECT_ID: "f".repeat(32),
        HW_ACCESS_KEY: "envak",
        HW_SECRET_KEY: "envsk",
        HW_ELB_ENDPOINT: "https://elsewhere",
        HW_IAM_ENDPOINT: "https://elsewhere",
      },
    );
    expect(s).toEqual({
      region: "ap-southeast-1",
      projectId: PID,
      accessKey: AK,
      secretKey: SK,
      elbEndpoint: "http://127.0.0.1:9464",
      iamEndpoint: "http://127.0.0.1:9464",
    });
  });

  test("environment fallbacks in order; empty strings are unset", () => {
    const env = {
      HW_REGION_NAME: "",
      HUAWEICLOUD_SDK_REGION: "cn-south-1",
      HW_PROJECT_ID: "  ",
      HUAWEICLOUD_SDK_PROJECT_ID: PID,
      HW_ACCESS_KEY: "",
      HW_SECRET_KEY: "",
      HUAWEICLOUD_SDK_AK: "sdkak",
      HUAWEICLOUD_SDK_SK: "sdksk",
      HUAWEICLOUD_SDK_SECURITY_TOKEN: "sdkst",
      CLOUD_SDK_AK: "cloudak",
      CLOUD_SDK_SK: "cloudsk",
      HW_ELB_ENDPOINT: "https://elb.example.test/base/",
    };
    const s = resolveSettings(cfg({ "huaweicloud:region": "" }), env);
    expect(s).toEqual({
      region: "cn-south-1",
      projectId: PID,
      accessKey: "sdkak",
      secretKey: "sdksk",
      securityToken: "sdkst",
      elbEndpoint: "https://elb.example.test/base",
      iamEndpoint: "https://iam.cn-south-1.myhuaweicloud.com",
    });
    expect(
      resolveSettings(undefined, {
        HW_REGION_NAME: "cn-north-4",
        HUAWEICLOUD_SDK_REGION: "cn-south-1",
        CLOUD_SDK_AK: "a1",
        CLOUD_SDK_SK: "s1",
      }),
    ).toMatchObject({ region: "cn-north-4", accessKey: "a1", secretKey: "s1" });
  });

  test("HW_* credentials beat HUAWEICLOUD_SDK_* and CLOUD_SDK_*; the security token comes with its pair", () => {
    const s = resolveSettings(undefined, {
      HW_REGION_NAME: "cn-north-4",
      HW_ACCESS_KEY: "hwak",
      HW_SECRET_KEY: "hwsk",
      HUAWEICLOUD_SDK_AK: "sdkak",
      HUAWEICLOUD_SDK_SK: "sdksk",
      HUAWEICLOUD_SDK_SECURITY_TOKEN: "sdkst",
    });
    expect(s).toMatchObject({ accessKey: "hwak", secretKey: "hwsk" });
    expect(s.securityToken).toBeUndefined();
  });

  test("auth token alone", () => {
    const s = resolveSettings(cfg({ "huaweicloud:region": "cn-north-4" }), { HW_AUTH_TOKEN: "tok" });
    expect(s.authToken).toBe("tok");
    expect(s.accessKey).toBeUndefined();
  });

  test("stack credentials shadow env credentials of another kind", () => {
    const s = resolveSettings(cfg({ "huaweicloud:region": "cn-north-4", "huaweicloud:authToken": "tok" }), {
      HW_ACCESS_KEY: "envak",
      HW_SECRET_KEY: "envsk",
    });
    expect(s).toMatchObject({ authToken: "tok" });
    expect(s.accessKey).toBeUndefined();
  });

  test("values as the dynamic-provider server may hand them over: JSON-quoted, numbers, secret wrappers", () => {
    const s = resolveSettings(
      cfg({
        "huaweicloud:region": '"cn-north-4"',
        "huaweicloud:accessKey": { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: AK },
        "huaweicloud:secretKey": ` ${SK}\n`,
        "huaweicloud:projectId": JSON.stringify(PID),
      }),
      {},
    );
    expect(s).toMatchObject({ region: "cn-north-4", accessKey: AK, secretKey: SK, projectId: PID });
    expect(problems(() => resolveSettings(cfg({ "huaweicloud:region": 42, "huaweicloud:authToken": { a: 1 } }), {}))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^huaweicloud:region .*must be a region name/),
        "huaweicloud:authToken must be a string",
      ]),
    );
  });
});

describe("resolveSettings: validation", () => {
  const SECRET_VALUES = ["AKleak123456", "SKleak654321", "STleak777777", "TOKleak88888", "bad_region!", "ftp://x", "shortpid"];

  test("every problem listed; keys and env fallbacks named; no value ever", () => {
    let err: ConfigError | undefined;
    try {
      resolveSettings(
        cfg({
          "huaweicloud:region": "bad_region!",
          "huaweicloud:projectId": "shortpid",
          "huaweicloud:accessKey": "AKleak123456",
          "huaweicloud:securityToken": "STleak777777",
          "huaweicloud:elbEndpoint": "ftp://x",
          "huaweicloud:iamEndpoint": "not a url",
        }),
        { HW_SECRET_KEY: "SKleak654321", HW_AUTH_TOKEN: "TOKleak88888" },
      );
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const p = err!.problems;
    expect(p).toEqual([
      "huaweicloud:region (from stack config huaweicloud:region) must be a region name like cn-north-4: lowercase letters, digits and dashes",
      "huaweicloud:projectId (from stack config huaweicloud:projectId) must be 32 letters or digits",
      "huaweicloud:accessKey is set but huaweicloud:secretKey is not: set both huaweicloud:accessKey and huaweicloud:secretKey (credentials are taken together from one source, the stack config)",
      "huaweicloud:securityToken requires huaweicloud:accessKey and huaweicloud:secretKey (temporary credentials)",
      "huaweicloud:endpoints.elb (from stack config huaweicloud:elbEndpoint) must be an http(s) URL and use http or https",
      "huaweicloud:endpoints.iam (from stack config huaweicloud:iamEndpoint) must be an http(s) URL",
    ]);
    expect(err!.message.split("\n")).toHaveLength(p.length + 1);
    for (const v of SECRET_VALUES) expect(err!.message).not.toContain(v);
  });

  test("region missing names the key and its env fallbacks", () => {
    expect(problems(() => resolveSettings(cfg({}), { HW_AUTH_TOKEN: "t" }))).toEqual([
      "huaweicloud:region (env HW_REGION_NAME, HUAWEICLOUD_SDK_REGION) is required",
    ]);
  });

  test("no credentials names every key and env fallback", () => {
    const [msg] = problems(() => resolveSettings(cfg({ "huaweicloud:region": "cn-north-4" }), {}));
    expect(msg).toBe(
      "no credentials: set huaweicloud:accessKey (env HW_ACCESS_KEY, HUAWEICLOUD_SDK_AK, CLOUD_SDK_AK) and " +
        "huaweicloud:secretKey (env HW_SECRET_KEY, HUAWEICLOUD_SDK_SK, CLOUD_SDK_SK), or huaweicloud:token or huaweicloud:authToken (env HW_AUTH_TOKEN)",
    );
  });

  test("a secret key without its access key, in the environment, names both", () => {
    const p = problems(() =>
      resolveSettings(undefined, { HW_REGION_NAME: "cn-north-4", HW_SECRET_KEY: "SKleak654321", CLOUD_SDK_AK: "a", CLOUD_SDK_SK: "b" }),
    );
    expect(p).toEqual([
      "HW_SECRET_KEY is set but HW_ACCESS_KEY is not: set both HW_ACCESS_KEY and HW_SECRET_KEY (credentials are taken together from one source, the HW_* environment variables)",
    ]);
  });

  test("an auth token and AK/SK from the same source is ambiguous", () => {
    const p = problems(() =>
      resolveSettings(undefined, { HW_REGION_NAME: "cn-north-4", HW_ACCESS_KEY: "a", HW_SECRET_KEY: "b", HW_AUTH_TOKEN: "t" }),
    );
    expect(p).toEqual([
      "set either HW_AUTH_TOKEN or HW_ACCESS_KEY/HW_SECRET_KEY, not both (both are set in the HW_* environment variables)",
    ]);
  });

  test.each([
    ["cn-north-4", true],
    ["ap-southeast-1", true],
    ["eu-west-101", true],
    ["my-kualalumpur-1", true],
    ["CN-NORTH-4", false],
    ["cn_north_4", false],
    ["cn-north-4.evil.com/", false],
    ["cn", false],
    ["-cn-north-4", false],
  ])("region %s valid=%s", (region, ok) => {
    const run = () => resolveSettings(cfg({ "huaweicloud:region": region, "huaweicloud:authToken": "t" }), {});
    if (ok) expect(run().region).toBe(region);
    else expect(problems(run)[0]).toMatch(/^huaweicloud:region .*must be a region name/);
  });

  test.each([
    ["http://127.0.0.1:9464", "http://127.0.0.1:9464"],
    ["https://elb.example.test///", "https://elb.example.test"],
    ["https://elb.example.test/prefix/", "https://elb.example.test/prefix"],
  ])("endpoint %s -> %s", (given, expected) => {
    expect(
      resolveSettings(cfg({ "huaweicloud:region": "cn-north-4", "huaweicloud:authToken": "t" }), { HW_ELB_ENDPOINT: given }).elbEndpoint,
    ).toBe(expected);
  });

  test.each(["https://user:pw@elb.example.test", "https://elb.example.test/?a=1", "file:///etc/passwd", "elb.example.test"])(
    "endpoint %s refused without echoing it",
    (bad) => {
      const p = problems(() =>
        resolveSettings(cfg({ "huaweicloud:region": "cn-north-4", "huaweicloud:authToken": "t" }), { HW_IAM_ENDPOINT: bad }),
      );
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/^huaweicloud:endpoints.iam \(from environment variable HW_IAM_ENDPOINT\) must be an http\(s\) URL/);
      expect(p[0]).not.toContain("elb.example.test");
      expect(p[0]).not.toContain("pw");
    },
  );

  test("project ID from env validated", () => {
    const p = problems(() =>
      resolveSettings(cfg({ "huaweicloud:region": "cn-north-4", "huaweicloud:authToken": "t" }), { HW_PROJECT_ID: "x".repeat(31) + "-" }),
    );
    expect(p).toEqual(["huaweicloud:projectId (from environment variable HW_PROJECT_ID) must be 32 letters or digits"]);
  });
});
