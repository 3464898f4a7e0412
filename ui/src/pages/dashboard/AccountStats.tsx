import type { ReactNode } from "react";
import { WonChange } from "../../components/Change";
import { useI18n } from "../../i18n";
import type { components } from "../../lib/generated/api";
import { changeClass, formatBps, formatWon } from "../../lib/format";

type Balance = components["schemas"]["Balance"];

/** 예수금 beside what the agent may spend (증거금100%) and its capital; the whole account's
 * equity; the agent's own P&L, the day's as a share of its capital. */
export function AccountStats({ balance: b }: { balance: Balance }) {
  const { t, lang } = useI18n();
  const dayBps = b.capital > 0 ? Math.round((b.daily_pnl * 10_000) / b.capital) : null;
  return (
    <dl aria-label={t("dashboard.account")} className="grid grid-cols-2 gap-3 lg:grid-cols-3 2xl:grid-cols-6">
      <Stat testId="account-deposit" label={t("dashboard.cash")}>
        {formatWon(b.cash, lang)}
      </Stat>
      <Stat testId="account-orderable-cash" label={t("dashboard.orderableCash")} hint={t("dashboard.orderableCashHint")}>
        {formatWon(b.orderable_cash_only, lang)}
      </Stat>
      <Stat testId="account-capital" label={t("dashboard.capital")} hint={t("dashboard.capitalHint")}>
        {formatWon(b.capital, lang)}
      </Stat>
      <Stat testId="account-equity" label={t("dashboard.equity")} hint={t("dashboard.equityHint")}>
        {formatWon(b.equity, lang)}
      </Stat>
      <Stat testId="open-pnl" label={t("dashboard.openPnl")}>
        <WonChange value={b.open_pnl} />
      </Stat>
      <Stat testId="daily-pnl" label={t("dashboard.dailyPnl")}>
        <WonChange value={b.daily_pnl} />
        <span className="block text-xs font-normal text-slate-500">
          <span data-testid="daily-return" className={changeClass(dayBps)}>
            {t("dashboard.dailyReturn", { rate: formatBps(dayBps) })}
          </span>
          {" · "}
          {t("dashboard.realized", { amount: formatWon(b.realized_pnl, lang, true) })}
        </span>
      </Stat>
    </dl>
  );
}

function Stat({ testId, label, hint, children }: { testId: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd data-testid={testId} className="text-lg font-semibold tabular-nums">
        {children}
      </dd>
      {hint ? <dd className="text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}
