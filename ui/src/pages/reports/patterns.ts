// Results by pattern: closed trades grouped by strategy tag and exit reason. The reports API has
// no pattern figures, so these come from GET /trades (the newest page of up to 500 trades).
import type { components } from "../../lib/generated/api";

type Trade = components["schemas"]["TradeRow"];

export interface PatternStat {
  tag: string;
  exit: string;
  trades: number;
  wins: number;
  winRatePct: number;
  avgReturnPct: number;
  pnl: number;
}

/** One row per (strategy tag, exit reason), best average return first; open trades are left out. */
export function patternStats(trades: Trade[]): PatternStat[] {
  const groups = new Map<string, Trade[]>();
  for (const trade of trades) {
    if (trade.exit_time === null || trade.return_bps === null) continue;
    const key = `${trade.strategy_tag}\u0000${trade.exit_reason ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), trade]);
  }
  const stats = [...groups.entries()].map(([key, group]) => {
    const [tag = "", exit = ""] = key.split("\u0000");
    const wins = group.filter((t) => (t.realized_pnl ?? 0) > 0).length;
    return {
      tag,
      exit,
      trades: group.length,
      wins,
      winRatePct: (wins / group.length) * 100,
      avgReturnPct: group.reduce((sum, t) => sum + (t.return_bps ?? 0), 0) / group.length / 100,
      pnl: group.reduce((sum, t) => sum + (t.realized_pnl ?? 0), 0),
    };
  });
  return stats.sort((a, b) => b.avgReturnPct - a.avgReturnPct || b.pnl - a.pnl);
}
