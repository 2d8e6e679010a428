/**
 * What Pulumi serializes into every resource's state (`__provider`): a stub of a few hundred bytes
 * that loads the compiled provider from the installed package at run time. It captures only the
 * kind's name: no credentials, clients or class instances, and upgrading the package upgrades the
 * code that later deletes and refreshes old resources too.
 *
 * The closure serializer embeds each method's source; keep them self-contained (string literals,
 * the `kind` parameter and `require` only). `KindName` is imported as a type only: it is erased, so
 * the stub's text and this module's code stay free of the runtime module.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KindName } from "./runtime";

export function providerStub(kind: KindName): pulumi.dynamic.ResourceProvider {
  return {
    configure(req) {
      return require("pulumi-huaweicloud-elb/runtime").configure(req);
    },
    check(olds, news) {
      return require("pulumi-huaweicloud-elb/runtime").provider(kind).check(olds, news);
    },
    diff(id, olds, news) {
      return require("pulumi-huaweicloud-elb/runtime").provider(kind).diff(id, olds, news);
    },
    create(inputs) {
      return require("pulumi-huaweicloud-elb/runtime").provider(kind).create(inputs);
    },
    read(id, props) {
      return require("pulumi-huaweicloud-elb/runtime").provider(kind).read(id, props);
    },
    update(id, olds, news) {
      return require("pulumi-huaweicloud-elb/runtime").provider(kind).update(id, olds, news);
    },
    delete(id, props) {
      return require("pulumi-huaweicloud-elb/runtime").provider(kind).delete(id, props);
    },
  };
}
