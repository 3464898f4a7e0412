// Reports: daily returns and the cumulative P&L curve (Recharts), win rate, average return,
// drawdowns and the best and worst days, from GET /reports/metrics; one day from /reports/daily;
// best and worst patterns from the latest trades (the reports API has no pattern figures).
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { isApiError } from "../lib/api";
import { changeClass, formatBps, formatNumber, formatPercent, formatWon } from "../lib/format";
import { apiQuery } from "../lib/query";
import { CumulativePnlChart, DailyReturnChart } from "./reports/Charts";
import { Patterns } from "./reports/Patterns";
import { series, summarise, type DailyReport, type DayPoint } from "./reports/summary";

const PERIODS = [30, 90, 365] as const;

export default function ReportsPage() {
  const { t } = useI18n();
  const [limit, setLimit] = useState<number>(90);
  const metrics = useQuery(apiQuery("/api/v1/reports/metrics", { query: { limit } }));
  return (
    <section>
      <PageHeader title={t("reports.title")}>
        <label className="flex items-center gap-2 text-sm">
          {t("reports.period")}
          <select
            value={limit}
            onChange={(event) => setLimit(Number(event.target.value))}
            className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
          >
            {PERIODS.map((n) => (
              <option key={n} value={n}>
                {t("reports.period.days", { n })}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      <QueryState query={metrics}>{(rows) => <Report rows={rows} />}</QueryState>
    </section>
  );
}

function Report({ rows }: { rows: DailyReport[] }) {
  const { t } = useI18n();
  const points = series(rows);
  return (
    <>
      {rows.length === 0 ? (
        <p className="mb-4 rounded border border-dashed border-slate-300 p-4 text-center text-sm text-slate-500 dark:border-slate-700">{t("reports.empty")}</p>
      ) : null}
      <Figures rows={rows} />
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <DailyReturnChart points={points} />
        <CumulativePnlChart points={points} />
      </div>
      <Patterns />
      <DayDetail latest={points.at(-1)?.date ?? null} />
    </>
  );
}

function Stat({ label, testId, children, detail }: { label: string; testId: string; children: ReactNode; detail?: ReactNode }) {
  return (
    <div data-testid={testId} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums">{children}</dd>
      {detail ? <dd className="text-xs text-slate-500 tabular-nums">{detail}</dd> : null}
    </div>
  );
}

function DayStat({ label, testId, point }: { label: string; testId: string; point: DayPoint | null }) {
  const { t, lang } = useI18n();
  return (
    <Stat label={label} testId={testId} detail={point ? `${point.date} · ${formatPercent(point.returnPct)}` : undefined}>
      {point ? <span className={changeClass(point.pnl)}>{formatWon(point.pnl, lang, true)}</span> : t("reports.none")}
    </Stat>
  );
}

function Figures({ rows }: { rows: DailyReport[] }) {
  const { t, lang } = useI18n();
  const s = summarise(rows);
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      <Stat label={t("reports.totalPnl")} testId="report-total-pnl" detail={t("reports.costs", { value: formatWon(s.costs, lang) })}>
        <span className={changeClass(s.totalPnl)}>{formatWon(s.totalPnl, lang, true)}</span>
      </Stat>
      <Stat label={t("reports.winRate")} testId="report-win-rate" detail={t("reports.winRate.detail", { wins: formatNumber(s.wins), trades: formatNumber(s.trades) })}>
        {formatPercent(s.winRatePct, 1, false)}
      </Stat>
      <Stat label={t("reports.avgReturn")} testId="report-avg-return">
        <span className={changeClass(s.avgReturnPct)}>{formatPercent(s.avgReturnPct)}</span>
      </Stat>
      <Stat label={t("reports.maxDrawdown")} testId="report-max-drawdown" detail={t("reports.curveDrawdown", { value: formatWon(s.curveDrawdown, lang) })}>
        <span className={changeClass(s.maxDrawdown)}>{formatWon(s.maxDrawdown, lang)}</span>
        {s.maxDrawdownDate ? <span className="ml-1 text-xs font-normal text-slate-500">{s.maxDrawdownDate}</span> : null}
      </Stat>
      <DayStat label={t("reports.best")} testId="report-best" point={s.best} />
      <DayStat label={t("reports.worst")} testId="report-worst" point={s.worst} />
    </dl>
  );
}

/** One day's results from GET /reports/daily; a 404 means that day has none. */
function DayDetail({ latest }: { latest: string | null }) {
  const { t, lang } = useI18n();
  const [picked, setPicked] = useState<string | null>(null);
  const date = picked ?? latest;
  const day = useQuery({ ...apiQuery("/api/v1/reports/daily", { query: { date: date ?? "" } }), enabled: date !== null });
  if (date === null) return null;
  const missing = day.isError && isApiError(day.error) && day.error.status === 404;
  return (
    <section aria-labelledby="report-day-title" className="mt-6">
      <div className="mb-2 flex flex-wrap items-end gap-3">
        <h2 id="report-day-title" className="text-lg font-semibold">
          {t("reports.day")}
        </h2>
        <label className="flex items-center gap-2 text-sm">
          {t("reports.day.pick")}
          <input
            type="date"
            name="date"
            value={date}
            onChange={(event) => event.target.value && setPicked(event.target.value)}
            className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
      </div>
      {missing ? (
        <p className="text-sm text-slate-500">{t("reports.day.missing")}</p>
      ) : (
        <QueryState query={day}>
          {(report) => (
            <dl data-testid="report-day" className="grid grid-cols-2 gap-3 md:grid-cols-4">
              <Stat label={t("reports.pnl")} testId="report-day-pnl" detail={t("reports.costs", { value: formatWon(report.commission + report.tax, lang) })}>
                <span className={changeClass(report.realized_pnl)}>{formatWon(report.realized_pnl, lang, true)}</span>
              </Stat>
              <Stat label={t("reports.winRate")} testId="report-day-win-rate" detail={t("reports.winRate.detail", { wins: report.wins, trades: report.trades })}>
                {report.trades > 0 ? formatPercent(report.win_rate_bps / 100, 1, false) : "-"}
              </Stat>
              <Stat label={t("reports.avgReturn")} testId="report-day-avg-return">
                <span className={changeClass(report.avg_return_bps)}>{formatBps(report.avg_return_bps)}</span>
              </Stat>
              <Stat label={t("reports.day.equity")} testId="report-day-equity" detail={`MDD ${formatWon(report.max_drawdown, lang)}`}>
                <span className="text-base">
                  {formatWon(report.starting_equity, lang)} → {formatWon(report.ending_equity, lang)}
                </span>
              </Stat>
            </dl>
          )}
        </QueryState>
      )}
    </section>
  );
}
