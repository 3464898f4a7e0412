"""A deterministic backtest: the live decision functions over a seeded synthetic day.

The same pure functions the actors call (scanner ranking, entry rule, risk checks and sizing,
exit triggers, slicing, round-trip P&L, the daily summary) run here in one thread, in plain
code, against the simulator's matching engine and a seeded synthetic market. Virtual time
advances one second at a time from before the open to after the close; codes are visited in
sorted order and nothing reads a clock, a thread or the network, so the same seed, date and
settings always give the same trades (:func:`run_backtest`).
"""

from agent.backtest.day import BacktestConfig, run_backtest
from agent.backtest.result import BacktestResult, BacktestTrade

__all__ = ["BacktestConfig", "BacktestResult", "BacktestTrade", "run_backtest"]
