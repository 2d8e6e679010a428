/**
 * The emulator's error type and the real ELB / API gateway error codes (ELB-API.md "Errors").
 * Every rule in the store throws one of these; routes turn it into
 * `{"error_msg", "error_code", "request_id"}` with the same status.
 */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const ERROR_CODES = {
  invalidInput: "ELB.8902",
  forbidden: "ELB.8903",
  notFound: "ELB.8904",
  quotaExceeded: "ELB.8905",
  internal: "ELB.8906",
  conflict: "ELB.8907",
  memberQuota: "ELB.2001",
  apiNotFound: "APIGW.0101",
  badAuth: "APIGW.0301",
  clockSkew: "APIGW.0303",
  // (inferred) the API gateway's code for an expired token ("The token must be updated")
  tokenExpired: "APIGW.0307",
  throttled: "APIGW.0308",
} as const;

export const API_NOT_FOUND_MESSAGE = "The API does not exist or has not been published in the environment";

export function throttledMessage(limit = 100): string {
  return `The throttling threshold has been reached: policy user over ratelimit,limit:${limit},time:1 minute`;
}

/** 400 ELB.8902: the message always names the field. */
export function invalid(field: string, reason: string, value?: unknown): ServiceError {
  const shown = value === undefined ? "" : ` Value: ${describe(value)}.`;
  return new ServiceError(400, ERROR_CODES.invalidInput, `Invalid input for field/attribute ${field}.${shown} ${reason}`);
}

/** 404 ELB.8904 `"{kind} {id} could not be found."` */
export function notFound(kind: string, id: string): ServiceError {
  return new ServiceError(404, ERROR_CODES.notFound, `${kind} ${id} could not be found.`);
}

/** 409 ELB.8907 data conflict. */
export function conflict(message: string): ServiceError {
  return new ServiceError(409, ERROR_CODES.conflict, message);
}

export function forbidden(message: string): ServiceError {
  return new ServiceError(403, ERROR_CODES.forbidden, message);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
