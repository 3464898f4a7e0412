"""Market data as pure functions: ticks to bars, VWAP, opening range, volume ratio, strength, VI.

Inputs are :class:`Tick` and :class:`ViEvent`; the state of one stock is a frozen
:class:`StockState` folded by :func:`apply_tick` and :func:`apply_vi`; figures derived from it live
in :mod:`agent.marketdata.figures`. A StockActor folds the same ticks in place
(:class:`~agent.marketdata.live.LiveState`, held equal to :func:`apply_tick` by tests) and
publishes its frozen state. No threads, clocks or I/O (ARCHITECTURE.md §2).
"""

from agent.marketdata.bars import Bar, fill_gaps, minute_key, minute_start
from agent.marketdata.events import Tick, ViEvent, ViPhase, ViScope
from agent.marketdata.opening_range import OpeningRange
from agent.marketdata.seed import seed_from_bars
from agent.marketdata.state import (
    StockState,
    apply_tick,
    apply_vi,
    bars_closed_between,
    close_bar,
    new_stock_state,
    with_reference,
)
from agent.marketdata.vi import ViState
from agent.marketdata.volume_ratio import VolumeBaseline, baseline_from_minutes

__all__ = [
    "Bar",
    "OpeningRange",
    "StockState",
    "Tick",
    "ViEvent",
    "ViPhase",
    "ViScope",
    "ViState",
    "VolumeBaseline",
    "apply_tick",
    "apply_vi",
    "bars_closed_between",
    "baseline_from_minutes",
    "close_bar",
    "fill_gaps",
    "minute_key",
    "minute_start",
    "new_stock_state",
    "seed_from_bars",
    "with_reference",
]
