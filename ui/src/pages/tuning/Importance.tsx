// How much each parameter moved the score (optuna's fANOVA over the complete trials), as
// horizontal bars (plain CSS); each bar's share is also written out for screen readers.
import { useI18n } from "../../i18n";
import { formatPercent } from "../../lib/format";
import { useParamLabel } from "./labels";

export function Importance({ importance }: { importance: Record<string, number> }) {
  const { t } = useI18n();
  const label = useParamLabel();
  const entries = Object.entries(importance)
    .filter(([, value]) => Number.isFinite(value))
    .sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, value]) => sum + Math.max(0, value), 0);
  return (
    <section aria-labelledby="tuning-importance-title" className="mt-6">
      <h3 id="tuning-importance-title" className="text-base font-semibold">
        {t("tuning.importance")}
      </h3>
      <p className="mb-2 text-xs text-slate-500">{t("tuning.importance.note")}</p>
      {entries.length === 0 || total <= 0 ? (
        <p data-testid="tuning-importance-empty" className="text-sm text-slate-500">
          {t("tuning.importance.empty")}
        </p>
      ) : (
        <ul data-testid="tuning-importance" className="flex max-w-3xl flex-col gap-1.5">
          {entries.map(([param, value]) => {
            const share = (Math.max(0, value) / total) * 100;
            return (
              <li key={param} data-testid="importance-row" data-param={param} className="grid grid-cols-[minmax(8rem,14rem)_1fr_3.5rem] items-center gap-2 text-sm">
                <span className="truncate" title={param}>
                  {label(param) ?? param}
                </span>
                <span aria-hidden="true" className="h-3 rounded bg-slate-100 dark:bg-slate-800">
                  <span className="block h-3 rounded bg-blue-600" style={{ width: `${share.toFixed(1)}%` }} />
                </span>
                <span className="text-right tabular-nums">{formatPercent(share, 1, false)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
