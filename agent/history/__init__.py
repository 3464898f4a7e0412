"""Market history for backtests: what ``stockagent data fetch`` reads from the broker and
stores (daily bars of every listed stock, minute bars of each day's turnover leaders), and the
plan it follows (:mod:`agent.history.plan`, :mod:`agent.history.fetch`)."""

from agent.history.bars import DayBar, Instrument, MinuteBar

__all__ = ["DayBar", "Instrument", "MinuteBar"]
