// Runs a Pulumi project's program through the SDK's own program entry, with this harness as its engine.
export {
  projectConfig,
  readConfigDeclarations,
  readProjectFile,
  programEntry,
  runProject,
  stackConfig,
  type ConfigDeclaration,
  type ProjectFile,
  type ProjectProgram,
  type ProjectRunResult,
  type RunProjectOptions,
} from "./run";
export { startMonitor, STACK_TYPE, unsupportedOptions, type LogEntry, type MonitorServer } from "./monitor";
