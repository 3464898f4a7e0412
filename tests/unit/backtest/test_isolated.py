"""A backtest run in a process of its own gives what it gives here, errors included."""

from __future__ import annotations

from datetime import date

import pytest

from agent.backtest import BacktestConfig
from agent.backtest.isolated import run_isolated
from agent.backtest.span import run_seeds
from agent.market.calendar import default_calendar


def test_the_span_comes_back_as_run_here_and_its_refusal_too() -> None:
    config = BacktestConfig(seed=1, trading_date=date(2026, 12, 2))

    away = run_isolated(config, seeds=[1])

    assert away == run_seeds(config, [1], default_calendar())
    assert away.days[0].trades
    sunday = BacktestConfig(seed=1, trading_date=date(2026, 12, 6))
    with pytest.raises(ValueError, match="not a KRX trading day"):
        run_isolated(sunday, seeds=[1])
