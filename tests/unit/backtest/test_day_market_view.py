"""The backtest's governor sees the same session fields as the risk actor's (issue #12, point 8)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from agent.backtest.day import BacktestConfig, _Day
from agent.clock import KST
from agent.market.calendar import default_calendar

DAY = date(2026, 11, 24)


def test_the_backtest_market_view_carries_the_day_session() -> None:
    day = _Day(BacktestConfig(seed=1, trading_date=DAY), default_calendar())
    now = datetime(2026, 11, 24, 9, 30, tzinfo=KST)
    code = sorted(day.market.listings)[0]

    quoted = day.market_view(code, now)  # not watched: from a quote
    day.scanner.poll(now, day.phase(now), pinned={code})  # now watched: from the watcher
    watched = day.market_view(code, now)

    for view in (quoted, watched):
        assert view.window_shift == timedelta(0)
        assert view.closing_auction_start == datetime(2026, 11, 24, 15, 20, tzinfo=KST)
    assert code in day.scanner.watched
