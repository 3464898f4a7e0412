// The studies in the storage, newest first; picking one shows its detail below.
import { useI18n } from "../../i18n";
import { formatDateTime, formatNumber } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import { formatScore } from "./params";

type StudyRow = components["schemas"]["StudyRow"];

const th = "px-2 py-1.5 font-medium whitespace-nowrap";

export function StudyList({ rows, selected, onSelect }: { rows: StudyRow[]; selected: string | null; onSelect: (name: string) => void }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="tuning-studies-title">
      <h2 id="tuning-studies-title" className="mb-2 text-lg font-semibold">
        {t("tuning.studies")}
      </h2>
      <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
        <table className="w-full min-w-[36rem] text-sm tabular-nums">
          <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
            <tr>
              <th scope="col" className={`${th} text-left`}>{t("tuning.study.name")}</th>
              <th scope="col" className={`${th} text-left`}>{t("tuning.study.objective")}</th>
              <th scope="col" className={`${th} text-right`}>{t("tuning.study.trials")}</th>
              <th scope="col" className={`${th} text-right`}>{t("tuning.study.bestValue")}</th>
              <th scope="col" className={`${th} text-left`}>{t("tuning.study.kind")}</th>
              <th scope="col" className={`${th} text-left`}>{t("tuning.study.started")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const current = row.name === selected;
              return (
                <tr
                  key={row.name}
                  data-testid="study-row"
                  data-study={row.name}
                  data-selected={current}
                  className={`border-t border-slate-100 dark:border-slate-800 ${current ? "bg-blue-50 dark:bg-blue-950/40" : ""}`}
                >
                  <td className="px-2 py-1.5">
                    <button
                      type="button"
                      aria-current={current ? "true" : undefined}
                      onClick={() => onSelect(row.name)}
                      className={`text-left text-blue-700 underline-offset-2 hover:underline dark:text-blue-300 ${current ? "font-semibold" : ""}`}
                    >
                      {row.name}
                    </button>
                  </td>
                  <td className="px-2 py-1.5">{row.objective ?? "-"}</td>
                  <td className="px-2 py-1.5 text-right">{formatNumber(row.trials)}</td>
                  <td className="px-2 py-1.5 text-right">{formatScore(row.best_value)}</td>
                  <td className="px-2 py-1.5">{row.walk_forward ? t("tuning.study.walkForward") : t("tuning.study.single")}</td>
                  <td className="px-2 py-1.5 whitespace-nowrap">{formatDateTime(row.started_at)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
