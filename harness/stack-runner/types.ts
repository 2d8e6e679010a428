// The stack runner's vocabulary: options, plan steps, run results, the state file's entries.
import type { CheckFailure, ProviderServer } from "../provider-client";
import type { ProjectProgram } from "../program-host";

/**
 * A program: a function run in-process under the SDK's mocks, or a Pulumi project folder (`{ dir }`, with its
 * Pulumi.yaml) run as `pulumi up` runs it, through the SDK's program entry in its own process.
 */
export type Program = (() => Record<string, unknown> | void | Promise<Record<string, unknown> | void>) | ProjectProgram;

export interface StackOptions {
  server: ProviderServer;
  statePath: string;
  project?: string;
  stack?: string;
  /** Stack config sent with Configure before the run (keys like "huaweicloud:region"). */
  config?: Record<string, string>;
  /** Config keys to send as secrets. */
  secretConfigKeys?: string[];
  log?: (line: string) => void;
  /** URNs to replace even if unchanged (`pulumi up --replace <urn>`). */
  replace?: string[];
  /** Project programs only: skip ts-node's type check (PULUMI_NODEJS_TRANSPILE_ONLY). */
  transpileOnly?: boolean;
}

export interface PlanStep {
  op: "create" | "update" | "replace" | "delete" | "same" | "refresh" | "read";
  urn: string;
  type: string;
  name: string;
  fields: string[];
  detail?: string;
}

export interface RunResult {
  steps: PlanStep[];
  outputs: Record<string, unknown>;
}

export interface StateResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  dependencies?: string[];
  parent?: string;
  /** Reasons from a partial failure (ErrorResourceInitFailed); the next up updates the resource. */
  initErrors?: string[];
  /** Old instance of a create-before-delete replacement still to be deleted. */
  pendingDelete?: boolean;
  /** Read with `Resource.get` (the engine's external resource): never updated or deleted, only dropped from state. */
  external?: boolean;
  /** The `retainOnDelete` option: a delete drops it from state without calling the provider's Delete. */
  retainOnDelete?: boolean;
  /** Top-level keys of inputs/outputs that are secret (stored encoded in the file, plaintext here). */
  secrets?: string[];
}

export interface StackState {
  resources: StateResource[];
  outputs?: Record<string, unknown>;
}

/** Error thrown for Check failures. */
export class CheckFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: CheckFailure[],
  ) {
    super(`resource ${urn} has check errors:\n${failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n")}`);
    this.name = "CheckFailedError";
  }
}
