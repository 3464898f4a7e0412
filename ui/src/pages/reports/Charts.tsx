// The two report charts (Recharts), each with an empty state and its numbers as a table for
// screen readers and keyboard users. Gains are red, losses blue (Korean convention).
import { Area, AreaChart, CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ReactNode } from "react";
import { useI18n } from "../../i18n";
import { formatPercent, formatWon } from "../../lib/format";
import type { DayPoint } from "./summary";

const UP = "#d60000";
const DOWN = "#0051c7";
const short = (date: string) => date.slice(5);
const eok = new Intl.NumberFormat("ko-KR", { notation: "compact", maximumFractionDigits: 1 });

function ChartCard({ title, testId, points, children, table }: { title: string; testId: string; points: DayPoint[]; children: ReactNode; table: ReactNode }) {
  const { t } = useI18n();
  return (
    <figure data-testid={testId} data-points={points.length} className="min-w-0 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      {points.length === 0 ? (
        <p className="flex h-56 items-center justify-center text-sm text-slate-500">{t("reports.chartEmpty")}</p>
      ) : (
        <>
          <div role="img" aria-label={title} className="h-56 w-full">
            {children}
          </div>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-slate-500">{t("reports.asTable")}</summary>
            <div className="max-h-60 overflow-auto">{table}</div>
          </details>
        </>
      )}
    </figure>
  );
}

function DataTable({ rows, head }: { rows: [string, string, string][]; head: [string, string] }) {
  const { t } = useI18n();
  return (
    <table className="w-full text-left tabular-nums">
      <thead className="text-xs text-slate-500">
        <tr>
          <th scope="col">{t("reports.date")}</th>
          <th scope="col" className="text-right">{head[0]}</th>
          <th scope="col" className="text-right">{head[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([date, a, b]) => (
          <tr key={date}>
            <td>{date}</td>
            <td className="text-right">{a}</td>
            <td className="text-right">{b}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DailyReturnChart({ points }: { points: DayPoint[] }) {
  const { t, lang } = useI18n();
  const data = points.filter((point) => point.returnPct !== null);
  return (
    <ChartCard
      title={t("reports.dailyReturn")}
      testId="chart-daily-return"
      points={data}
      table={<DataTable head={[t("reports.returnRate"), t("reports.pnl")]} rows={data.map((p) => [p.date, formatPercent(p.returnPct), formatWon(p.pnl, lang, true)])} />}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 224 }}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b855" />
          <XAxis dataKey="date" tickFormatter={short} fontSize={11} />
          <YAxis tickFormatter={(v: number) => `${v}%`} fontSize={11} width={48} />
          <ReferenceLine y={0} stroke="#64748b" />
          <Tooltip formatter={(value) => [formatPercent(Number(value)), t("reports.returnRate")]} />
          {/* The line is neutral; each day's dot is red (up) or blue (down), Korean style. */}
          <Line
            type="linear"
            dataKey="returnPct"
            stroke="#64748b"
            strokeWidth={2}
            isAnimationActive={false}
            dot={(props: { cx?: number; cy?: number; index?: number; payload?: DayPoint }) => (
              <circle
                key={props.index}
                cx={props.cx}
                cy={props.cy}
                r={4}
                fill={(props.payload?.returnPct ?? 0) >= 0 ? UP : DOWN}
                stroke="none"
              />
            )}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function CumulativePnlChart({ points }: { points: DayPoint[] }) {
  const { t, lang } = useI18n();
  const last = points.at(-1)?.cumulative ?? 0;
  const colour = last >= 0 ? UP : DOWN;
  return (
    <ChartCard
      title={t("reports.cumulativePnl")}
      testId="chart-cumulative-pnl"
      points={points}
      table={<DataTable head={[t("reports.pnl"), t("reports.cumulativePnl")]} rows={points.map((p) => [p.date, formatWon(p.pnl, lang, true), formatWon(p.cumulative, lang, true)])} />}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 224 }}>
        <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b855" />
          <XAxis dataKey="date" tickFormatter={short} fontSize={11} />
          <YAxis tickFormatter={(v: number) => eok.format(v)} fontSize={11} width={56} />
          <ReferenceLine y={0} stroke="#64748b" />
          <Tooltip formatter={(value) => [formatWon(Number(value), lang, true), t("reports.cumulativePnl")]} />
          <Area type="monotone" dataKey="cumulative" stroke={colour} fill={colour} fillOpacity={0.15} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
