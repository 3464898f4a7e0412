// The daily report (GET /reports/daily): one session's figures, its best and worst pattern, the
// round trips it closed and its patterns. Without a date the API answers the last session (and
// the picker shows the date it answered); a day without results is a 404. Until the close stores
// it, a day's report is live: it is fetched again whenever an order fills.
import { useQuery } from "@tanstack/react-query";
import { BpsChange, WonChange } from "../../components/Change";
import { EmptyState } from "../../components/EmptyState";
import { labelOf } from "../../components/labels";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import { isApiError } from "../../lib/api";
import { formatNumber, formatTime, formatWon } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";
import { useLiveInvalidate } from "../../lib/useLive";
import { addWeekdays, isDate } from "./calendar";
import { BestWorst, Figures, PatternTable, StatusBadge, button, input, num, th } from "./parts";

type DailyReport = components["schemas"]["DailyReport"];
type ClosedTrade = components["schemas"]["ClosedTradeRow"];

const DAILY = "/api/v1/reports/daily";

export function DailyView({ date, onDate }: { date: string | undefined; onDate: (date: string | undefined) => void }) {
  const { t } = useI18n();
  // The last session: the view without a date, and the day "next" stops at.
  const latest = useQuery(apiQuery(DAILY));
  const picked = useQuery({ ...apiQuery(DAILY, { query: { date: date ?? "" } }), enabled: date !== undefined });
  const report = date === undefined ? latest : picked;
  useLiveInvalidate(["order_filled"], [DAILY]);

  const last = latest.data?.date;
  const shown = date ?? last;
  const missing = report.isError && isApiError(report.error) && report.error.status === 404;

  return (
    <section aria-label={t("reports.daily.title")} data-testid="report-daily-view" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-2">
        <button type="button" className={button} disabled={!shown} onClick={() => shown && onDate(addWeekdays(shown, -1))}>
          <span aria-hidden="true">← </span>
          {t("reports.daily.prev")}
        </button>
        <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-300">
          {t("reports.daily.date")}
          <input
            type="date"
            name="date"
            value={shown ?? ""}
            max={last}
            onChange={(event) => isDate(event.target.value) && onDate(event.target.value)}
            className={input}
          />
        </label>
        <button
          type="button"
          className={button}
          disabled={!shown || (last !== undefined && shown >= last)}
          onClick={() => shown && onDate(addWeekdays(shown, 1))}
        >
          {t("reports.daily.next")}
          <span aria-hidden="true"> →</span>
        </button>
        {date !== undefined ? (
          <button type="button" className={button} onClick={() => onDate(undefined)}>
            {t("reports.daily.latest")}
          </button>
        ) : null}
      </div>
      {missing ? (
        <div data-testid="report-daily-missing" aria-live="polite">
          <EmptyState>{t("reports.daily.missing")}</EmptyState>
          {/* Without a date the picker cannot show which day the API meant; its message says. */}
          {shown === undefined ? <p className="mt-1 text-center text-xs text-slate-500">{report.error.message}</p> : null}
        </div>
      ) : (
        <QueryState query={report}>{(data) => <Daily report={data} />}</QueryState>
      )}
    </section>
  );
}

function Daily({ report }: { report: DailyReport }) {
  const { t } = useI18n();
  return (
    <article data-testid="report-daily" data-date={report.date} data-final={String(report.final)} className="flex flex-col gap-4">
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="text-base font-semibold tabular-nums">
          {t("reports.daily.title")} · {report.date}
        </h3>
        <StatusBadge final={report.final} />
      </header>
      <Figures report={report} testId="report-daily" />
      <BestWorst best={report.best_pattern} worst={report.worst_pattern} rows={report.patterns} />
      <section aria-labelledby="report-daily-closed">
        <h4 id="report-daily-closed" className="mb-2 text-sm font-semibold">
          {t("reports.daily.closed", { n: report.closed.length })}
        </h4>
        {report.closed.length === 0 ? <EmptyState>{t("reports.daily.closed.empty")}</EmptyState> : <ClosedTable rows={report.closed} />}
      </section>
      <section aria-labelledby="report-daily-patterns">
        <h4 id="report-daily-patterns" className="mb-2 text-sm font-semibold">
          {t("reports.daily.patterns")}
        </h4>
        {report.patterns.length === 0 ? (
          <EmptyState>{t("reports.daily.closed.empty")}</EmptyState>
        ) : (
          <PatternTable rows={report.patterns} best={report.best_pattern} worst={report.worst_pattern} label={t("reports.daily.patterns")} />
        )}
      </section>
    </article>
  );
}

function ClosedTable({ rows }: { rows: ClosedTrade[] }) {
  const { t, lang } = useI18n();
  return (
    <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
      <table aria-labelledby="report-daily-closed" className="w-full min-w-[64rem] text-sm">
        <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
          <tr>
            <th scope="col" className={`${th} text-left`}>{t("reports.col.stock")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.qty")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.entryTime")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.entryPrice")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.exitTime")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.exitPrice")}</th>
            <th scope="col" className={`${th} text-left`}>{t("reports.col.exitReason")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.pnl")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.return")}</th>
            <th scope="col" className={`${th} text-left`}>{t("reports.pattern")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${row.code}-${row.exit_time}-${index}`} data-testid="report-closed-row" className="border-t border-slate-100 dark:border-slate-800">
              <td className="px-2 py-1.5 whitespace-nowrap">
                {/* The trade log does not always know the name: the code alone then. */}
                <span className="font-medium">{row.name || row.code}</span>
                {row.name ? <span className="ml-1 text-xs text-slate-500 tabular-nums">{row.code}</span> : null}
              </td>
              <td className={num}>{formatNumber(row.quantity)}</td>
              <td className={num}>{formatTime(row.entry_time)}</td>
              <td className={num}>{formatWon(row.entry_price, lang)}</td>
              <td className={num}>{formatTime(row.exit_time)}</td>
              <td className={num}>{formatWon(row.exit_price, lang)}</td>
              <td className="px-2 py-1.5 whitespace-nowrap">{labelOf(t, "reports.exit", row.exit_reason)}</td>
              <td className={num}>
                <WonChange value={row.realized_pnl} />
              </td>
              <td className={num}>
                <BpsChange bps={row.return_bps} />
              </td>
              <td className="px-2 py-1.5 font-mono text-xs">{row.pattern}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
