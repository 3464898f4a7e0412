"""Strategy settings in the units the rules compare: basis points, KST times of day.

Settings hold human numbers (``2.0`` percent, ``2.0`` x volume, ``"09:00"``); rules compare
integers. Conversions happen here once, rounding to the nearest basis point, so ``2.0`` % is
exactly 200 bp and no float reaches a comparison with money.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from msgspec import Struct

from agent.clock import KST
from agent.settings.components import StrategySettings
from agent.settings.units import hhmm, pct_to_bps

BP = 10_000
REGULAR_OPEN = time(9, 0)
"""The open the window settings are written against; late-opening days shift the window."""


def ratio_to_bp(ratio: float) -> int:
    """Return a ratio (``2.0`` x) as basis points of one (``20000``), rounded to the nearest."""
    return round(ratio * BP)


class Thresholds(Struct, frozen=True, kw_only=True):
    """The strategy settings a rule needs, in integer units."""

    top_n: int
    news_threshold: int
    min_change_bps: int
    max_change_bps: int
    min_volume_ratio_bp: int
    window_start: time
    window_end: time
    require_news: bool
    require_vwap: bool
    require_breakout: bool
    enabled: bool


def thresholds(settings: StrategySettings | Thresholds) -> Thresholds:
    """Return ``settings`` converted for the rules (already converted ones as they are)."""
    if isinstance(settings, Thresholds):
        return settings
    return Thresholds(
        top_n=settings.top_n,
        news_threshold=settings.news_score_threshold,
        min_change_bps=pct_to_bps(settings.min_change_pct),
        max_change_bps=pct_to_bps(settings.max_change_pct),
        min_volume_ratio_bp=ratio_to_bp(settings.min_volume_ratio),
        window_start=hhmm(settings.window_start),
        window_end=hhmm(settings.window_end),
        require_news=settings.require_news,
        require_vwap=settings.require_vwap,
        require_breakout=settings.require_breakout,
        enabled=settings.enabled,
    )


def window_shift_for(open_at: datetime) -> timedelta:
    """Return how far the session opening at ``open_at`` is from the regular 09:00 KST open.

    The first trading day of the year and CSAT day open at 10:00 (krx-market-rules.md B2); the
    opening strategy's window moves with the open, so pass this as ``window_shift``.
    """
    local = open_at.astimezone(KST)
    return local - datetime.combine(local.date(), REGULAR_OPEN, tzinfo=KST)


def in_window(limits: Thresholds, now: datetime, shift: timedelta = timedelta(0)) -> bool:
    """Return True if ``now`` is in ``[window_start, window_end)`` KST, moved by ``shift``."""
    if now.tzinfo is None:
        raise ValueError("market times must be timezone-aware")
    of_day = (now - shift).astimezone(KST).time()
    return limits.window_start <= of_day < limits.window_end


KST_OFFSET_S = 9 * 3600
"""Korea has kept UTC+9 without daylight saving since 1988."""


def in_window_at(limits: Thresholds, ts: float, shift_s: float = 0.0) -> bool:
    """:func:`in_window` for a POSIX timestamp and a shift in seconds (one per tick, no tz work)."""
    of_day = (ts + KST_OFFSET_S - shift_s) % 86_400
    return window_seconds(limits.window_start) <= of_day < window_seconds(limits.window_end)


def window_seconds(t: time) -> float:
    """Return a window edge as seconds after midnight."""
    return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6
