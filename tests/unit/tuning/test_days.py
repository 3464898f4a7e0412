"""A tuning worker draws each seed's market once and trades it in every trial."""

from __future__ import annotations

from datetime import date

from agent.backtest.day import BacktestConfig, run_backtest
from agent.market.calendar import default_calendar
from agent.settings import Settings
from agent.settings.space import apply
from agent.tuning.days import SeedDays

DAY = date(2026, 12, 2)


def test_a_market_traded_again_gives_what_a_fresh_one_gives() -> None:
    days = SeedDays([1], DAY, default_calendar())
    other = apply(Settings(), {"risk.max_positions": 1})

    first = days.run("seed 1", Settings())
    tuned = days.run("seed 1", other)
    again = days.run("seed 1", Settings())

    fresh = run_backtest(BacktestConfig(seed=1, trading_date=DAY))
    assert first == fresh == again, "news, tape and fills as a fresh market has them"
    assert first.trades, "the seed trades: the comparison is not of two empty days"
    assert len({t.code for t in tuned.trades}) <= 1 < len({t.code for t in first.trades})
