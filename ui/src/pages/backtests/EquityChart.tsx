// A run's equity curve (cumulative realised P&L after each closed trade) and its drawdown from
// the running peak, in Recharts like the Reports page's charts; the numbers as a table too.
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "../../i18n";
import { formatDateTime, formatWon } from "../../lib/format";
import type { EquityPoint } from "./result";

const UP = "#d60000";
const DOWN = "#0051c7";
const eok = new Intl.NumberFormat("ko-KR", { notation: "compact", maximumFractionDigits: 1 });

export function EquityChart({ points }: { points: EquityPoint[] }) {
  const { t, lang } = useI18n();
  const data = points.map((point, index) => ({ ...point, n: index + 1 }));
  const last = points.at(-1)?.equity ?? 0;
  const colour = last >= 0 ? UP : DOWN;
  return (
    <figure data-testid="backtest-equity" data-points={points.length} className="min-w-0 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <figcaption className="mb-2 text-sm font-semibold">{t("backtests.equity")}</figcaption>
      {points.length === 0 ? (
        <p className="flex h-56 items-center justify-center text-sm text-slate-500">{t("backtests.equity.empty")}</p>
      ) : (
        <>
          <div role="img" aria-label={t("backtests.equity")} className="h-56 w-full">
            <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 720, height: 224 }}>
              <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#94a3b855" />
                <XAxis dataKey="n" fontSize={11} />
                <YAxis tickFormatter={(v: number) => eok.format(v)} fontSize={11} width={56} />
                <ReferenceLine y={0} stroke="#64748b" />
                <Tooltip
                  labelFormatter={(n) => {
                    const point = data[Number(n) - 1];
                    return point ? `${t("backtests.equity.trade", { n: String(n) })} · ${formatDateTime(point.at)}` : String(n);
                  }}
                  formatter={(value, name) => [formatWon(Number(value), lang, true), name === "drawdown" ? t("backtests.equity.drawdown") : t("backtests.equity.cumulative")]}
                />
                <Area type="linear" dataKey="drawdown" stroke={DOWN} fill={DOWN} fillOpacity={0.1} strokeWidth={1} isAnimationActive={false} />
                <Area type="linear" dataKey="equity" stroke={colour} fill={colour} fillOpacity={0.15} isAnimationActive={false} />
              </AreaChart>
            </ResponsiveContainer>
          </div>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-slate-500">{t("backtests.asTable")}</summary>
            <div className="max-h-60 overflow-auto">
              <table className="w-full text-left tabular-nums">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t("backtests.equity.at")}</th>
                    <th scope="col" className="text-right">{t("backtests.equity.cumulative")}</th>
                    <th scope="col" className="text-right">{t("backtests.equity.drawdown")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((point) => (
                    <tr key={point.n}>
                      <td>{point.n}</td>
                      <td>{formatDateTime(point.at)}</td>
                      <td className="text-right">{formatWon(point.equity, lang, true)}</td>
                      <td className="text-right">{formatWon(point.drawdown, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}
