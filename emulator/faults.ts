/**
 * Injected faults: errors (throttling, 5xx), dropped connections and delays, applied before the request
 * is handled or after it (an ambiguous failure: the work is done, the answer says otherwise).
 */
import { Chaos, type ChaosKind, type ChaosOptions } from "./chaos";
import { ServiceError, ERROR_CODES, throttledMessage } from "./errors";

export interface Fault {
  method?: string;
  /** matches the API path without the query (below the endpoint: a region's `/{region}` prefix left out); a string matches exactly */
  path?: RegExp | string;
  /** how many matching requests it applies to (default 1) */
  times?: number;
  /**
   * how many matching requests pass this fault untouched before it applies (default 0): `skip: 2`
   * makes the 3rd matching request fail. A skipped request may still meet a later-injected fault.
   */
  skip?: number;
  kind?: "error" | "reset" | "delay";
  status?: number;
  code?: string;
  message?: string;
  retryAfter?: number | string;
  when?: "before" | "after";
  delayMs?: number;
}

interface ArmedFault {
  fault: Fault;
  remaining: number;
  skipping: number;
}

export class Faults {
  private armed: ArmedFault[] = [];
  private chaos: Chaos | undefined;

  /** Seeded random faults on a share of the API requests the armed faults leave alone (./chaos.ts); undefined stops them. */
  randomize(options: ChaosOptions | undefined): void {
    this.chaos = options && new Chaos(options);
  }

  /** How many random faults were injected, by kind, since `randomize`. */
  randomized(): Partial<Record<ChaosKind, number>> {
    return { ...(this.chaos?.injected ?? {}) };
  }

  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault.times must be a positive integer, got ${times}`);
    const skip = fault.skip ?? 0;
    if (!Number.isInteger(skip) || skip < 0) throw new Error(`fault.skip must be a non-negative integer, got ${skip}`);
    this.armed.push({ fault: { ...fault }, remaining: times, skipping: skip });
  }

  clear(): void {
    this.armed = [];
    this.chaos = undefined;
  }

  /**
   * The first armed fault matching this request that is done skipping, consumed once; undefined when
   * none applies. Matching faults met on the way that still skip count this request as one skipped.
   */
  take(method: string, path: string): Fault | undefined {
    for (let index = 0; index < this.armed.length; index++) {
      const entry = this.armed[index]!;
      if (!matches(entry.fault, method, path)) continue;
      if (entry.skipping > 0) {
        entry.skipping -= 1;
        continue;
      }
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.armed.splice(index, 1);
      return entry.fault;
    }
    return this.chaos?.draw(method, path);
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  if (fault.path === undefined) return true;
  if (typeof fault.path === "string") return fault.path === path;
  fault.path.lastIndex = 0;
  return fault.path.test(path);
}

/** The error an "error" fault answers with; defaults follow ELB-API.md's error table. */
export function faultError(fault: Fault): ServiceError {
  const status = fault.status ?? 500;
  const code = fault.code ?? defaultCode(status);
  const message = fault.message ?? defaultMessage(status);
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
  return new ServiceError(status, code, message, headers);
}

function defaultCode(status: number): string {
  if (status === 429) return ERROR_CODES.throttled;
  if (status === 409) return ERROR_CODES.conflict;
  if (status === 404) return ERROR_CODES.notFound;
  if (status === 403) return ERROR_CODES.forbidden;
  if (status === 401) return ERROR_CODES.badAuth;
  if (status >= 400 && status < 500) return ERROR_CODES.invalidInput;
  // (inferred) 502/503/504 carry the ELB internal-error code unless the fault names another.
  return ERROR_CODES.internal;
}

function defaultMessage(status: number): string {
  if (status === 429) return throttledMessage();
  if (status === 503) return "Service temporarily unavailable. Please try again later.";
  if (status >= 500) return "Internal server error.";
  return `Injected fault (HTTP ${status}).`;
}
