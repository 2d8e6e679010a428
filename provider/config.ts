/**
 * Provider configuration: stack config first, then environment variables, validated once.
 *
 * Error messages name config keys and environment variables, never values (several are secrets).
 */
import { readFileSync } from "node:fs";
import { specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { projectIdString, regionName } from "./resources/common";

export interface Settings {
  region: string;
  projectId?: string;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  authToken?: string;
  /** The ELB endpoint of the provider's region. No trailing slash. */
  elbEndpoint: string;
  /**
   * A configured ELB endpoint that holds `{region}` (`https://elb.{region}.example.com`, `http://127.0.0.1:9464/{region}`),
   * as given: the endpoint of any region, the region's name put in its place (../regions.ts).
   */
  elbEndpointTemplate?: string;
  /** No trailing slash. */
  iamEndpoint: string;
  /** PEM bundle of the CAs trusted for TLS instead of the built-in ones (read from `huaweicloud:cacertFile`). */
  ca?: string;
  /** Skip TLS certificate verification (`huaweicloud:insecure`; warned about once on stderr). */
  insecure?: true;
  /** Retries after a failed request (`huaweicloud:maxRetries`); the client's default when absent. */
  maxRetries?: number;
}

/**
 * Pulumi's dynamic-provider `Config` (`req.config` in `configure`): `get("huaweicloud:region")`.
 *
 * Typed `string | undefined` like the SDK, but at run time the dynamic-provider server hands back whatever
 * the engine's `Configure` args held (`protoArgs.toJavaScript()[key]` with a top-level secret unwrapped), so a
 * value may also be a number, a boolean, an object, or a JSON-quoted string. `resolveSettings` copes with all of them.
 */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export class ConfigError extends Error {
  /** One line per problem; each names keys, never values. */
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid Huawei Cloud provider configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** A value found in some source, with a human label for that source (never the value). */
interface Found {
  value: string;
  from: string;
}

/**
 * Normalises one raw value. Returns undefined when unset (undefined, null, "" or whitespace), a string
 * otherwise, or the marker `BAD` when the value cannot be a string (an object or array).
 */
const BAD = Symbol("bad");
function normalise(raw: unknown): string | undefined | typeof BAD {
  let v: unknown = raw;
  // A secret that slipped through wrapped (the server only unwraps the top level; be tolerant).
  if (v !== null && typeof v === "object" && !Array.isArray(v) && specialSigKey in (v as object)) {
    v = (v as { value?: unknown }).value;
  }
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" || typeof v === "boolean") v = String(v);
  if (typeof v !== "string") return BAD;
  let s = v.trim();
  // A JSON-quoted string ("\"cn-north-4\""): unquote it.
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (typeof parsed === "string") s = parsed.trim();
    } catch {
      /* not JSON: keep as is (validation will complain where it matters) */
    }
  }
  return s === "" ? undefined : s;
}

/** A field of a map setting (an object, or its JSON text as stack config may hold it); BAD when it is not a map. */
function mapField(raw: unknown, field: string): unknown {
  if (raw === undefined || raw === null || raw === "") return undefined;
  let v = raw;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return BAD;
    }
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) return BAD;
  return (v as Record<string, unknown>)[field];
}

class Reader {
  readonly problems: string[] = [];
  constructor(
    private readonly config: ConfigSource | undefined,
    private readonly env: Env,
  ) {}

  /** Stack config key, e.g. "huaweicloud:region"; `huaweicloud:endpoints.elb` reads a key of the `endpoints` map. */
  stack(key: string): Found | undefined {
    if (!this.config) return undefined;
    const [top, field] = key.split(/\.(.*)/s) as [string, string | undefined];
    let raw: unknown;
    try {
      raw = this.config.get(top);
    } catch {
      this.problems.push(`${top} could not be read from the stack config`);
      return undefined;
    }
    if (field !== undefined) raw = mapField(raw, field);
    if (raw === BAD) {
      this.problems.push(`${top} must be a map (e.g. { ${field}: "https://..." })`);
      return undefined;
    }
    return this.wrap(raw, key, `stack config ${key}`);
  }

  envVar(name: string): Found | undefined {
    return this.wrap(this.env[name], name, `environment variable ${name}`);
  }

  /** A setting from the stack config: its key, else an alias; two spellings with different values are a problem. */
  stackSetting(k: KeyName): Found | undefined {
    const names = [CONFIG_KEYS[k].key, ...aliasesOf(k)];
    const found = names.map((n) => this.stack(n)).filter((f): f is Found => f !== undefined);
    if (found.some((f) => f.value !== found[0]!.value))
      this.problems.push(
        `${found.map((f) => f.from.replace("stack config ", "")).join(" and ")} are set to different values: set ${CONFIG_KEYS[k].key} only`,
      );
    return found[0];
  }

  /** A setting: the stack config (key or alias), then each env var in order. */
  setting(k: KeyName): Found | undefined {
    const s = this.stackSetting(k);
    if (s) return s;
    for (const n of CONFIG_KEYS[k].env) {
      const e = this.envVar(n);
      if (e) return e;
    }
    return undefined;
  }

  private wrap(raw: unknown, name: string, from: string): Found | undefined {
    const n = normalise(raw);
    if (n === BAD) {
      this.problems.push(`${name} must be a string`);
      return undefined;
    }
    return n === undefined ? undefined : { value: n, from };
  }
}

/**
 * The documented names, used in messages. `key` is the name pulumi-huaweicloud also knows (a stack using
 * both packages can set it once); `aliases` are this package's earlier names, still read. A bridged
 * provider refuses keys of its namespace it does not know, so those aliases clash with pulumi-huaweicloud
 * in one stack: the README says so.
 */
export const CONFIG_KEYS = {
  region: { key: "huaweicloud:region", env: ["HW_REGION_NAME", "HUAWEICLOUD_SDK_REGION"] },
  projectId: { key: "huaweicloud:projectId", env: ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"] },
  accessKey: { key: "huaweicloud:accessKey", env: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK"] },
  secretKey: { key: "huaweicloud:secretKey", env: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SK"] },
  securityToken: { key: "huaweicloud:securityToken", env: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"] },
  authToken: { key: "huaweicloud:token", aliases: ["huaweicloud:authToken"], env: ["HW_AUTH_TOKEN"] },
  elbEndpoint: { key: "huaweicloud:endpoints.elb", aliases: ["huaweicloud:elbEndpoint"], env: ["HW_ELB_ENDPOINT"] },
  iamEndpoint: { key: "huaweicloud:endpoints.iam", aliases: ["huaweicloud:authUrl", "huaweicloud:iamEndpoint"], env: ["HW_IAM_ENDPOINT"] },
  insecure: { key: "huaweicloud:insecure", env: ["HW_INSECURE"] },
  // Terraform's huaweicloud provider calls it cacert_file, with this environment fallback
  cacertFile: { key: "huaweicloud:cacertFile", env: ["HW_CACERT_FILE"] },
  maxRetries: { key: "huaweicloud:maxRetries", env: ["HW_MAX_RETRIES"] },
} as const;

type KeyName = keyof typeof CONFIG_KEYS;
const aliasesOf = (k: KeyName): readonly string[] => {
  const entry = CONFIG_KEYS[k] as { readonly aliases?: readonly string[] };
  return entry.aliases ?? [];
};

function named(k: KeyName): string {
  const { key, env } = CONFIG_KEYS[k];
  return `${[key, ...aliasesOf(k)].join(" or ")} (env ${env.join(", ")})`;
}

/**
 * Credential sources, in precedence order. Credentials are taken as a set from the FIRST source that holds
 * any of them, so an access key is never paired with a secret key (or a security token) from another source.
 */
interface CredSource {
  label: string;
  accessKey: { config?: string; env?: string };
  secretKey: { config?: string; env?: string };
  securityToken?: { config?: string; env?: string };
  authToken?: { config?: string; env?: string };
}
const CRED_KEYS = ["accessKey", "secretKey", "securityToken", "authToken"] as const;
/** Each environment family holds a set; its names come from CONFIG_KEYS (declared once). */
const ENV_FAMILIES = [
  ["HW_* environment variables", "HW_"],
  ["HUAWEICLOUD_SDK_* environment variables", "HUAWEICLOUD_SDK_"],
  ["CLOUD_SDK_* environment variables", "CLOUD_SDK_"],
] as const;
const CRED_SOURCES: readonly CredSource[] = [
  Object.assign({ label: "stack config" }, ...CRED_KEYS.map((k) => ({ [k]: { config: CONFIG_KEYS[k].key } }))) as CredSource,
  ...ENV_FAMILIES.map(([label, prefix]) => {
    const source: Record<string, unknown> = { label };
    for (const k of CRED_KEYS) {
      const env = (CONFIG_KEYS[k].env as readonly string[]).find((name) => name.startsWith(prefix));
      if (env) source[k] = { env };
    }
    return source as unknown as CredSource;
  }),
];

function nameOf(ref: { config?: string; env?: string }): string {
  return (ref.config ?? ref.env)!;
}

// the rules of the resources' `region` and `projectId` inputs (declared once, in resources/common.ts)
const REGION_RE = new RegExp(regionName.pattern);
const PROJECT_ID_RE = new RegExp(projectIdString.pattern);

/** Where a region's name goes in a configured endpoint (and in the public endpoints). */
export const REGION_PLACEHOLDER = "{region}";

/** An endpoint template with the region's name put where `{region}` stands. */
export function endpointIn(template: string, region: string): string {
  return template.split(REGION_PLACEHOLDER).join(region);
}

/** A service's public endpoint in `region` (`https://elb.cn-north-4.myhuaweicloud.com`). */
export function publicEndpoint(service: "elb" | "iam", region: string): string {
  return `https://${service}.${region}.myhuaweicloud.com`;
}

function checkEndpoint(found: Found, what: string, problems: string[]): string | undefined {
  let u: URL;
  try {
    u = new URL(found.value);
  } catch {
    problems.push(`${what} (from ${found.from}) must be an http(s) URL`);
    return undefined;
  }
  const bad: string[] = [];
  if (u.protocol !== "http:" && u.protocol !== "https:") bad.push("use http or https");
  if (u.username || u.password) bad.push("hold no user name or password");
  if (u.search || u.hash) bad.push("hold no query or fragment");
  if (bad.length) {
    problems.push(`${what} (from ${found.from}) must be an http(s) URL and ${bad.join(", ")}`);
    return undefined;
  }
  return `${u.origin}${u.pathname}`.replace(/\/+$/, "");
}

type Credentials = Pick<Settings, "accessKey" | "secretKey" | "securityToken" | "authToken">;

function readRegion(r: Reader): string | undefined {
  const found = r.setting("region");
  if (!found) {
    r.problems.push(`${named("region")} is required`);
  } else if (found.value.length > regionName.maxLength || !REGION_RE.test(found.value)) {
    r.problems.push(`${CONFIG_KEYS.region.key} (from ${found.from}) ${regionName["x-why"]}`);
  } else {
    return found.value;
  }
  return undefined;
}

/** Optional: discovered through IAM when absent. */
function readProjectId(r: Reader): string | undefined {
  const found = r.setting("projectId");
  if (!found) return undefined;
  if (PROJECT_ID_RE.test(found.value)) return found.value;
  r.problems.push(`${CONFIG_KEYS.projectId.key} (from ${found.from}) ${projectIdString["x-why"]}`);
  return undefined;
}

/** The problems of one source's credential set (which names are missing or clash). */
function credentialProblems(src: CredSource, c: Credentials): string[] {
  const problems: string[] = [];
  const akName = nameOf(src.accessKey);
  const skName = nameOf(src.secretKey);
  if ((c.accessKey === undefined) !== (c.secretKey === undefined)) {
    const [have, missing] = c.accessKey !== undefined ? [akName, skName] : [skName, akName];
    problems.push(
      `${have} is set but ${missing} is not: set both ${akName} and ${skName} (credentials are taken together from one source, the ${src.label})`,
    );
  }
  if (c.securityToken !== undefined && (c.accessKey === undefined || c.secretKey === undefined)) {
    problems.push(`${nameOf(src.securityToken!)} requires ${akName} and ${skName} (temporary credentials)`);
  }
  if (c.authToken !== undefined && (c.accessKey !== undefined || c.secretKey !== undefined || c.securityToken !== undefined)) {
    problems.push(`set either ${nameOf(src.authToken!)} or ${akName}/${skName}, not both (both are set in the ${src.label})`);
  }
  return problems;
}

/** Credentials: one source, as a set (the first source that holds any of them). */
function readCredentials(r: Reader): Credentials {
  for (const src of CRED_SOURCES) {
    const get = (ref: { config?: string; env?: string } | undefined): string | undefined => {
      if (!ref) return undefined;
      const k = (Object.keys(CONFIG_KEYS) as KeyName[]).find((n) => CONFIG_KEYS[n].key === ref.config);
      const f = k ? r.stackSetting(k) : r.envVar(ref.env!);
      return f?.value;
    };
    const c: Credentials = {
      accessKey: get(src.accessKey),
      secretKey: get(src.secretKey),
      securityToken: get(src.securityToken),
      authToken: get(src.authToken),
    };
    if (Object.values(c).every((v) => v === undefined)) continue;
    r.problems.push(...credentialProblems(src, c));
    return c;
  }
  r.problems.push(`no credentials: set ${named("accessKey")} and ${named("secretKey")}, or ${named("authToken")}`);
  return {};
}

/** What stands for `{region}` while a configured endpoint is checked: lowercase, so URL parsing keeps it as it is. */
const PLACEHOLDER_MARK = "region-placeholder-3b9f";

/**
 * An endpoint as configured, else the region's public one: `url` for the provider's region, and, when the
 * configured value holds `{region}`, `template` (checked and normalised like the URL, `{region}` kept).
 */
function readEndpoint(
  r: Reader,
  k: "elbEndpoint" | "iamEndpoint",
  service: "elb" | "iam",
  region: string | undefined,
): { url?: string; template?: string } {
  const f = r.setting(k);
  if (!f) return region ? { url: publicEndpoint(service, region) } : {};
  const marked = f.value.split(REGION_PLACEHOLDER).join(PLACEHOLDER_MARK);
  // authUrl, as pulumi-huaweicloud takes it, ends in /v3: the client adds that itself
  const checked = checkEndpoint({ ...f, value: marked }, CONFIG_KEYS[k].key, r.problems)?.replace(service === "iam" ? /\/v3$/ : /$^/, "");
  if (checked === undefined || !checked.includes(PLACEHOLDER_MARK)) return { url: checked };
  const template = checked.split(PLACEHOLDER_MARK).join(REGION_PLACEHOLDER);
  return { url: region ? endpointIn(template, region) : undefined, template };
}

/** `huaweicloud:insecure`: true or false (also as text). */
function readInsecure(r: Reader): true | undefined {
  const f = r.setting("insecure");
  if (!f || f.value === "false") return undefined;
  if (f.value === "true") return true;
  r.problems.push(`${CONFIG_KEYS.insecure.key} (from ${f.from}) must be true or false`);
  return undefined;
}

/** `huaweicloud:maxRetries`: retries after a failed request, 0 to 20. */
function readMaxRetries(r: Reader): number | undefined {
  const f = r.setting("maxRetries");
  if (!f) return undefined;
  if (/^\d+$/.test(f.value) && Number(f.value) <= 20) return Number(f.value);
  r.problems.push(`${CONFIG_KEYS.maxRetries.key} (from ${f.from}) must be an integer from 0 to 20`);
  return undefined;
}

/** `huaweicloud:cacertFile`: a PEM bundle of CA certificates, trusted instead of the built-in ones. */
function readCaCert(r: Reader): string | undefined {
  const f = r.setting("cacertFile");
  if (!f) return undefined;
  try {
    const ca = readFileSync(f.value, "utf8");
    if (ca.includes("-----BEGIN CERTIFICATE-----")) return ca;
    r.problems.push(`${f.from} must name a PEM file of CA certificates`);
  } catch {
    r.problems.push(`${f.from} names a file that cannot be read`);
  }
  return undefined;
}

/**
 * Resolves and validates the provider settings. Throws a ConfigError listing every problem.
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): Settings {
  const r = new Reader(config, env as Env);
  const region = readRegion(r);
  const projectId = readProjectId(r);
  const credentials = readCredentials(r);
  const elb = readEndpoint(r, "elbEndpoint", "elb", region);
  // IAM is global: one endpoint (a `{region}` in it is the provider's region) for every region's project lookup
  const iamEndpoint = readEndpoint(r, "iamEndpoint", "iam", region).url;
  const insecure = readInsecure(r);
  const maxRetries = readMaxRetries(r);
  const ca = readCaCert(r);
  if (r.problems.length) throw new ConfigError(r.problems);

  const settings: Settings = { region: region!, elbEndpoint: elb.url!, iamEndpoint: iamEndpoint! };
  if (elb.template) settings.elbEndpointTemplate = elb.template;
  if (projectId !== undefined) settings.projectId = projectId;
  for (const k of CRED_KEYS) if (credentials[k] !== undefined) settings[k] = credentials[k];
  if (ca) settings.ca = ca;
  if (insecure) settings.insecure = insecure;
  if (maxRetries !== undefined) settings.maxRetries = maxRetries;
  return settings;
}
