export { ElbClient, pathSegment, buildQuery } from "./client";
export type { ElbRequest, ElbResponse, ClientOptions, QueryValue } from "./client";
export { ApiError, TransportError, parseErrorBody, redactor } from "./errors";
export type { Service } from "./errors";
export { RetryPolicy, TokenBucket, classify, isRepeatable, parseRetryAfter, systemClock } from "./retry";
export type { Classification, Clock, Decision, RetryPolicyOptions, RequestTraits, ResponseFacts } from "./retry";
export { signRequest, canonicalUri, canonicalQueryString, encodeRfc3986, sdkDate } from "./signer";
export type { SignableRequest, AkSk } from "./signer";
