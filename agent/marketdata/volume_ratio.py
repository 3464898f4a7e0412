"""Today's volume so far against the previous day's volume by the same minute.

The baseline is the previous session's *cumulative* volume at the end of each minute after its
open, built from its minute bars (:func:`baseline_from_minutes`). When those are not known (a
restart before they were fetched, a newly listed stock), the previous day's full volume is scaled
by an intraday profile: the share of a day's volume that has usually traded by that minute.

Why a profile and not linear time: KRX volume is U-shaped, heaviest in the first minutes (the
opening auction alone is a large share) and in the closing auction. Scaling linearly by elapsed
time would expect about 0.3 % of the day in the first minute and make nearly every stock look
like a 10x surge at 09:01, so the ratio rule would pass everything. The default profile below is
a rough, conservative shape [G: general knowledge, not measured here]; replace it with one
measured from recorded days (agent/learning) by passing ``profile=``.

A minute is counted as elapsed from its first second: at 09:00:20 the comparison is with the
previous day's volume by 09:00:59, which understates today's ratio early in each minute (the
conservative direction for an entry rule).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from itertools import pairwise

from msgspec import Struct

BP = 10_000

Profile = tuple[tuple[int, int], ...]
"""Knots ``(minutes since the open, cumulative share of the day's volume in bp)``, increasing."""

DEFAULT_PROFILE: Profile = (
    (0, 0),
    (1, 300),
    (5, 900),
    (10, 1_400),
    (30, 2_500),
    (60, 3_400),
    (120, 4_700),
    (240, 6_900),
    (380, 9_000),
    (390, BP),
)


class VolumeBaseline(Struct, frozen=True, kw_only=True):
    """The previous session's volume: its total and, when known, its cumulative minute curve."""

    day_total: int
    by_minute: tuple[int, ...] = ()
    """``by_minute[i]``: cumulative volume at the end of minute ``i`` after the open (0-based)."""


def baseline_from_minutes(
    minutes: Iterable[tuple[datetime, int]], open_at: datetime, *, day_total: int | None = None
) -> VolumeBaseline:
    """Build a baseline from ``(bar start, volume)`` pairs of the previous session.

    ``open_at`` is that session's open. Quiet minutes carry the cumulative volume forward; bars
    before the open (pre-market) are counted into the first minute. ``day_total`` defaults to
    the bars' sum.
    """
    per_minute: dict[int, int] = {}
    for start, volume in minutes:
        index = max(0, int((start - open_at).total_seconds() // 60))
        per_minute[index] = per_minute.get(index, 0) + volume
    curve: list[int] = []
    running = 0
    for index in range(max(per_minute, default=-1) + 1):
        running += per_minute.get(index, 0)
        curve.append(running)
    total = running if day_total is None else day_total
    return VolumeBaseline(day_total=total, by_minute=tuple(curve))


@functools.lru_cache(maxsize=1024)
def profile_share_bp(minutes_elapsed: int, profile: Profile = DEFAULT_PROFILE) -> int:
    """Return the share of a day's volume (bp) traded by ``minutes_elapsed``, interpolated.

    Cached: every StockActor asks on every tick, and the answer changes once a minute (the
    profile walk was the largest single cost of a tick in ``bench/actor_ticks.py``).
    """
    if minutes_elapsed <= profile[0][0]:
        return profile[0][1]
    for (m0, s0), (m1, s1) in pairwise(profile):
        if minutes_elapsed <= m1:
            return s0 + (s1 - s0) * (minutes_elapsed - m0) // (m1 - m0)
    return profile[-1][1]


def expected_volume(
    baseline: VolumeBaseline, minutes_elapsed: int, profile: Profile = DEFAULT_PROFILE
) -> int:
    """Return the previous day's volume by the end of minute ``minutes_elapsed`` (1 = first)."""
    if minutes_elapsed <= 0:
        return 0
    if minutes_elapsed <= len(baseline.by_minute):
        return baseline.by_minute[minutes_elapsed - 1]
    return baseline.day_total * profile_share_bp(minutes_elapsed, profile) // BP


def volume_ratio_bp(volume: int, expected: int) -> int | None:
    """Return ``volume / expected`` in basis points (``20000`` = 2x), floored; None if unknown."""
    if expected <= 0:
        return None
    return volume * BP // expected


def meets_ratio(volume: int, expected: int, min_ratio_bp: int) -> bool | None:
    """Return whether ``volume >= expected * ratio`` exactly; None when there is no baseline."""
    if expected <= 0:
        return None
    return volume * BP >= min_ratio_bp * expected
