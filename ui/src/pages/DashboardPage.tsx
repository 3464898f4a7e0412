// Placeholder: the dashboard page's author replaces this file (and owns i18n/catalogue/dashboard.ts).
import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { changeClass, formatWon } from "../lib/format";
import { apiQuery } from "../lib/query";
import { useLiveInvalidate } from "../lib/useLive";

export default function DashboardPage() {
  const { t, lang } = useI18n();
  const balance = useQuery(apiQuery("/api/v1/account/balance"));
  useLiveInvalidate(["position_update", "order_filled"], ["/api/v1/account/balance"]);
  return (
    <section>
      <PageHeader title={t("dashboard.title")} />
      <QueryState query={balance}>
        {(b) => (
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
            {(
              [
                ["dashboard.cash", b.cash, false],
                ["dashboard.equity", b.equity, false],
                ["dashboard.openPnl", b.open_pnl, true],
                ["dashboard.dailyPnl", b.daily_pnl, true],
              ] as const
            ).map(([label, value, signed]) => (
              <div key={label} className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
                <dt className="text-xs text-slate-500">{t(label)}</dt>
                <dd className={`text-lg font-semibold tabular-nums ${signed ? changeClass(value) : ""}`}>
                  {formatWon(value, lang, signed)}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </QueryState>
    </section>
  );
}
