"""The daily and weekly reports, built from closed trades."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from agent.clock import KST
from agent.learning.reports import (
    DayFigures,
    ReportTrade,
    daily_report,
    iso_week,
    week_monday,
    weekly_report,
)

MONDAY = date(2026, 11, 30)
REASONS = ("TURNOVER_TOP", "VOLUME_SURGE", "OR_BREAKOUT")


def trade(day: date, pnl: int, minute: int = 6, exit_reason: str = "eod_exit") -> ReportTrade:
    entry = datetime(day.year, day.month, day.day, 9, minute, tzinfo=KST)
    return ReportTrade(
        code="005930",
        name="삼성전자",
        quantity=10,
        reasons=REASONS,
        entry_time=entry,
        entry_price=70_000,
        news_score=80,
        volume_rank=1,
        exit_time=entry + timedelta(hours=6),
        exit_price=70_000 + pnl // 10,
        exit_reason=exit_reason,
        realized_pnl=pnl,
        return_bps=pnl // 70,
        commission=100,
        tax=1_000,
    )


def test_iso_weeks_read_both_ways_and_a_bad_one_says_what_is_expected() -> None:
    assert iso_week(MONDAY) == "2026-W49"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    assert week_monday("2026-W49") == MONDAY
    with pytest.raises(ValueError, match="ISO week such as 2026-W49"):
        week_monday("2026-49")


def test_a_days_report_lists_its_trades_with_their_patterns_and_its_figures() -> None:
    trades = [trade(MONDAY, 40_000), trade(MONDAY, -15_000, minute=31, exit_reason="stop_loss")]
    report = daily_report(
        MONDAY, trades, DayFigures(starting_equity=10_000_000, ending_equity=10_025_000), final=True
    )

    assert (report.trades, report.wins, report.realized_pnl) == (2, 1, 25_000)
    assert (report.commission, report.tax, report.max_drawdown) == (200, 2_000, -15_000)
    assert (report.starting_equity, report.ending_equity, report.final) == (
        10_000_000,
        10_025_000,
        True,
    )
    assert [t.pattern.split(" ")[1] for t in report.closed] == ["+05m", "+30m"]
    assert [p.exit for p in report.patterns] == ["eod_exit", "stop_loss"]
    assert report.best_pattern is None, "two trades are no sample"
    figures_only = daily_report(MONDAY, trades, detail=False)
    assert (figures_only.patterns, figures_only.closed) == ([], [])
    assert figures_only.trades == 2


def test_a_weeks_report_adds_its_days_up_trade_by_trade() -> None:
    tuesday, friday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=4)
    days = [
        (MONDAY, [trade(MONDAY, 30_000)], DayFigures(starting_equity=10_000_000)),
        (tuesday, [trade(tuesday, -50_000), trade(tuesday, 10_000)], None),
        (friday, [trade(friday, 20_000) for _ in range(3)], DayFigures(ending_equity=10_040_000)),
    ]

    week = weekly_report("2026-W49", days, min_trades=5)

    assert (week.first_day, week.last_day) == (MONDAY, friday)
    assert [(d.date, d.trades) for d in week.days] == [(MONDAY, 1), (tuesday, 2), (friday, 3)]
    assert (week.trades, week.wins, week.realized_pnl) == (6, 5, 50_000)
    assert week.max_drawdown == -50_000, "the week's deepest fall, across its days"
    assert (week.starting_equity, week.ending_equity) == (10_000_000, 10_040_000)
    assert [p.trades for p in week.patterns] == [6]
    assert week.best_pattern == week.patterns[0].name
    with pytest.raises(ValueError, match="not in that week"):
        weekly_report("2026-W50", days)
