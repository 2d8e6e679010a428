/**
 * Compile-time tests of the stub's kind name. Never run: `npm test` builds with tsc first, and an
 * `@ts-expect-error` that no longer finds its error fails the build.
 */
import { providerStub } from "../../provider/lifecycle/stub";

export function stubTypes(): unknown[] {
  const kinds = [providerStub("pool"), providerStub("memberBatch"), providerStub("masterSlavePool"), providerStub("poolV2")];
  // @ts-expect-error not a kind the runtime's table provides (a typo the provider process would refuse)
  const typo = providerStub("pools");
  return [kinds, typo];
}
