// Runs a Pulumi project's program through the SDK's own program entry, with this harness as its engine.
export {
  projectConfig,
  readProjectFile,
  programEntry,
  runProject,
  type ProjectFile,
  type ProjectProgram,
  type ProjectRunResult,
  type RunProjectOptions,
} from "./run";
export { startMonitor, STACK_TYPE, type LogEntry, type MonitorServer } from "./monitor";
