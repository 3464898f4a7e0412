// The stored runs, newest first (GET /backtests); each links to its detail (?run=<id>).
import { Link } from "react-router";
import { WonChange } from "../../components/Change";
import { EmptyState } from "../../components/EmptyState";
import { useI18n, type MessageKey } from "../../i18n";
import { formatDateTime, formatNumber, formatWon } from "../../lib/format";
import type { components } from "../../lib/generated/api";

type Run = components["schemas"]["BacktestRunRow"];

const th = "px-2 py-1.5 font-medium whitespace-nowrap";

export function useSourceText(): (source: string) => string {
  const { t } = useI18n();
  return (source) => {
    const key = `backtests.source.${source}` as MessageKey;
    const text = t(key);
    return text === key ? source : text;
  };
}

export function RunList({ rows, selected }: { rows: Run[]; selected: number | null }) {
  const { t, lang } = useI18n();
  const sourceText = useSourceText();
  return (
    <section aria-labelledby="backtest-runs-title">
      <h2 id="backtest-runs-title" className="mb-2 text-lg font-semibold">
        {t("backtests.runs")}
      </h2>
      {rows.length === 0 ? (
        <EmptyState>{t("backtests.runs.empty")}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
          <table className="w-full min-w-[44rem] text-sm tabular-nums">
            <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
              <tr>
                <th scope="col" className={`${th} text-left`}>#</th>
                <th scope="col" className={`${th} text-left`}>{t("backtests.run.started")}</th>
                <th scope="col" className={`${th} text-left`}>{t("backtests.run.source")}</th>
                <th scope="col" className={`${th} text-left`}>{t("backtests.run.span")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.days")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.trades")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.pnl")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.mdd")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => {
                const current = run.id === selected;
                return (
                  <tr
                    key={run.id}
                    data-testid="backtest-row"
                    data-id={run.id}
                    data-selected={current}
                    className={`border-t border-slate-100 dark:border-slate-800 ${current ? "bg-blue-50 dark:bg-blue-950/40" : ""}`}
                  >
                    <td className="px-2 py-1.5">
                      <Link
                        to={`?run=${run.id}`}
                        aria-current={current ? "true" : undefined}
                        aria-label={t("backtests.run.open", { id: run.id })}
                        className={`text-blue-700 underline-offset-2 hover:underline dark:text-blue-300 ${current ? "font-semibold" : ""}`}
                      >
                        #{run.id}
                      </Link>
                    </td>
                    <td className="px-2 py-1.5 whitespace-nowrap">{formatDateTime(run.started_at)}</td>
                    <td className="px-2 py-1.5">{sourceText(run.source)}</td>
                    <td className="px-2 py-1.5 whitespace-nowrap">{run.span}</td>
                    <td className="px-2 py-1.5 text-right">{formatNumber(run.days)}</td>
                    <td className="px-2 py-1.5 text-right">{formatNumber(run.trades)}</td>
                    <td className="px-2 py-1.5 text-right">
                      <WonChange value={run.realized_pnl} />
                    </td>
                    <td className="px-2 py-1.5 text-right">{formatWon(run.max_drawdown, lang)}</td>
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
