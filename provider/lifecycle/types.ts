/**
 * TypeScript types derived from a resource schema at compile time, so a property's type is
 * declared once (in the schema) and the resource's Args and output properties follow from it.
 */
import type * as pulumi from "@pulumi/pulumi";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** `I`: inputs only (computed properties left out at every depth). */
type Scalar<P, I extends boolean> = P extends { readonly enum: readonly (infer E)[] }
  ? E
  : P extends { readonly const: infer C }
    ? C
    : P extends { readonly type: "string" }
      ? string
      : P extends { readonly type: "integer" | "number" }
        ? number
        : P extends { readonly type: "boolean" }
          ? boolean
          : P extends { readonly type: "array"; readonly items: infer Item }
            ? ValueOf<Item, I>[]
            : P extends { readonly type: "object"; readonly properties: infer Props }
              ? ObjectOf<Props, P extends { readonly required: readonly (infer R)[] } ? R : never, I>
              : unknown;

/** The value a property holds (null included where the schema allows it). */
export type ValueOf<P, I extends boolean = false> = P extends { readonly nullable: true } ? Scalar<P, I> | null : Scalar<P, I>;

type IsReadOnly<P> = P extends { readonly readOnly: true } ? true : false;

type ObjectOf<Props, Req, InputsOnly extends boolean> = Simplify<
  {
    -readonly [
      K in keyof Props as K extends Req ? (InputsOnly extends true ? (IsReadOnly<Props[K]> extends true ? never : K) : K) : never
    ]: ValueOf<Props[K], InputsOnly>;
  } & {
    -readonly [
      K in keyof Props as K extends Req ? never : InputsOnly extends true ? (IsReadOnly<Props[K]> extends true ? never : K) : K
    ]?: ValueOf<Props[K], InputsOnly>;
  }
>;

type Schema = { readonly properties: object; readonly required: readonly string[] };

/** Plain input values (what check validates and the provider receives). */
export type InputValues<S extends Schema> = ObjectOf<S["properties"], S["required"][number], true>;

/** Everything the resource holds after create/read: inputs plus what the API computes. */
export type OutputValues<S extends Schema> = ObjectOf<S["properties"], never, false>;

/**
 * Pulumi's input wrapping at every depth, as generated SDKs do. The value's union is built first
 * and wrapped once, so `Output<boolean>` or `Output<"HTTP" | "TCP">` is accepted where a
 * boolean or a protocol goes.
 */
export type Wrapped<V> = pulumi.Input<Inner<V>>;
type Inner<V> = V extends readonly (infer E)[]
  ? Wrapped<E>[]
  : V extends object
    ? { [K in keyof V]: Wrapped<Exclude<V[K], undefined>> }
    : V;

/** The `...Args` type of a resource (an optional input is left out, not set to an `Output` of undefined, as in generated SDKs). */
export type ArgsOf<S extends Schema> = Simplify<{ [K in keyof InputValues<S>]: Wrapped<Exclude<InputValues<S>[K], undefined>> }>;

/**
 * Required inputs, computed properties except details (`x-detail`: in state only on request), and where the
 * resource lives (`x-placement`: the provider's choice when the program is silent).
 */
type Always<S extends Schema> =
  | S["required"][number]
  | {
      [K in keyof S["properties"]]: S["properties"][K] extends { readonly "x-detail": true }
        ? never
        : S["properties"][K] extends { readonly readOnly: true } | { readonly "x-placement": string }
          ? K
          : never;
    }[keyof S["properties"]];

/**
 * The output properties of a resource class (the pool's own id is the resource id). Required
 * inputs and computed properties are always present; other inputs may be absent.
 */
export type OutputsOf<S extends Schema> = {
  readonly [K in Exclude<keyof OutputValues<S>, "id">]-?: pulumi.Output<
    K extends Always<S> ? Exclude<OutputValues<S>[K], undefined> : OutputValues<S>[K] | undefined
  >;
};
