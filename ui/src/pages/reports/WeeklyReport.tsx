// The weekly report (GET /reports/weekly): one ISO week's figures trade by trade, its sessions
// day by day and its patterns. Without a week the API answers the last session's week; a week
// with no session begun is a 404, a malformed one a 400 (the input refuses those first).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { BpsChange, WonChange } from "../../components/Change";
import { EmptyState } from "../../components/EmptyState";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import { isApiError } from "../../lib/api";
import { formatNumber, formatWon } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";
import { useLiveInvalidate } from "../../lib/useLive";
import { addWeeks, isWeek } from "./calendar";
import { BestWorst, Figures, PatternTable, StatusBadge, button, input, num, th, winRate } from "./parts";

type WeeklyReport = components["schemas"]["WeeklyReport"];
type DailyReport = components["schemas"]["DailyReport"];

const WEEKLY = "/api/v1/reports/weekly";

export function WeeklyView({ week, onWeek, onDay }: { week: string | undefined; onWeek: (week: string | undefined) => void; onDay: (date: string) => void }) {
  const { t } = useI18n();
  // The last session's week: the view without a week, and the week "next" stops at.
  const latest = useQuery(apiQuery(WEEKLY));
  const picked = useQuery({ ...apiQuery(WEEKLY, { query: { week: week ?? "" } }), enabled: week !== undefined });
  const report = week === undefined ? latest : picked;
  useLiveInvalidate(["order_filled"], [WEEKLY]);

  const last = latest.data?.week;
  const shown = week ?? last;
  const missing = report.isError && isApiError(report.error) && report.error.status === 404;

  return (
    <section aria-label={t("reports.weekly.title")} data-testid="report-weekly-view" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-2">
        <button type="button" className={button} disabled={!shown} onClick={() => shown && onWeek(addWeeks(shown, -1))}>
          <span aria-hidden="true">← </span>
          {t("reports.weekly.prev")}
        </button>
        <WeekInput key={shown ?? ""} value={shown ?? ""} max={last} onWeek={onWeek} />
        <button
          type="button"
          className={button}
          disabled={!shown || (last !== undefined && shown >= last)}
          onClick={() => shown && onWeek(addWeeks(shown, 1))}
        >
          {t("reports.weekly.next")}
          <span aria-hidden="true"> →</span>
        </button>
        {week !== undefined ? (
          <button type="button" className={button} onClick={() => onWeek(undefined)}>
            {t("reports.weekly.latest")}
          </button>
        ) : null}
      </div>
      {missing ? (
        <div data-testid="report-weekly-missing" aria-live="polite">
          <EmptyState>{t("reports.weekly.missing")}</EmptyState>
          {shown === undefined ? <p className="mt-1 text-center text-xs text-slate-500">{report.error.message}</p> : null}
        </div>
      ) : (
        <QueryState query={report}>{(data) => <Weekly report={data} onDay={onDay} />}</QueryState>
      )}
    </section>
  );
}

/** A week picker; where the browser has no week input (a text field), only a real week is sent. */
function WeekInput({ value, max, onWeek }: { value: string; max: string | undefined; onWeek: (week: string) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);
  const invalid = draft !== "" && !isWeek(draft);
  return (
    <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-300">
      {t("reports.weekly.week")}
      <input
        type="week"
        name="week"
        value={draft}
        max={max}
        placeholder="2026-W48"
        aria-invalid={invalid}
        aria-describedby={invalid ? "report-week-error" : undefined}
        onChange={(event) => {
          setDraft(event.target.value);
          if (isWeek(event.target.value)) onWeek(event.target.value);
        }}
        className={input}
      />
      {invalid ? (
        <span id="report-week-error" role="alert" className="text-red-700 dark:text-red-300">
          {t("reports.weekly.invalid")}
        </span>
      ) : null}
    </label>
  );
}

function Weekly({ report, onDay }: { report: WeeklyReport; onDay: (date: string) => void }) {
  const { t } = useI18n();
  return (
    <article data-testid="report-weekly" data-week={report.week} data-final={String(report.final)} className="flex flex-col gap-4">
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="text-base font-semibold tabular-nums">
          {t("reports.weekly.title")} · {report.week}
        </h3>
        <StatusBadge final={report.final} />
        <span className="text-sm text-slate-500 tabular-nums">
          {t("reports.weekly.span", { first: report.first_day, last: report.last_day, n: report.days.length })}
        </span>
      </header>
      <Figures report={report} testId="report-weekly" drawdownLabel={t("reports.weekly.maxDrawdown")} />
      <BestWorst best={report.best_pattern} worst={report.worst_pattern} rows={report.patterns} />
      <section aria-labelledby="report-weekly-days">
        <h4 id="report-weekly-days" className="mb-2 text-sm font-semibold">
          {t("reports.weekly.days")}
        </h4>
        <DayTable days={report.days} onDay={onDay} />
      </section>
      <section aria-labelledby="report-weekly-patterns">
        <h4 id="report-weekly-patterns" className="mb-2 text-sm font-semibold">
          {t("reports.weekly.patterns")}
        </h4>
        {report.patterns.length === 0 ? (
          <EmptyState>{t("reports.weekly.noTrades")}</EmptyState>
        ) : (
          <PatternTable rows={report.patterns} best={report.best_pattern} worst={report.worst_pattern} label={t("reports.weekly.patterns")} />
        )}
      </section>
    </article>
  );
}

function DayTable({ days, onDay }: { days: DailyReport[]; onDay: (date: string) => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
      <table aria-labelledby="report-weekly-days" className="w-full min-w-[48rem] text-sm">
        <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
          <tr>
            <th scope="col" className={`${th} text-left`}>{t("reports.date")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.trades")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.winRate")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.pnl")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.avgReturn")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.maxDrawdown")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.costs")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.col.endingEquity")}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date} data-testid="report-weekly-day" data-date={day.date} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className="px-2 py-1.5 text-left font-normal whitespace-nowrap">
                <button
                  type="button"
                  onClick={() => onDay(day.date)}
                  aria-label={t("reports.weekly.openDay", { date: day.date })}
                  className="font-medium text-blue-700 tabular-nums hover:underline dark:text-blue-300"
                >
                  {day.date}
                </button>
              </th>
              <td className={num}>{formatNumber(day.trades)}</td>
              <td className={num}>{winRate(day.trades, day.win_rate_bps)}</td>
              <td className={num}>
                <WonChange value={day.realized_pnl} />
              </td>
              <td className={num}>
                <BpsChange bps={day.avg_return_bps} />
              </td>
              <td className={num}>{formatWon(day.max_drawdown, lang)}</td>
              <td className={num}>{formatWon(day.commission + day.tax, lang)}</td>
              <td className={num}>{day.ending_equity === null ? t("reports.equity.pending") : formatWon(day.ending_equity, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
