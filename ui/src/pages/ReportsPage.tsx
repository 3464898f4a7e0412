// Reports: daily returns and the cumulative P&L curve (Recharts), win rate, average return,
// drawdowns and the best and worst days, from GET /reports/metrics; below them the report viewer:
// one session (/reports/daily), one ISO week (/reports/weekly) or the patterns of a span of days
// (/reports/patterns). The viewer's state lives in the URL (?view=&date=&week=&from=&to=&min_trades=)
// so a report can be bookmarked; without a date or week the API answers the last session's.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n, type MessageKey } from "../i18n";
import { changeClass, formatNumber, formatPercent, formatWon } from "../lib/format";
import { apiQuery } from "../lib/query";
import { isDate, isWeek } from "./reports/calendar";
import { CumulativePnlChart, DailyReturnChart } from "./reports/Charts";
import { DailyView } from "./reports/DailyReport";
import { Stat } from "../components/Stat";
import { isMinTrades, PatternsView, type PatternQuery } from "./reports/Patterns";
import { series, summarise, type DailyReport, type DayPoint } from "./reports/summary";
import { WeeklyView } from "./reports/WeeklyReport";

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
      <Viewer />
    </section>
  );
}

const VIEWS = ["daily", "weekly", "patterns"] as const;
type View = (typeof VIEWS)[number];
const VIEW_PARAMS = ["view", "date", "week", "from", "to", "min_trades"] as const;
type ViewParams = Partial<Record<(typeof VIEW_PARAMS)[number], string>>;

/** The report viewer's state from the URL; anything malformed counts as absent (the default). */
function readParams(params: URLSearchParams) {
  const view = params.get("view");
  const date = params.get("date");
  const week = params.get("week");
  const from = params.get("from");
  const to = params.get("to");
  const min = Number(params.get("min_trades") ?? "");
  return {
    view: (VIEWS as readonly string[]).includes(view ?? "") ? (view as View) : "daily",
    date: isDate(date) ? date : undefined,
    week: isWeek(week) ? week : undefined,
    patterns: {
      from: isDate(from) ? from : undefined,
      to: isDate(to) ? to : undefined,
      min_trades: params.has("min_trades") && isMinTrades(min) ? min : undefined,
    } satisfies PatternQuery,
  };
}

function Viewer() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = readParams(params);
  const update = (patch: ViewParams) => {
    const next = new URLSearchParams(params);
    for (const key of VIEW_PARAMS) {
      if (!(key in patch)) continue;
      const value = patch[key];
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  return (
    <section aria-labelledby="report-viewer-title" className="mt-8">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="report-viewer-title" className="text-lg font-semibold">
          {t("reports.viewer")}
        </h2>
        <div role="group" aria-label={t("reports.views")} className="flex flex-wrap gap-2">
          {VIEWS.map((view) => (
            <button
              key={view}
              type="button"
              data-testid={`report-view-${view}`}
              aria-pressed={state.view === view}
              onClick={() => update({ view: view === "daily" ? undefined : view })}
              className={`rounded-full border px-3 py-1 text-sm ${
                state.view === view ? "border-slate-900 bg-slate-900 text-white dark:border-white dark:bg-white dark:text-slate-900" : "border-slate-300 dark:border-slate-700"
              }`}
            >
              {t(`reports.view.${view}` as MessageKey)}
            </button>
          ))}
        </div>
      </div>
      {state.view === "daily" ? (
        <DailyView date={state.date} onDate={(date) => update({ date })} />
      ) : state.view === "weekly" ? (
        <WeeklyView week={state.week} onWeek={(week) => update({ week })} onDay={(date) => update({ view: undefined, date })} />
      ) : (
        <PatternsView
          query={state.patterns}
          onQuery={(query) => update({ from: query.from, to: query.to, min_trades: query.min_trades === undefined ? undefined : String(query.min_trades) })}
        />
      )}
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
    </>
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

