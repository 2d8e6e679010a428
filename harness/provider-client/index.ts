// The provider-server client: spawns the SDK's dynamic-provider server and drives it over gRPC.
export { startProviderServer, type DiffResult, type ProviderServer, type ProviderServerOptions } from "./client";
export { ProviderError, type CheckFailure } from "./errors";
export { repoRoot } from "./sdk";
export { dropUndefined, SECRET_SIG, SECRET_SIG_KEY, secretWrapper, UNKNOWN, urnFor } from "./wire";
