// The stack runner that stands in for the Pulumi engine: the SDK's dynamic-provider server over gRPC, setMocks
// registrations, and preview/up/refresh/destroy with a JSON state file. Used by the tests, the demo and the bench.
export * from "./provider-client";
export * from "./mocks";
export * from "./stack-runner";
export * from "./emulator-config";
export * from "./program-host";
