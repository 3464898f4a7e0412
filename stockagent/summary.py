"""The end-of-day summary as a few readable lines (the demo's close, a backtest's end)."""

from __future__ import annotations

from agent.learning.daily import DailySummary


def render_summary(day: str, summary: DailySummary) -> str:
    """Return the daily summary as a few readable lines."""
    rate = summary.win_rate_bps / 100
    lines = [
        f"=== StockAgent daily summary {day} ===",
        f"trades        {summary.trades} ({summary.wins} won, win rate {rate:.1f}%)",
        f"realised P&L  {summary.realized_pnl:+,} won "
        f"(commission {summary.commission:,}, tax {summary.tax:,})",
        f"max drawdown  {summary.max_drawdown:,} won",
    ]
    if summary.avg_return_bps is not None:
        lines.append(f"avg return    {summary.avg_return_bps / 100:+.2f}%")
    if summary.best or summary.worst:
        lines.append(f"best / worst  {summary.best or '-'} / {summary.worst or '-'}")
    return "\n".join(lines)
