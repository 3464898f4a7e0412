// Every trial of the study (of every window, walking forward): its state, score, parameters,
// duration and, for a failed or pruned one, why. A state filter narrows the list.
import { useState } from "react";
import { useI18n, type MessageKey } from "../../i18n";
import type { components } from "../../lib/generated/api";
import { formatParam, formatScore, splitParam } from "./params";

type TrialRow = components["schemas"]["TrialRow"];
type Best = components["schemas"]["Best"];

const STATES = ["complete", "pruned", "fail", "running"] as const;
const BADGE: Record<string, string> = {
  complete: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  pruned: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  fail: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  running: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200",
};

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "-";
  return seconds < 60 ? `${seconds.toFixed(1)}s` : `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
}

export function Trials({ trials, best, walkForward }: { trials: TrialRow[]; best: Best | null; walkForward: boolean }) {
  const { t } = useI18n();
  const [state, setState] = useState<string>("all");
  const stateText = (s: string) => {
    const key = `tuning.trial.state.${s}` as MessageKey;
    const text = t(key);
    return text === key ? s : text;
  };
  const counts = new Map<string, number>();
  for (const trial of trials) counts.set(trial.state, (counts.get(trial.state) ?? 0) + 1);
  const shown = state === "all" ? trials : trials.filter((trial) => trial.state === state);
  const th = "px-2 py-1.5 font-medium whitespace-nowrap";
  const isBest = (trial: TrialRow) => best !== null && trial.number === best.trial && (trial.window ?? null) === (best.window ?? null);
  return (
    <section aria-labelledby="tuning-trials-title" className="mt-6">
      <div className="mb-2 flex flex-wrap items-end gap-3">
        <h3 id="tuning-trials-title" className="text-base font-semibold">
          {t("tuning.trials")}
        </h3>
        <label className="flex items-center gap-2 text-sm">
          {t("tuning.trials.filter")}
          <select
            value={state}
            onChange={(event) => setState(event.target.value)}
            className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
          >
            <option value="all">{t("tuning.trials.all", { n: trials.length })}</option>
            {[...new Set([...STATES, ...counts.keys()])].map((s) => (
              <option key={s} value={s}>
                {stateText(s)} ({counts.get(s) ?? 0})
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="text-sm text-slate-500">{t("tuning.trials.empty")}</p>
      ) : (
        <div className="max-h-[32rem] overflow-auto rounded border border-slate-200 dark:border-slate-800">
          <table data-testid="tuning-trials" className="w-full min-w-[44rem] text-sm tabular-nums">
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
              <tr>
                <th scope="col" className={`${th} text-right`}>#</th>
                {walkForward ? <th scope="col" className={`${th} text-right`}>{t("tuning.windows.window")}</th> : null}
                <th scope="col" className={`${th} text-left`}>{t("tuning.trial.state")}</th>
                <th scope="col" className={`${th} text-right`}>{t("tuning.trial.value")}</th>
                <th scope="col" className={`${th} text-left`}>{t("tuning.trial.params")}</th>
                <th scope="col" className={`${th} text-right`}>{t("tuning.trial.duration")}</th>
                <th scope="col" className={`${th} text-left`}>{t("tuning.trial.note")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((trial) => {
                const top = isBest(trial);
                return (
                  <tr
                    key={`${trial.window ?? 0}-${trial.number}`}
                    data-testid="tuning-trial-row"
                    data-state={trial.state}
                    data-best={top || undefined}
                    className={`border-t border-slate-100 align-top dark:border-slate-800 ${top ? "bg-blue-50 dark:bg-blue-950/40" : ""}`}
                  >
                    <td className="px-2 py-1.5 text-right">
                      {trial.number}
                      {top ? <span className="ml-1 rounded bg-blue-200 px-1 text-xs font-semibold text-blue-900">{t("tuning.trial.best")}</span> : null}
                    </td>
                    {walkForward ? <td className="px-2 py-1.5 text-right">{trial.window ?? "-"}</td> : null}
                    <td className="px-2 py-1.5">
                      <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${BADGE[trial.state] ?? "bg-slate-100 dark:bg-slate-800"}`}>{stateText(trial.state)}</span>
                    </td>
                    <td className="px-2 py-1.5 text-right">{formatScore(trial.value)}</td>
                    <td className="px-2 py-1.5 text-xs text-slate-600 dark:text-slate-300">
                      {Object.entries(trial.params)
                        .sort(([a], [b]) => a.localeCompare(b))
                        .map(([param, value]) => `${splitParam(param).field}=${formatParam(value)}`)
                        .join(" · ")}
                    </td>
                    <td className="px-2 py-1.5 text-right whitespace-nowrap">{duration(trial.duration_s)}</td>
                    <td className="px-2 py-1.5 text-xs">{trial.state === "complete" ? "" : (trial.note ?? "")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
