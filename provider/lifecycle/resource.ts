/** Helpers for the resource classes (the program side, where resources are constructed). */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceSchema } from "./schema";

/** The Pulumi type-token module of every resource in this package. */
export const MODULE = "huaweicloud-elb";

/**
 * The props handed to `dynamic.Resource`: the args, plus every other schema property as
 * `undefined`, which registers it as an output without sending it as an input.
 */
export function resourceProps(schema: ResourceSchema, args: object | undefined): pulumi.Inputs {
  const props: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties)) if (name !== "id") props[name] = undefined;
  return Object.assign(props, args ?? {});
}

/**
 * The options of the Pulumi-conventional static `get(name, id, opts?)`: the `id` option makes the
 * SDK register a read (the engine calls the provider's Read, also in preview) instead of a resource
 * to manage; the program passes no inputs, so nothing is created, updated or deleted.
 */
export function readOptions(id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, id };
}
