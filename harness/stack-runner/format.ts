import type { PlanStep } from "./types";

const SYMBOLS: Record<PlanStep["op"], string | undefined> = {
  create: "+ create",
  update: "~ update",
  replace: "+- replace",
  delete: "- delete",
  refresh: "~ refresh",
  read: "> read",
  same: undefined,
};
/** Ops whose line lists the changed fields. */
const WITH_FIELDS = new Set<PlanStep["op"]>(["update", "replace", "refresh"]);

/** One line per step; "same" steps are omitted. */
export function formatPlan(steps: PlanStep[]): string {
  const lines: string[] = [];
  for (const s of steps) {
    const symbol = SYMBOLS[s.op];
    if (symbol === undefined) continue;
    const f = WITH_FIELDS.has(s.op) && s.fields.length ? ` [${s.fields.join(", ")}]` : "";
    lines.push(`${symbol} ${s.type} ${s.name}${f}`);
  }
  return lines.join("\n");
}
