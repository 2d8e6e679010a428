/** One of the examples as a Pulumi project on a stack against the emulator, run the way `pulumi up` runs it. */
import { join } from "node:path";
import type { Emulator } from "../../emulator";
import {
  emulatorStack,
  projectConfig,
  readProjectFile,
  repoRoot,
  type ProjectProgram,
  type ProviderServer,
  type StackOptions,
} from "../../harness";

export interface ExampleStack {
  /** examples/<name>, started through the SDK's program entry (@pulumi/pulumi/cmd/run). */
  program: ProjectProgram;
  /** The stack with only the provider's config (refresh and destroy do not run the program). */
  opts: StackOptions;
  /** The stack with the program's settings as its config, as `pulumi config set` would store them. */
  at(settings: object): StackOptions;
}

export function exampleStack(emu: Emulator, server: ProviderServer, dir: string, name: string, stack: string): ExampleStack {
  const program = { dir: join(repoRoot(), "examples", name) };
  const project = readProjectFile(program.dir).name;
  const opts = emulatorStack(emu, { server, statePath: join(dir, `${name}.json`), project, stack });
  // ts-node skips its type check here (PULUMI_NODEJS_TRANSPILE_ONLY); the tests type-check the examples
  const at = (settings: object): StackOptions => ({
    ...opts,
    config: { ...opts.config, ...projectConfig(program, { ...settings }) },
    transpileOnly: true,
  });
  return { program, opts, at };
}
