/**
 * Seeded random faults: a share of requests meets one of the failures a real cloud shows, chosen by
 * a seeded generator so a run is reproducible (same seed, same order of requests → same faults).
 * Kinds: throttling (429 with Retry-After), 500/502/503 before handling, a connection reset before
 * handling, a reset or a 502 after the change was committed, latency, a load balancer that is not
 * ACTIVE for a while (409), a just-created resource that still reads 404, and quota exhaustion.
 */
import type { Fault } from "./faults";

export type ChaosKind =
  | "throttled"
  | "error500"
  | "error502"
  | "error503"
  | "resetBefore"
  | "resetAfter"
  | "error502After"
  | "latency"
  | "notActive"
  | "readAfterCreate404"
  | "quota";

export interface ChaosOptions {
  seed: number;
  /** Share of requests that meet a fault, 0..1. */
  rate: number;
  /** The kinds to draw from (default: all but quota, which fails a run by design). */
  kinds?: readonly ChaosKind[];
  /** Retry-After of throttling answers, seconds (default 1). */
  retryAfterSeconds?: number;
  /** Latency faults wait up to this many ms (default 50). */
  maxLatencyMs?: number;
}

export const DEFAULT_CHAOS_KINDS: readonly ChaosKind[] = [
  "throttled",
  "error500",
  "error502",
  "error503",
  "resetBefore",
  "resetAfter",
  "error502After",
  "latency",
  "notActive",
  "readAfterCreate404",
];

/** mulberry32: a small seeded generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRITE = new Set(["POST", "PUT", "DELETE"]);
/** A path naming one resource: `/v3/{project}/elb/{collection}/{id}`. */
const ONE_RESOURCE = /^\/v[23]\/[^/]+\/elb\/[a-z-]+\/[^/]+$/;

/** The fault of one kind for this request, or undefined when the kind does not apply to it. */
function faultOf(
  kind: ChaosKind,
  method: string,
  path: string,
  o: Required<Omit<ChaosOptions, "kinds">>,
  r: () => number,
): Fault | undefined {
  const write = WRITE.has(method);
  switch (kind) {
    case "throttled":
      return { kind: "error", status: 429, retryAfter: o.retryAfterSeconds };
    case "error500":
      return { kind: "error", status: 500 };
    case "error502":
      return { kind: "error", status: 502 };
    case "error503":
      return { kind: "error", status: 503 };
    case "resetBefore":
      return { kind: "reset" };
    case "resetAfter":
      return { kind: "reset", when: "after" };
    case "error502After":
      return { kind: "error", status: 502, when: "after" };
    case "latency":
      return { kind: "delay", delayMs: Math.floor(r() * o.maxLatencyMs) };
    case "notActive":
      return write
        ? { kind: "error", status: 409, message: "Load balancer is not ACTIVE (provisioning_status PENDING_UPDATE); try again later." }
        : undefined;
    case "readAfterCreate404":
      return method === "GET" && ONE_RESOURCE.test(path)
        ? { kind: "error", status: 404, message: "The resource could not be found." }
        : undefined;
    case "quota":
      return method === "POST"
        ? { kind: "error", status: 403, code: "ELB.8905", message: "Quota exceeded for resources: ['pool']." }
        : undefined;
  }
}

/** Draws faults for requests; counts what it injected by kind. */
export class Chaos {
  private readonly random: () => number;
  private readonly options: Required<Omit<ChaosOptions, "kinds">>;
  private readonly kinds: readonly ChaosKind[];
  readonly injected: Partial<Record<ChaosKind, number>> = {};

  constructor(options: ChaosOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new Error(`chaos.rate must be between 0 and 1, got ${options.rate}`);
    this.random = seededRandom(options.seed);
    this.kinds = options.kinds ?? DEFAULT_CHAOS_KINDS;
    if (this.kinds.length === 0) throw new Error("chaos.kinds must name at least one kind");
    this.options = {
      seed: options.seed,
      rate: options.rate,
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
      maxLatencyMs: options.maxLatencyMs ?? 50,
    };
  }

  /** A fault for this request, or undefined. IAM calls and non-API paths are left alone. */
  draw(method: string, path: string): Fault | undefined {
    if (!/^\/v[23]\/[^/]+\/elb\//.test(path)) return undefined;
    if (this.random() >= this.options.rate) return undefined;
    const kind = this.kinds[Math.floor(this.random() * this.kinds.length)]!;
    const fault = faultOf(kind, method.toUpperCase(), path, this.options, this.random);
    if (fault) this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    return fault;
  }
}
