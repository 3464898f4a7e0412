"""What a trial scores, and the walk-forward windows."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest

from agent.backtest.result import BacktestResult, BacktestTrade, summary_of
from agent.clock import KST
from agent.tuning.objective import score, windows

CAPITAL = 100_000_000


def day(n: int, *pnls: int) -> BacktestResult:
    at = datetime(2026, 12, 1, 9, 10, tzinfo=KST) + timedelta(days=n)
    trades = tuple(
        BacktestTrade(
            code="005930",
            name="x",
            quantity=1,
            entry_time=at,
            entry_price=1,
            signal_price=1,
            stop_price=1,
            exit_time=at + timedelta(minutes=i),
            exit_price=1,
            exit_reason="eod_exit",
            reasons=(),
            news_score=None,
            volume_rank=None,
            commission=0,
            tax=0,
            realized_pnl=pnl,
            return_bps=0,
            slippage_won=0,
        )
        for i, pnl in enumerate(pnls)
    )
    return BacktestResult(
        seed=n,
        trading_date=date(2026, 12, 1) + timedelta(days=n),
        initial_cash=CAPITAL,
        leaders=(),
        trades=trades,
        open_positions=(),
        orders=0,
        approved=0,
        rejected=0,
        rejections=(),
        ending_cash=CAPITAL,
        summary=summary_of(trades),
    )


def test_return_is_penalised_by_half_the_deepest_drawdown() -> None:
    steady = [day(0, 1_000_000), day(1, 1_000_000)]
    swinging = [day(0, 4_000_000, -3_000_000), day(1, 1_000_000)]

    assert score(steady, "return", CAPITAL) == pytest.approx(2.0)
    assert score(swinging, "return", CAPITAL) == pytest.approx(2.0 - 0.5 * 3.0)


def test_profit_factor_and_its_edges() -> None:
    assert score([day(0, 3_000, -1_000)], "profit_factor", CAPITAL) == pytest.approx(3.0)
    assert score([day(0, 3_000)], "profit_factor", CAPITAL) == 100.0, "no loss: capped"
    assert score([day(0)], "profit_factor", CAPITAL) == 0.0, "no trade"


def test_sharpe_of_daily_returns() -> None:
    days = [day(0, 1_000_000), day(1, 3_000_000)]
    mean, spread = 0.02, 0.01

    assert score(days, "sharpe", CAPITAL) == pytest.approx(mean / spread * math.sqrt(252))
    assert score(days[:1], "sharpe", CAPITAL) == 0.0, "one day has no spread"
    assert score([day(0, 5), day(1, 5)], "sharpe", CAPITAL) == 0.0


def test_walk_forward_windows_step_by_the_test_length() -> None:
    keys = [f"d{n}" for n in range(7)]

    plan = windows(keys, train=3, test=2)

    assert [(w.train, w.test) for w in plan] == [
        (("d0", "d1", "d2"), ("d3", "d4")),
        (("d2", "d3", "d4"), ("d5", "d6")),
    ]
    with pytest.raises(ValueError, match="needs at least 6 days"):
        windows(keys[:5], train=4, test=2)
