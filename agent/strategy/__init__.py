"""The opening-leader strategy as pure functions: scanner ranking, watch hysteresis, entry rule."""

from agent.strategy.entry import STRATEGY_TAG, EntryContext, NoEntry, evaluate_entry
from agent.strategy.reasons import Reason, describe
from agent.strategy.scanner import Candidate, RankEntry, WatchList, scan, watch_diff

__all__ = [
    "STRATEGY_TAG",
    "Candidate",
    "EntryContext",
    "NoEntry",
    "RankEntry",
    "Reason",
    "WatchList",
    "describe",
    "evaluate_entry",
    "scan",
    "watch_diff",
]
