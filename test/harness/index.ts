// Engine-faithful test harness: the SDK's dynamic-provider server over gRPC, setMocks registrations, and a
// stack runner (preview/up/refresh/destroy) with a JSON state file. No jest imports: also used by scripts.
export * from "./provider-server";
export * from "./mocks";
export * from "./stack";
