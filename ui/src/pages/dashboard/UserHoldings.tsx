import { BpsChange, WonChange } from "../../components/Change";
import { useI18n } from "../../i18n";
import type { components } from "../../lib/generated/api";
import { formatNumber, formatWon } from "../../lib/format";

type Position = components["schemas"]["PositionSummary"];

/** The user's own holdings in the shared account (`managed: false`): no stop column, since the
 * agent never sells, stops or counts them. */
export function UserHoldings({ rows }: { rows: Position[] }) {
  const { t, lang } = useI18n();
  const head = "px-2 py-1.5 font-medium";
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table data-testid="user-holdings" className="w-full text-sm">
        <thead className="border-b border-slate-200 text-left text-xs text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className={head}>{t("dashboard.stock")}</th>
            <th scope="col" className={`${head} text-right`}>{t("dashboard.quantity")}</th>
            <th scope="col" className={`${head} text-right`}>{t("dashboard.sellable")}</th>
            <th scope="col" className={`${head} text-right`}>{t("dashboard.avgPrice")}</th>
            <th scope="col" className={`${head} text-right`}>{t("dashboard.price")}</th>
            <th scope="col" className={`${head} text-right`}>{t("dashboard.pnl")}</th>
            <th scope="col" className={`${head} text-right`}>{t("dashboard.return")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.code} data-testid="holding-row" data-code={p.code} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <th scope="row" className="px-2 py-1.5 text-left font-medium">
                {p.name} <span className="text-xs font-normal text-slate-500 tabular-nums">{p.code}</span>
              </th>
              <td className="px-2 py-1.5 text-right tabular-nums">{t("dashboard.shares", { count: formatNumber(p.quantity) })}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{t("dashboard.shares", { count: formatNumber(p.sellable) })}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatWon(p.avg_price, lang)}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatWon(p.price, lang)}</td>
              <td className="px-2 py-1.5 text-right">
                <WonChange value={p.pnl} />
              </td>
              <td className="px-2 py-1.5 text-right">
                <BpsChange bps={p.return_bps} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
