// One stored run (GET /backtests/{id}): its figures, equity curve, days, patterns, the skipped
// days, the parameters it ran with, and a link to its HTML report. A 404 says the run is gone.
import { useQuery } from "@tanstack/react-query";
import { Stat } from "../../components/Stat";
import { BpsChange, WonChange } from "../../components/Change";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import { isApiError } from "../../lib/api";
import { formatDateTime, formatNumber, formatPercent, formatWon } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";
import { EquityChart } from "./EquityChart";
import { ReportLink } from "./ReportLink";
import { readResult, type Day, type PatternRow, type SpanResult } from "./result";
import { useSourceText } from "./RunList";

type Detail = components["schemas"]["BacktestRunDetail"];

const th = "px-2 py-1.5 font-medium whitespace-nowrap";

export function RunDetail({ id }: { id: number }) {
  const { t } = useI18n();
  const detail = useQuery(apiQuery("/api/v1/backtests/{run_id}", { path: { run_id: id } }));
  const missing = detail.isError && isApiError(detail.error) && detail.error.status === 404;
  return (
    <section aria-labelledby="backtest-detail-title" data-testid="backtest-detail" data-id={id} className="mt-6">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="backtest-detail-title" className="text-lg font-semibold">
          {t("backtests.detail.title", { id })}
          {detail.data ? <span className="ml-2 text-sm font-normal text-slate-500">{detail.data.run.span}</span> : null}
        </h2>
        {detail.isSuccess ? <ReportLink id={id} /> : null}
      </div>
      {missing ? (
        <p role="alert" className="text-sm text-slate-600 dark:text-slate-300">
          {t("backtests.detail.missing", { message: detail.error?.message ?? "" })}
        </p>
      ) : (
        <QueryState query={detail}>{(data) => <Run detail={data} />}</QueryState>
      )}
    </section>
  );
}

function Run({ detail }: { detail: Detail }) {
  const { t, lang } = useI18n();
  const sourceText = useSourceText();
  const result = readResult(detail.result);
  const { run } = detail;
  const s = result.summary;
  return (
    <>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
        {t("backtests.detail.meta", { source: sourceText(run.source), span: run.span, days: formatNumber(run.days), at: formatDateTime(run.started_at) })}
      </p>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        <Stat label={t("backtests.run.pnl")} testId="backtest-pnl" detail={t("backtests.costs", { value: formatWon(s.commission + s.tax, lang) })}>
          <WonChange value={run.realized_pnl} />
        </Stat>
        <Stat label={t("backtests.run.trades")} testId="backtest-trades" detail={t("backtests.winRate.detail", { wins: formatNumber(s.wins), trades: formatNumber(s.trades) })}>
          {formatNumber(run.trades)}
        </Stat>
        <Stat label={t("backtests.winRate")} testId="backtest-win-rate">
          {s.trades > 0 ? formatPercent(s.win_rate_bps / 100, 1, false) : "-"}
        </Stat>
        <Stat label={t("backtests.avgReturn")} testId="backtest-avg-return">
          <BpsChange bps={s.avg_return_bps} />
        </Stat>
        <Stat label={t("backtests.run.mdd")} testId="backtest-mdd">
          <span className={run.max_drawdown < 0 ? "text-down" : ""}>{formatWon(run.max_drawdown, lang)}</span>
        </Stat>
      </dl>
      <div className="mt-4">
        <EquityChart points={result.equity} />
      </div>
      <Days result={result} />
      <Patterns rows={result.patterns} />
      <Parameters parameters={detail.parameters} />
      {result.fill_model ? (
        <p className="mt-4 text-xs text-slate-500">
          {t("backtests.fillModel")} {result.fill_model}
        </p>
      ) : null}
    </>
  );
}

function Days({ result }: { result: SpanResult }) {
  const { t, lang } = useI18n();
  const seeded = result.source === "seeds";
  return (
    <section aria-labelledby="backtest-days-title" className="mt-6">
      <h3 id="backtest-days-title" className="mb-2 text-base font-semibold">
        {t("backtests.days")}
      </h3>
      {result.days.length === 0 ? (
        <p className="text-sm text-slate-500">{t("backtests.days.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
          <table data-testid="backtest-days" className="w-full min-w-[48rem] text-sm whitespace-nowrap tabular-nums">
            <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
              <tr>
                {seeded ? <th scope="col" className={`${th} text-left`}>{t("backtests.day.seed")}</th> : null}
                <th scope="col" className={`${th} text-left`}>{t("backtests.day.date")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.trades")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.winRate")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.avgReturn")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.pnl")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.day.costs")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.mdd")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.day.orders")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.day.rejected")}</th>
              </tr>
            </thead>
            <tbody>
              {result.days.map((day: Day, index) => (
                <tr key={`${day.seed}-${day.trading_date}-${index}`} data-testid="backtest-day-row" data-seed={day.seed} data-date={day.trading_date} className="border-t border-slate-100 dark:border-slate-800">
                  {seeded ? <td className="px-2 py-1.5">{t("backtests.day.seedN", { n: day.seed })}</td> : null}
                  <td className="px-2 py-1.5 whitespace-nowrap">{day.trading_date}</td>
                  <td className="px-2 py-1.5 text-right">{formatNumber(day.trades)}</td>
                  <td className="px-2 py-1.5 text-right">{day.summary.trades > 0 ? formatPercent(day.summary.win_rate_bps / 100, 1, false) : "-"}</td>
                  <td className="px-2 py-1.5 text-right">
                    <BpsChange bps={day.summary.avg_return_bps} />
                  </td>
                  <td className="px-2 py-1.5 text-right">
                    <WonChange value={day.summary.realized_pnl} />
                  </td>
                  <td className="px-2 py-1.5 text-right">{formatWon(day.summary.commission + day.summary.tax, lang)}</td>
                  <td className="px-2 py-1.5 text-right">{formatWon(day.summary.max_drawdown, lang)}</td>
                  <td className="px-2 py-1.5 text-right">{formatNumber(day.orders)}</td>
                  <td className="px-2 py-1.5 text-right">{formatNumber(day.rejected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.skipped.length > 0 ? (
        <div data-testid="backtest-skipped" className="mt-2 text-sm">
          <p className="font-medium">{t("backtests.skipped", { n: result.skipped.length })}</p>
          <ul className="list-disc pl-5 text-slate-600 dark:text-slate-300">
            {result.skipped.map(([day, why]) => (
              <li key={day}>
                {day}: {why}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function profitFactor(row: PatternRow): string {
  if (row.profit_factor !== null) return row.profit_factor.toFixed(2);
  return row.wins > 0 ? "∞" : "-";
}

function Patterns({ rows }: { rows: PatternRow[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="backtest-patterns-title" className="mt-6">
      <h3 id="backtest-patterns-title" className="text-base font-semibold">
        {t("backtests.patterns")}
      </h3>
      <p className="mb-2 text-xs text-slate-500">{t("backtests.patterns.note")}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("backtests.patterns.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
          <table data-testid="backtest-patterns" className="w-full min-w-[44rem] text-sm whitespace-nowrap tabular-nums">
            <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
              <tr>
                <th scope="col" className={`${th} text-left`}>{t("backtests.pattern")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.trades")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.winRate")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.avgReturn")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.run.pnl")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.pattern.expectancy")}</th>
                <th scope="col" className={`${th} text-right`}>{t("backtests.pattern.profitFactor")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.pattern} data-testid="backtest-pattern-row" data-pattern={row.pattern} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="px-2 py-1.5 break-all whitespace-normal">{row.pattern}</td>
                  <td className="px-2 py-1.5 text-right">{formatNumber(row.trades)}</td>
                  <td className="px-2 py-1.5 text-right">{formatPercent(row.win_rate_bps / 100, 1, false)}</td>
                  <td className="px-2 py-1.5 text-right">
                    <BpsChange bps={row.avg_return_bps} />
                  </td>
                  <td className="px-2 py-1.5 text-right">
                    <WonChange value={row.realized_pnl} />
                  </td>
                  <td className="px-2 py-1.5 text-right">
                    <WonChange value={row.expectancy_won} />
                  </td>
                  <td className="px-2 py-1.5 text-right">{profitFactor(row)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "-";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The strategy, risk and execution settings the run traded with (collapsed). */
function Parameters({ parameters }: { parameters: Record<string, unknown> }) {
  const { t } = useI18n();
  const sections = Object.entries(parameters).filter(([, value]) => value && typeof value === "object");
  if (sections.length === 0) return null;
  return (
    <details data-testid="backtest-parameters" className="mt-6 text-sm">
      <summary className="cursor-pointer font-semibold">{t("backtests.parameters")}</summary>
      <div className="mt-2 grid gap-4 md:grid-cols-3">
        {sections.map(([section, values]) => (
          <div key={section}>
            <h4 className="mb-1 text-xs font-semibold text-slate-500 uppercase">{section}</h4>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs tabular-nums">
              {Object.entries(values as Record<string, unknown>).map(([key, value]) => (
                <div key={key} className="contents">
                  <dt className="text-slate-500">{key}</dt>
                  <dd className="break-all">{show(value)}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
    </details>
  );
}
