// Pure figures for the reports page, from GET /reports/metrics (DailyReport, newest first).
import type { components } from "../../lib/generated/api";

export type DailyReport = components["schemas"]["DailyReport"];

export interface DayPoint {
  date: string;
  /** The day's return in percent (equity change, else realised P&L over starting equity). */
  returnPct: number | null;
  pnl: number;
  /** Realised P&L summed from the first day shown. */
  cumulative: number;
  trades: number;
  winRatePct: number;
  /** The day's intraday drawdown in won (<= 0). */
  maxDrawdown: number;
}

export interface Summary {
  days: number;
  trades: number;
  wins: number;
  winRatePct: number | null;
  /** Average return per trade in percent, weighted by each day's trade count. */
  avgReturnPct: number | null;
  totalPnl: number;
  costs: number;
  /** The worst intraday drawdown of any day, in won (<= 0), and that day. */
  maxDrawdown: number;
  maxDrawdownDate: string | null;
  /** The deepest fall of the cumulative P&L curve from its running peak, in won (<= 0). */
  curveDrawdown: number;
  best: DayPoint | null;
  worst: DayPoint | null;
}

function dailyReturn(report: DailyReport): number | null {
  const start = report.starting_equity;
  if (start === null || start <= 0) return null;
  if (report.ending_equity !== null) return ((report.ending_equity - start) / start) * 100;
  return (report.realized_pnl / start) * 100;
}

/** Oldest first, with the running P&L. */
export function series(reports: DailyReport[]): DayPoint[] {
  const ordered = [...reports].sort((a, b) => a.date.localeCompare(b.date));
  let cumulative = 0;
  return ordered.map((report) => {
    cumulative += report.realized_pnl;
    return {
      date: report.date,
      returnPct: dailyReturn(report),
      pnl: report.realized_pnl,
      cumulative,
      trades: report.trades,
      winRatePct: report.win_rate_bps / 100,
      maxDrawdown: report.max_drawdown,
    };
  });
}

export function summarise(reports: DailyReport[]): Summary {
  const points = series(reports);
  const trades = reports.reduce((sum, r) => sum + r.trades, 0);
  const wins = reports.reduce((sum, r) => sum + r.wins, 0);
  const weighted = reports.filter((r) => r.avg_return_bps !== null && r.trades > 0);
  const weight = weighted.reduce((sum, r) => sum + r.trades, 0);
  const avgBps = weight > 0 ? weighted.reduce((sum, r) => sum + (r.avg_return_bps ?? 0) * r.trades, 0) / weight : null;

  let peak = 0;
  let curveDrawdown = 0;
  for (const point of points) {
    peak = Math.max(peak, point.cumulative);
    curveDrawdown = Math.min(curveDrawdown, point.cumulative - peak);
  }
  const deepest = reports.reduce<DailyReport | null>((worst, r) => (worst === null || r.max_drawdown < worst.max_drawdown ? r : worst), null);
  const traded = points.filter((point) => point.trades > 0);
  const best = traded.reduce<DayPoint | null>((top, p) => (top === null || p.pnl > top.pnl ? p : top), null);
  const worst = traded.reduce<DayPoint | null>((low, p) => (low === null || p.pnl < low.pnl ? p : low), null);

  return {
    days: reports.length,
    trades,
    wins,
    winRatePct: trades > 0 ? (wins / trades) * 100 : null,
    avgReturnPct: avgBps === null ? null : avgBps / 100,
    totalPnl: reports.reduce((sum, r) => sum + r.realized_pnl, 0),
    costs: reports.reduce((sum, r) => sum + r.commission + r.tax, 0),
    maxDrawdown: deepest?.max_drawdown ?? 0,
    maxDrawdownDate: deepest && deepest.max_drawdown < 0 ? deepest.date : null,
    curveDrawdown,
    best,
    worst: worst && best && worst.date === best.date && traded.length === 1 ? null : worst,
  };
}
