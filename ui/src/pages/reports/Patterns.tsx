// Best and worst patterns: closed trades grouped by strategy tag and exit reason (reports/patterns.ts).
import { useQuery } from "@tanstack/react-query";
import { QueryState } from "../../components/QueryState";
import { useI18n, type MessageKey } from "../../i18n";
import { changeClass, formatPercent, formatWon } from "../../lib/format";
import { apiQuery } from "../../lib/query";
import { patternStats } from "./patterns";

const LATEST = 500;

export function Patterns() {
  const { t, lang } = useI18n();
  const trades = useQuery(apiQuery("/api/v1/trades", { query: { page_size: LATEST, sort: "date", order: "desc" } }));
  const exitText = (exit: string) => {
    const key = `reports.exit.${exit}` as MessageKey;
    const text = t(key);
    return text === key ? exit || "-" : text;
  };
  const th = "px-2 py-1.5 font-medium whitespace-nowrap";
  return (
    <section aria-labelledby="report-patterns-title" className="mt-6">
      <h2 id="report-patterns-title" className="text-lg font-semibold">
        {t("reports.patterns")}
      </h2>
      <p className="mb-2 text-xs text-slate-500">{t("reports.patterns.note", { n: LATEST })}</p>
      <QueryState query={trades}>
        {(page) => {
          const stats = patternStats(page.items);
          if (stats.length === 0) return <p className="text-sm text-slate-500">{t("reports.patterns.empty")}</p>;
          return (
            <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
              <table className="w-full min-w-[36rem] text-sm tabular-nums">
                <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
                  <tr>
                    <th scope="col" className={`${th} text-left`}>{t("reports.pattern.tag")}</th>
                    <th scope="col" className={`${th} text-left`}>{t("reports.pattern.exit")}</th>
                    <th scope="col" className={`${th} text-right`}>{t("reports.trades")}</th>
                    <th scope="col" className={`${th} text-right`}>{t("reports.winRate")}</th>
                    <th scope="col" className={`${th} text-right`}>{t("reports.avgReturn")}</th>
                    <th scope="col" className={`${th} text-right`}>{t("reports.pnl")}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.map((stat, index) => {
                    const mark = stats.length > 1 && index === 0 ? "best" : stats.length > 1 && index === stats.length - 1 ? "worst" : null;
                    return (
                      <tr key={`${stat.tag}-${stat.exit}`} data-testid="report-pattern-row" data-mark={mark ?? undefined} className="border-t border-slate-100 dark:border-slate-800">
                        <td className="px-2 py-1.5">
                          {stat.tag}
                          {mark ? (
                            <span className={`ml-2 rounded px-1.5 py-0.5 text-xs font-semibold ${mark === "best" ? "bg-red-100 text-up dark:bg-red-950" : "bg-blue-100 text-down dark:bg-blue-950"}`}>
                              {t(mark === "best" ? "reports.pattern.best" : "reports.pattern.worst")}
                            </span>
                          ) : null}
                        </td>
                        <td className="px-2 py-1.5">{exitText(stat.exit)}</td>
                        <td className="px-2 py-1.5 text-right">{stat.trades}</td>
                        <td className="px-2 py-1.5 text-right">{formatPercent(stat.winRatePct, 1, false)}</td>
                        <td className={`px-2 py-1.5 text-right ${changeClass(stat.avgReturnPct)}`}>{formatPercent(stat.avgReturnPct)}</td>
                        <td className={`px-2 py-1.5 text-right ${changeClass(stat.pnl)}`}>{formatWon(stat.pnl, lang, true)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}
