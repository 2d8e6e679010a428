// The stack runner: preview/up/refresh/destroy of a program against the provider server, with a JSON state file.
export { preview, up } from "./deploy";
export { formatPlan } from "./format";
export { markedLines, renderUpdate } from "./display";
export { destroy, refresh } from "./refresh-destroy";
export { readState } from "./state-file";
export {
  CheckFailedError,
  type PlanStep,
  type Program,
  type RunResult,
  type StackOptions,
  type StackState,
  type StateResource,
} from "./types";
export { deepEqual } from "./values";
