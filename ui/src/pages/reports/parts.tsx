// Pieces the report views share: a figure card, the final/live badge, a report's figures, the
// best and worst pattern, and the pattern table (GET /reports/daily, /weekly and /patterns all
// send PatternRow, best expectancy first). Gains are red, losses blue (Korean convention).
import { Stat } from "../../components/Stat";
import { BpsChange, WonChange } from "../../components/Change";
import { labelOf } from "../../components/labels";
import { useI18n } from "../../i18n";
import { changeClass, formatBps, formatNumber, formatPercent, formatWon } from "../../lib/format";
import type { components } from "../../lib/generated/api";

export type PatternRow = components["schemas"]["PatternRow"];
type DailyReport = components["schemas"]["DailyReport"];
/** What a day's and a week's report have in common. */
export type ReportFigures = Pick<
  DailyReport,
  "trades" | "wins" | "win_rate_bps" | "realized_pnl" | "commission" | "tax" | "max_drawdown" | "avg_return_bps" | "starting_equity" | "ending_equity"
>;

export const th = "px-2 py-1.5 font-medium whitespace-nowrap";
export const num = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap";
export const button = "rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-40 dark:border-slate-700";
export const input = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

/** Win rate of `trades` (the API sends 0 bps without trades: shown as "-"). */
export function winRate(trades: number, bps: number): string {
  return trades > 0 ? formatPercent(bps / 100, 1, false) : "-";
}

export function profitFactor(value: number | null): string {
  return value === null ? "-" : value.toFixed(2);
}

/** "final" once the report was stored at the close, else "live": its figures still move. */
export function StatusBadge({ final }: { final: boolean }) {
  const { t } = useI18n();
  return (
    <span
      data-testid="report-status"
      data-final={String(final)}
      title={final ? t("reports.final.hint") : undefined}
      className={`rounded px-2 py-0.5 text-xs font-semibold ${
        final ? "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100" : "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100"
      }`}
    >
      {final ? t("reports.final") : t("reports.live")}
    </span>
  );
}

export function Figures({ report, testId, drawdownLabel }: { report: ReportFigures; testId: string; drawdownLabel?: string }) {
  const { t, lang } = useI18n();
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
      <Stat label={t("reports.pnl")} testId={`${testId}-pnl`} detail={t("reports.costs", { value: formatWon(report.commission + report.tax, lang) })}>
        <span className={changeClass(report.realized_pnl)}>{formatWon(report.realized_pnl, lang, true)}</span>
      </Stat>
      <Stat
        label={t("reports.winRate")}
        testId={`${testId}-win-rate`}
        detail={t("reports.winRate.detail", { wins: formatNumber(report.wins), trades: formatNumber(report.trades) })}
      >
        {winRate(report.trades, report.win_rate_bps)}
      </Stat>
      <Stat label={t("reports.avgReturn")} testId={`${testId}-avg-return`}>
        <span className={changeClass(report.avg_return_bps)}>{formatBps(report.avg_return_bps)}</span>
      </Stat>
      <Stat label={drawdownLabel ?? t("reports.maxDrawdown")} testId={`${testId}-max-drawdown`}>
        <span className={changeClass(report.max_drawdown)}>{formatWon(report.max_drawdown, lang)}</span>
      </Stat>
      <Stat label={t("reports.equity")} testId={`${testId}-equity`}>
        <span className="text-base">
          {formatWon(report.starting_equity, lang)} → {report.ending_equity === null ? t("reports.equity.pending") : formatWon(report.ending_equity, lang)}
        </span>
      </Stat>
    </dl>
  );
}

function PatternCard({ kind, name, rows }: { kind: "best" | "worst"; name: string | null; rows: PatternRow[] }) {
  const { t, lang } = useI18n();
  const row = name === null ? undefined : rows.find((r) => r.name === name);
  return (
    <div
      data-testid={`report-${kind}-pattern`}
      className={`min-w-0 rounded-lg border p-3 ${kind === "best" ? "border-red-200 dark:border-red-900" : "border-blue-200 dark:border-blue-900"}`}
    >
      <dt className="text-xs text-slate-500">{t(kind === "best" ? "reports.pattern.bestTitle" : "reports.pattern.worstTitle")}</dt>
      <dd className="mt-1 font-mono text-sm break-words">{name ?? <span className="font-sans text-slate-500">{t("reports.pattern.none")}</span>}</dd>
      {row ? (
        <dd className="text-xs text-slate-500 tabular-nums">
          {t("reports.pattern.summary", {
            trades: formatNumber(row.trades),
            winRate: winRate(row.trades, row.win_rate_bps),
            expectancy: formatWon(row.expectancy_won, lang, true),
          })}
        </dd>
      ) : null}
    </div>
  );
}

/** The best and worst pattern by name; their figures when `rows` has them. */
export function BestWorst({ best, worst, rows }: { best: string | null; worst: string | null; rows: PatternRow[] }) {
  return (
    <dl className="grid gap-3 md:grid-cols-2">
      <PatternCard kind="best" name={best} rows={rows} />
      <PatternCard kind="worst" name={worst} rows={rows} />
    </dl>
  );
}

const MINUTE = /^\+(\d+)m$/;

export function PatternTable({ rows, best, worst, label }: { rows: PatternRow[]; best: string | null; worst: string | null; label: string }) {
  const { t } = useI18n();
  const exit = (code: string) => labelOf(t, "reports.exit", code);
  const reasons = (codes: string) =>
    codes
      .split("+")
      .map((code) => labelOf(t, "trades.reason", code))
      .join(" + ");
  const minute = (bucket: string) => {
    const match = MINUTE.exec(bucket);
    if (!match) return bucket;
    const from = Number(match[1]);
    return t("reports.pattern.minuteRange", { from, to: from + 5 });
  };
  const band = (text: string, prefix: string) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);
  return (
    <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
      <table aria-label={label} className="w-full min-w-[60rem] text-sm">
        <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
          <tr>
            <th scope="col" className={`${th} text-left`}>{t("reports.pattern.reasons")}</th>
            <th scope="col" className={`${th} text-left`}>{t("reports.pattern.minute")}</th>
            <th scope="col" className={`${th} text-left`}>{t("reports.pattern.news")}</th>
            <th scope="col" className={`${th} text-left`}>{t("reports.pattern.rank")}</th>
            <th scope="col" className={`${th} text-left`}>{t("reports.pattern.exit")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.trades")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.winRate")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.avgReturn")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.pattern.expectancy")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.pnl")}</th>
            <th scope="col" className={`${th} text-right`}>{t("reports.pattern.profitFactor")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const mark = row.name === best ? "best" : row.name === worst ? "worst" : null;
            return (
              <tr key={row.name} data-testid="report-pattern-row" data-name={row.name} data-mark={mark ?? undefined} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="px-2 py-1.5 text-left font-normal" title={row.name}>
                  {reasons(row.reasons)}
                  {mark ? (
                    <span className={`ml-2 rounded px-1.5 py-0.5 text-xs font-semibold ${mark === "best" ? "bg-red-100 text-up dark:bg-red-950" : "bg-blue-100 text-down dark:bg-blue-950"}`}>
                      {t(mark === "best" ? "reports.pattern.best" : "reports.pattern.worst")}
                    </span>
                  ) : null}
                </th>
                <td className="px-2 py-1.5 whitespace-nowrap tabular-nums">{minute(row.minute)}</td>
                <td className="px-2 py-1.5 whitespace-nowrap tabular-nums">{band(row.news, "news ")}</td>
                <td className="px-2 py-1.5 whitespace-nowrap tabular-nums">{band(row.rank, "rank ")}</td>
                <td className="px-2 py-1.5 whitespace-nowrap">{exit(row.exit)}</td>
                <td className={num}>{formatNumber(row.trades)}</td>
                <td className={num}>{winRate(row.trades, row.win_rate_bps)}</td>
                <td className={num}>
                  <BpsChange bps={row.avg_return_bps} />
                </td>
                <td className={num}>
                  <WonChange value={row.expectancy_won} />
                </td>
                <td className={num}>
                  <WonChange value={row.realized_pnl} />
                </td>
                <td className={num} data-testid="pattern-profit-factor">
                  {profitFactor(row.profit_factor)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
