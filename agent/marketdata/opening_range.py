"""The opening range: high and low of the trades in the first N minutes after the open.

The range covers ``[open, open + N minutes)``. It is *complete* once that much time has passed,
which depends on the clock, not on trades: a quiet stock's range completes all the same. Max and
min do not depend on arrival order, so a late tick inside the range still counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from msgspec import Struct


class OpeningRange(Struct, frozen=True, kw_only=True):
    """High and low of the trades in ``[start, end)``; None until the first such trade."""

    start: datetime
    end: datetime
    high: int | None = None
    low: int | None = None


def new_opening_range(open_at: datetime, minutes: int) -> OpeningRange:
    """Return the empty range of the first ``minutes`` minutes after ``open_at``."""
    if minutes < 1:
        raise ValueError("the opening range needs at least one minute")
    return OpeningRange(start=open_at, end=open_at + timedelta(minutes=minutes))


def widen(rng: OpeningRange, price: int) -> OpeningRange:
    """Return ``rng`` including a trade at ``price`` (the caller checked it is inside the range)."""
    high = price if rng.high is None or price > rng.high else rng.high
    low = price if rng.low is None or price < rng.low else rng.low
    if high == rng.high and low == rng.low:
        return rng
    return OpeningRange(start=rng.start, end=rng.end, high=high, low=low)


def is_complete(rng: OpeningRange, now: datetime) -> bool:
    """Return True once the range's minutes have all passed at ``now``."""
    return now >= rng.end
