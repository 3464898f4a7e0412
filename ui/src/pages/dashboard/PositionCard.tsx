import type { components } from "../../lib/generated/api";
import { BpsChange, WonChange } from "../../components/Change";
import { useI18n } from "../../i18n";
import { formatNumber, formatWon } from "../../lib/format";

type Position = components["schemas"]["PositionSummary"];

/** One of the agent's positions: price, P&L, return in Korean colours, its stop and the trigger
 * of its backstop at the broker (the stop while the agent is not running); pressing it shows its
 * chart. */
export function PositionCard({ position, selected, onSelect }: { position: Position; selected: boolean; onSelect: () => void }) {
  const { t, lang } = useI18n();
  const p = position;
  return (
    <article
      data-testid="position-card"
      data-code={p.code}
      className={`rounded border bg-white p-3 dark:bg-slate-900 ${selected ? "border-blue-500 ring-1 ring-blue-500" : "border-slate-200 dark:border-slate-800"}`}
    >
      <button
        type="button"
        onClick={onSelect}
        aria-pressed={selected}
        aria-label={t("dashboard.showChart", { name: p.name })}
        className="flex w-full items-baseline justify-between gap-2 rounded text-left"
      >
        <span className="truncate font-semibold">{p.name}</span>
        <span className="text-xs text-slate-500 tabular-nums">{p.code}</span>
      </button>
      <div className="mt-2 flex items-baseline justify-between gap-2">
        <span className="text-lg font-semibold tabular-nums">{formatWon(p.price, lang)}</span>
        <BpsChange bps={p.return_bps} className="font-semibold" />
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">{t("dashboard.pnl")}</dt>
        <dd className="text-right">
          <WonChange value={p.pnl} />
        </dd>
        <dt className="text-slate-500">{t("dashboard.quantity")}</dt>
        <dd className="text-right tabular-nums">
          {t("dashboard.shares", { count: formatNumber(p.quantity) })}
          {p.sellable !== p.quantity ? <span className="block text-xs text-slate-500">{t("dashboard.sellableOf", { count: formatNumber(p.sellable) })}</span> : null}
        </dd>
        <dt className="text-slate-500">{t("dashboard.avgPrice")}</dt>
        <dd className="text-right tabular-nums">{formatWon(p.avg_price, lang)}</dd>
        <dt className="text-slate-500">{t("dashboard.stop")}</dt>
        <dd className="text-right tabular-nums text-down">{formatWon(p.stop_price, lang)}</dd>
        <dt className="text-slate-500">{t("dashboard.backstop")}</dt>
        <dd data-testid="backstop" className="text-right tabular-nums">
          {p.backstop_price != null ? formatWon(p.backstop_price, lang) : <span className="text-amber-700 dark:text-amber-300">{t("dashboard.backstopNone")}</span>}
        </dd>
      </dl>
    </article>
  );
}
