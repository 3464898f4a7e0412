import { describe, expect, it } from "vitest";
import { series, summarise, type DailyReport } from "./summary";

function day(date: string, pnl: number, extra: Partial<DailyReport> = {}): DailyReport {
  return {
    date,
    trades: 2,
    wins: 1,
    win_rate_bps: 5000,
    realized_pnl: pnl,
    commission: 100,
    tax: 200,
    max_drawdown: 0,
    avg_return_bps: 50,
    starting_equity: 10_000_000,
    ending_equity: 10_000_000 + pnl,
    best_pattern: null,
    worst_pattern: null,
    final: true,
    patterns: [],
    closed: [],
    ...extra,
  };
}

describe("report figures", () => {
  it("orders days oldest first and accumulates the P&L", () => {
    const points = series([day("2026-11-24", -50_000), day("2026-11-23", 100_000)]);
    expect(points.map((p) => [p.date, p.cumulative])).toEqual([
      ["2026-11-23", 100_000],
      ["2026-11-24", 50_000],
    ]);
    expect(points[0]!.returnPct).toBeCloseTo(1);
  });

  it("weights the average return by trades and finds the drawdowns and best and worst days", () => {
    const summary = summarise([
      day("2026-11-20", 100_000, { trades: 1, wins: 1, avg_return_bps: 300 }),
      day("2026-11-21", -150_000, { trades: 3, wins: 0, avg_return_bps: -100, max_drawdown: -180_000 }),
      day("2026-11-22", 20_000, { trades: 0, wins: 0, avg_return_bps: null }),
    ]);
    expect(summary.winRatePct).toBeCloseTo(25);
    expect(summary.avgReturnPct).toBeCloseTo(0);
    expect(summary.curveDrawdown).toBe(-150_000);
    expect(summary.maxDrawdown).toBe(-180_000);
    expect(summary.maxDrawdownDate).toBe("2026-11-21");
    expect(summary.best?.date).toBe("2026-11-20");
    expect(summary.worst?.date).toBe("2026-11-21");
  });

  it("has no rates without trades", () => {
    const summary = summarise([]);
    expect(summary.winRatePct).toBeNull();
    expect(summary.avgReturnPct).toBeNull();
    expect(summary.best).toBeNull();
  });

  it("leaves the return out when the starting equity is unknown", () => {
    expect(series([day("2026-11-24", 1, { starting_equity: null })])[0]!.returnPct).toBeNull();
  });
});
