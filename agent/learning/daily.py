"""The day's results from its closed trades: counts, win rate, P&L, drawdown (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from msgspec import Struct


class TradeResult(Struct, frozen=True, kw_only=True):
    """What the summary needs of one closed trade, in time order."""

    code: str
    realized_pnl: int
    return_bps: int
    commission: int
    tax: int


class DailySummary(Struct, frozen=True, kw_only=True):
    trades: int
    wins: int
    win_rate_bps: int
    realized_pnl: int
    commission: int
    tax: int
    max_drawdown: int
    """Deepest fall of the cumulative realised P&L from its running peak (<= 0, in won)."""
    avg_return_bps: int | None
    best: str | None
    worst: str | None


class ClosedTrade(Protocol):
    """What a stored round trip (``trade_log``) offers the summary."""

    code: str
    exit_time: datetime | None
    realized_pnl: int | None
    return_bps: int | None
    commission: int
    tax: int


def trade_results(rows: Iterable[ClosedTrade]) -> list[TradeResult]:
    """Return the closed round trips among ``rows`` (in their order) as summary inputs."""
    return [
        TradeResult(
            code=t.code,
            realized_pnl=t.realized_pnl or 0,
            return_bps=t.return_bps or 0,
            commission=t.commission,
            tax=t.tax,
        )
        for t in rows
        if t.exit_time is not None
    ]


def summarize(trades: Sequence[TradeResult]) -> DailySummary:
    """Return the day's summary; trades must be in the order they closed."""
    peak = cumulative = drawdown = 0
    for trade in trades:
        cumulative += trade.realized_pnl
        peak = max(peak, cumulative)
        drawdown = min(drawdown, cumulative - peak)
    wins = sum(1 for t in trades if t.realized_pnl > 0)
    count = len(trades)
    best = max(trades, key=lambda t: t.realized_pnl, default=None)
    worst = min(trades, key=lambda t: t.realized_pnl, default=None)
    return DailySummary(
        trades=count,
        wins=wins,
        win_rate_bps=wins * 10_000 // count if count else 0,
        realized_pnl=cumulative,
        commission=sum(t.commission for t in trades),
        tax=sum(t.tax for t in trades),
        max_drawdown=drawdown,
        avg_return_bps=sum(t.return_bps for t in trades) // count if count else None,
        best=best.code if best is not None and best.realized_pnl > 0 else None,
        worst=worst.code if worst is not None and worst.realized_pnl < 0 else None,
    )
