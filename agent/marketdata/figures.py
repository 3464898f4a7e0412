"""Figures derived from a :class:`~agent.marketdata.state.StockState`, for rules and the UI.

Display values are rounded integers; the comparisons a rule makes are exact
(:func:`price_vs_vwap`, :func:`meets_volume_ratio_at`, :func:`change_within`), so rounding never
decides an entry.
"""

from __future__ import annotations

from datetime import datetime

from agent.marketdata.opening_range import is_complete
from agent.marketdata.state import StockState, StockView
from agent.marketdata.strength import execution_strength_bp
from agent.marketdata.volume_ratio import (
    DEFAULT_PROFILE,
    Profile,
    expected_volume,
    meets_ratio,
)
from agent.marketdata.vwap import compare_to_vwap, vwap_won

BP = 10_000


def vwap(state: StockState) -> int | None:
    """Return today's VWAP in won (rounded half up), None before the first trade."""
    return vwap_won(state.turnover_won, state.volume)


def price_vs_vwap(state: StockState) -> int | None:
    """Return the exact sign of ``last price - VWAP`` (-1, 0, 1), None before the first trade."""
    if state.last_price is None:
        return None
    return compare_to_vwap(state.last_price, state.turnover_won, state.volume)


def day_volume(state: StockView) -> int:
    """Return today's volume: the feed's cumulative figure if larger than the ticks seen."""
    return max(state.volume, state.feed_volume)


def strength_bp(state: StockState) -> int | None:
    """Return today's execution strength (체결강도) in bp of a percent; 10000 is parity."""
    return execution_strength_bp(state.buy_volume, state.sell_volume)


def change_bps(state: StockState) -> int | None:
    """Return the last price's change over the previous close in bp, rounded toward zero."""
    if state.last_price is None or not state.prev_close:
        return None
    diff = (state.last_price - state.prev_close) * BP
    magnitude = abs(diff) // state.prev_close
    return magnitude if diff >= 0 else -magnitude


def change_within(state: StockState, min_bps: int, max_bps: int) -> int | None:
    """Return -1 below ``min_bps``, 1 above ``max_bps``, 0 inside (exactly); None if unknown."""
    if state.last_price is None or not state.prev_close:
        return None
    diff = (state.last_price - state.prev_close) * BP
    if diff < min_bps * state.prev_close:
        return -1
    if diff > max_bps * state.prev_close:
        return 1
    return 0


def minutes_elapsed(state: StockState, now: datetime) -> int:
    """Return the minute of the session ``now`` is in (1 during the first minute, 0 before)."""
    return minutes_elapsed_at(state, now.timestamp())


def minutes_elapsed_at(state: StockView, ts: float) -> int:
    """:func:`minutes_elapsed` at the POSIX timestamp ``ts``."""
    seconds = ts - state.open_ts
    return 0 if seconds < 0 else int(seconds // 60) + 1


def expected_volume_at(
    state: StockView, ts: float, profile: Profile = DEFAULT_PROFILE
) -> int | None:
    """Return the previous day's volume by the minute of the POSIX timestamp ``ts``; None
    without a baseline."""
    if state.baseline is None:
        return None
    return expected_volume(state.baseline, minutes_elapsed_at(state, ts), profile)


def meets_volume_ratio_at(
    state: StockView, ts: float, min_ratio_bp: int, profile: Profile = DEFAULT_PROFILE
) -> bool | None:
    """Return whether today's volume is at least ``min_ratio_bp`` of the previous day's by
    the same minute (20000 = 2x) at the POSIX timestamp ``ts``, exactly; None if unknown."""
    expected = expected_volume_at(state, ts, profile)
    return None if expected is None else meets_ratio(day_volume(state), expected, min_ratio_bp)


def opening_range_complete(state: StockState, now: datetime) -> bool:
    """Return True once the opening range's minutes have passed at ``now``."""
    return is_complete(state.opening_range, now)


def opening_range_complete_at(state: StockView, ts: float) -> bool:
    """:func:`opening_range_complete` at the POSIX timestamp ``ts``."""
    return ts >= state.or_end_ts


def in_vi(state: StockState) -> bool:
    """Return True while the stock is in a VI single-price auction."""
    return state.vi.active
