/** Helpers for the resource classes (the program side, where resources are constructed). */
import * as pulumi from "@pulumi/pulumi";
import { autonamedProperty, RESOURCE_NAME, STACK } from "./autoname";
import type { KindName } from "./runtime";
import type { ResourceSchema } from "./schema";
import { providerStub } from "./stub";

/** The Pulumi type-token module of every resource in this package. */
export const MODULE = "huaweicloud-elb";

/**
 * The props handed to `dynamic.Resource`: the args, plus every other schema property as
 * `undefined`, which registers it as an output without sending it as an input. A kind with an
 * autonamed property also gets the hidden inputs its check derives the autoname from (the resource
 * name and the stack; check is not told them otherwise).
 */
export function resourceProps(schema: ResourceSchema, args: object | undefined, name: string): pulumi.Inputs {
  const props: Record<string, unknown> = {};
  for (const prop of Object.keys(schema.properties)) if (prop !== "id") props[prop] = undefined;
  if (autonamedProperty(schema)) Object.assign(props, { [RESOURCE_NAME]: name, [STACK]: `${pulumi.getProject()}/${pulumi.getStack()}` });
  return Object.assign(props, args ?? {});
}

/**
 * The options a resource is registered with: the program's, plus `deleteBeforeReplace` where the schema's
 * `x-delete-before-replace` rule asks for it and the program did not say (so `pulumi up --replace`, which never
 * asks the provider, deletes first too).
 */
export function resourceOptions(
  schema: ResourceSchema,
  args: object | undefined,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions | undefined {
  const rule = schema["x-delete-before-replace"];
  if (!rule || opts?.deleteBeforeReplace !== undefined) return opts;
  const given = (args ?? {}) as Record<string, unknown>;
  const applies = rule.when === "always" || rule.when.some((k) => given[k] !== undefined && given[k] !== null);
  return applies ? { ...opts, deleteBeforeReplace: true } : opts;
}

/**
 * The options of the Pulumi-conventional static `get(name, id, opts?)`: the `id` option makes the
 * SDK register a read (the engine calls the provider's Read, also in preview) instead of a resource
 * to manage; the program passes no inputs, so nothing is created, updated or deleted.
 */
export function readOptions(id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, id };
}

/**
 * The program reads an identity array as the array it wrote. The checked inputs hold it as a map keyed
 * by identity (./shape.ts), and in a preview the engine hands the checked inputs back as the outputs of
 * a resource it would create or update: turn such a map back into the array here, once, for every kind.
 */
export function identityArraysAsArrays(resource: object, schema: ResourceSchema): void {
  const r = resource as Record<string, unknown>;
  for (const [name, p] of Object.entries(schema.properties)) {
    const out = r[name];
    if (p["x-identity"] && pulumi.Output.isInstance(out))
      r[name] = out.apply((v: unknown) => (v !== null && typeof v === "object" && !Array.isArray(v) ? Object.values(v) : v));
  }
}

/**
 * What a resource class hands `dynamic.Resource`, derived from the kind's schema: the serialized provider stub,
 * the props (resourceProps), the options (resourceOptions), and the type token `huaweicloud-elb:<title>`.
 */
export function registration(
  kind: KindName,
  schema: ResourceSchema,
  name: string,
  args: object | undefined,
  opts: pulumi.CustomResourceOptions | undefined,
): [pulumi.dynamic.ResourceProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions | undefined, string, string] {
  return [providerStub(kind), name, resourceProps(schema, args, name), resourceOptions(schema, args, opts), MODULE, schema.title];
}
