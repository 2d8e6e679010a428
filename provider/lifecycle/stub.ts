/**
 * What Pulumi serializes into every resource's state (`__provider`): a stub of a few hundred bytes
 * that loads the compiled provider from the installed package at run time. It captures only the
 * kind's name: no credentials, clients or class instances, and upgrading the package upgrades the
 * code that later deletes and refreshes old resources too.
 *
 * The closure serializer embeds each method's source; keep them self-contained (string literals,
 * the `kind` parameter, `rt`, `globalThis`, `Symbol` and `require` only). `KindName` is imported as a type only: it is erased, so
 * the stub's text and this module's code stay free of the runtime module.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KindName } from "./runtime";

export function providerStub(kind: KindName): pulumi.dynamic.ResourceProvider {
  // Resolving a package by name from code compiled without a file name costs ~0.25 ms per call in
  // Node, so the runtime module is looked up once per process and kept on a global symbol. No `??=`:
  // the SDK's closure serializer parses this code with the project's `typescript`, or, where the project
  // has none (a JavaScript project), with the TypeScript 3.8 the SDK vendors, which cannot parse it.
  const rt = (): typeof import("./runtime") => {
    const g = globalThis as Record<symbol, unknown>;
    const key = Symbol.for("pulumi-huaweicloud-elb/runtime");
    return (g[key] ?? (g[key] = require("pulumi-huaweicloud-elb/runtime"))) as typeof import("./runtime");
  };
  return {
    async configure(req) {
      rt().configure(req); // synchronously: the settings are in place before any other RPC runs
    },
    check(olds, news) {
      return rt().provider(kind).check!(olds, news);
    },
    diff(id, olds, news) {
      return rt().provider(kind).diff!(id, olds, news);
    },
    create(inputs) {
      return rt().provider(kind).create(inputs);
    },
    read(id, props) {
      return rt().provider(kind).read!(id, props);
    },
    update(id, olds, news) {
      return rt().provider(kind).update!(id, olds, news);
    },
    delete(id, props) {
      return rt().provider(kind).delete!(id, props);
    },
  };
}
