// One figure with its label (and an optional line under it), as the report, backtest and
// tuning pages show them in a <dl>.
import type { ReactNode } from "react";

export function Stat({ label, testId, children, detail }: { label: string; testId: string; children: ReactNode; detail?: ReactNode }) {
  return (
    <div data-testid={testId} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums">{children}</dd>
      {detail ? <dd className="text-xs text-slate-500 tabular-nums">{detail}</dd> : null}
    </div>
  );
}
