"""What a trial scores, and the walk-forward windows over the days (pure).

Each objective reads the days of a backtest in order, so a trial can be scored after each
day (the pruner's intermediate values) and at its end:

- ``return``: the realised P&L over the capital, less half the deepest drawdown of the
  equity curve (both in percent of the capital): a steady gain beats a lucky swing;
- ``profit_factor``: gross profit over gross loss (100 with no loss, 0 with no trade);
- ``sharpe``: the mean of the daily returns over their standard deviation, times the square
  root of 252 (0 below two days or with no variation).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Literal

from msgspec import Struct

from agent.backtest.result import BacktestResult

__all__ = ["OBJECTIVES", "Objective", "Window", "score", "windows"]

Objective = Literal["return", "profit_factor", "sharpe"]
OBJECTIVES: tuple[Objective, ...] = ("return", "profit_factor", "sharpe")
DRAWDOWN_PENALTY = 0.5
"""Weight of the deepest drawdown against the return (objective ``return``)."""
PROFIT_FACTOR_CAP = 100.0


def score(days: Sequence[BacktestResult], objective: Objective, capital: int) -> float:
    """Return ``objective`` over ``days`` (in order), for an agent with ``capital`` won."""
    trades = [t for day in days for t in day.trades]
    if objective == "profit_factor":
        gain = sum(t.realized_pnl for t in trades if t.realized_pnl > 0)
        loss = -sum(t.realized_pnl for t in trades if t.realized_pnl < 0)
        if not loss:
            return PROFIT_FACTOR_CAP if gain else 0.0
        return min(gain / loss, PROFIT_FACTOR_CAP)
    if objective == "sharpe":
        daily = [sum(t.realized_pnl for t in day.trades) / capital for day in days]
        if len(daily) < 2:
            return 0.0
        spread = statistics.pstdev(daily)
        return 0.0 if spread == 0 else statistics.fmean(daily) / spread * math.sqrt(252)
    cumulative = peak = 0
    deepest = 0
    for t in sorted(trades, key=lambda t: t.exit_time):
        cumulative += t.realized_pnl
        peak = max(peak, cumulative)
        deepest = min(deepest, cumulative - peak)
    return 100.0 * (cumulative + DRAWDOWN_PENALTY * deepest) / capital


class Window(Struct, frozen=True, kw_only=True):
    """One walk-forward step: tuned on ``train``, then tried unseen on ``test``."""

    number: int
    train: tuple[str, ...]
    test: tuple[str, ...]


def windows(days: Sequence[str], train: int, test: int) -> list[Window]:
    """Return the walk-forward windows over ``days`` (keys in time order): ``train`` days in
    sample, the next ``test`` out of sample, then forward by ``test``."""
    if train < 1 or test < 1:
        raise ValueError("--train-days and --test-days must be at least 1")
    if len(days) < train + test:
        raise ValueError(
            f"walk-forward needs at least {train + test} days ({train} to train, {test} to "
            f"test); the range has {len(days)}"
        )
    out: list[Window] = []
    start = 0
    while start + train + test <= len(days):
        out.append(
            Window(
                number=len(out) + 1,
                train=tuple(days[start : start + train]),
                test=tuple(days[start + train : start + train + test]),
            )
        )
        start += test
    return out
