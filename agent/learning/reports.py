"""The daily and weekly reports (design B-20, B-22), built from closed trades (pure).

A report is the same whether it is read during the day (its figures move with each closed
trade) or stored at the close (``final``): one function builds both. A week is an ISO week
(``2026-W49``, Monday to Sunday); its report covers the sessions in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from msgspec import Struct

from agent.learning.daily import DailySummary, TradeResult, summarize
from agent.learning.patterns import (
    MIN_TRADES,
    PatternStats,
    PatternTrade,
    best_and_worst,
    pattern_of,
    pattern_stats,
    regular_open,
)

__all__ = [
    "ClosedTradeRow",
    "DailyReport",
    "DayFigures",
    "PatternRow",
    "ReportTrade",
    "TradeFigures",
    "WeeklyReport",
    "daily_report",
    "iso_week",
    "pattern_row",
    "week_monday",
    "weekly_report",
]


class ReportTrade(PatternTrade, frozen=True, kw_only=True):
    """One closed round trip, as a report lists it."""

    code: str
    name: str | None
    quantity: int
    entry_price: int
    exit_time: datetime
    exit_price: int
    commission: int
    tax: int


class PatternRow(Struct, frozen=True, kw_only=True):
    """One pattern's closed trades over the report's days."""

    name: str
    reasons: str
    """The entry's varying rule reasons after TURNOVER_TOP, joined by ``+``."""
    minute: str
    """Five-minute bucket of the entry after the open: ``+05m`` is 5 to 10 minutes after."""
    news: str
    rank: str
    exit: str
    trades: int
    wins: int
    win_rate_bps: int
    avg_return_bps: int
    realized_pnl: int
    expectancy_won: int
    """Average P&L of one trade, after costs."""
    profit_factor: float | None
    """Gross profit over gross loss; null without a losing trade."""


class ClosedTradeRow(Struct, frozen=True, kw_only=True):
    code: str
    name: str | None
    quantity: int
    entry_time: datetime
    entry_price: int
    exit_time: datetime
    exit_price: int
    exit_reason: str
    realized_pnl: int
    return_bps: int
    pattern: str


class TradeFigures(Struct, frozen=True, kw_only=True):
    """The figures of closed round trips (:class:`agent.learning.daily.DailySummary`'s)."""

    trades: int
    wins: int
    win_rate_bps: int
    realized_pnl: int
    commission: int
    tax: int
    max_drawdown: int
    """Deepest fall of the cumulative realised P&L, trade by trade (<= 0)."""
    avg_return_bps: int | None


def _figures(summary: DailySummary) -> dict[str, Any]:
    return {name: getattr(summary, name) for name in TradeFigures.__struct_fields__}


class DailyReport(TradeFigures, frozen=True, kw_only=True):
    date: date
    starting_equity: int | None
    ending_equity: int | None
    best_pattern: str | None
    """The best pattern by expectancy among those with the minimum sample, else null."""
    worst_pattern: str | None
    final: bool
    """Stored at the close; false while the day's figures still move."""
    patterns: list[PatternRow]
    """The day's patterns, the best expectancy first (empty in the list of days)."""
    closed: list[ClosedTradeRow]
    """The day's closed round trips in the order they closed (empty in the list of days)."""


class WeeklyReport(TradeFigures, frozen=True, kw_only=True):
    week: str
    """ISO week, ``2026-W49``."""
    first_day: date
    last_day: date
    """The week's first and last session so far."""
    final: bool
    """Stored after the week's last session."""
    starting_equity: int | None
    """The first session's starting equity."""
    ending_equity: int | None
    """The last session's ending equity (null before its close)."""
    best_pattern: str | None
    worst_pattern: str | None
    days: list[DailyReport]
    patterns: list[PatternRow]


class DayFigures(Struct, frozen=True, kw_only=True):
    """What a day's learning metrics add to its trades: the equity at its ends."""

    starting_equity: int | None = None
    ending_equity: int | None = None


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """Return the Monday of ISO week ``YYYY-Www``; ValueError with the reason otherwise."""
    try:
        return datetime.strptime(f"{week}-1", "%G-W%V-%u").date()
    except ValueError:
        raise ValueError(f"expected an ISO week such as 2026-W49, got {week!r}") from None


def pattern_row(stats: PatternStats) -> PatternRow:
    pattern = stats.pattern
    return PatternRow(
        name=stats.name,
        reasons=pattern.reasons,
        minute=pattern.minute,
        news=pattern.news,
        rank=pattern.rank,
        exit=pattern.exit,
        trades=stats.trades,
        wins=stats.wins,
        win_rate_bps=stats.win_rate_bps,
        avg_return_bps=stats.avg_return_bps,
        realized_pnl=stats.realized_pnl,
        expectancy_won=stats.expectancy_won,
        profit_factor=stats.profit_factor,
    )


def _results(trades: Sequence[ReportTrade]) -> list[TradeResult]:
    return [
        TradeResult(
            code=t.code,
            realized_pnl=t.realized_pnl,
            return_bps=t.return_bps,
            commission=t.commission,
            tax=t.tax,
        )
        for t in trades
    ]


def daily_report(
    day: date,
    trades: Sequence[ReportTrade],
    figures: DayFigures | None = None,
    *,
    open_of: Callable[[date], datetime] = regular_open,
    min_trades: int = MIN_TRADES,
    final: bool = False,
    detail: bool = True,
) -> DailyReport:
    """Return ``day``'s report of its closed ``trades`` (in the order they closed); without
    ``detail``, only its figures (the list of days)."""
    summary = summarize(_results(trades))
    patterns = pattern_stats(trades, open_of)
    best, worst = best_and_worst(patterns, min_trades)
    figures = figures or DayFigures()
    return DailyReport(
        date=day,
        **_figures(summary),
        starting_equity=figures.starting_equity,
        ending_equity=figures.ending_equity,
        best_pattern=best.name if best is not None else None,
        worst_pattern=worst.name if worst is not None else None,
        final=final,
        patterns=[pattern_row(p) for p in patterns] if detail else [],
        closed=[_trade_row(t, open_of) for t in trades] if detail else [],
    )


def _trade_row(trade: ReportTrade, open_of: Callable[[date], datetime]) -> ClosedTradeRow:
    return ClosedTradeRow(
        code=trade.code,
        name=trade.name,
        quantity=trade.quantity,
        entry_time=trade.entry_time,
        entry_price=trade.entry_price,
        exit_time=trade.exit_time,
        exit_price=trade.exit_price,
        exit_reason=trade.exit_reason,
        realized_pnl=trade.realized_pnl,
        return_bps=trade.return_bps,
        pattern=pattern_of(trade, open_of).name,
    )


def weekly_report(
    week: str,
    days: Sequence[tuple[date, Sequence[ReportTrade], DayFigures | None]],
    *,
    open_of: Callable[[date], datetime] = regular_open,
    min_trades: int = MIN_TRADES,
    final: bool = False,
) -> WeeklyReport:
    """Return the report of ``week`` from its sessions' closed trades, in day order."""
    if not days:
        raise ValueError(f"{week} has no session to report")
    monday = week_monday(week)
    if any(not monday <= day < monday + timedelta(days=7) for day, _, _ in days):
        raise ValueError(f"a day given for {week} is not in that week")
    reports = [
        daily_report(day, trades, figures, open_of=open_of, min_trades=min_trades, detail=False)
        for day, trades, figures in days
    ]
    everything = [t for _, trades, _ in days for t in trades]
    summary = summarize(_results(everything))
    patterns = pattern_stats(everything, open_of)
    best, worst = best_and_worst(patterns, min_trades)
    return WeeklyReport(
        week=week,
        first_day=reports[0].date,
        last_day=reports[-1].date,
        final=final,
        **_figures(summary),
        starting_equity=reports[0].starting_equity,
        ending_equity=reports[-1].ending_equity,
        best_pattern=best.name if best is not None else None,
        worst_pattern=worst.name if worst is not None else None,
        days=reports,
        patterns=[pattern_row(p) for p in patterns],
    )
