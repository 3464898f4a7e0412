"""Bars before the simulated day: daily candles and minute bars of the last few days.

Daily closes walk backwards from the previous close; each earlier day's minute bars are a
bridge from that day's open to its close inside its high and low. Weekends are skipped;
holidays are not modelled.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import msgspec

from agent.market.tick_size import round_down
from agent.sim.market.listings import Listing
from agent.sim.seeded import seeded

MINUTES_PER_DAY = 381  # 09:00 .. 15:20 continuous, plus the 15:30 close


class DailyBar(msgspec.Struct, frozen=True, kw_only=True):
    """One day's candle; ``prev_close`` is the close of the day before it."""

    day: date
    open: int
    high: int
    low: int
    close: int
    volume: int
    value: int
    prev_close: int


def previous_weekdays(day: date, count: int) -> list[date]:
    """Return the ``count`` weekdays before ``day``, newest first."""
    out: list[date] = []
    cursor = day
    while len(out) < count:
        cursor -= timedelta(days=1)
        if cursor.weekday() < 5:
            out.append(cursor)
    return out


def daily_history(seed: int, listing: Listing, day: date, count: int) -> list[DailyBar]:
    """Return ``count`` daily bars before ``day``, newest first, ending at the previous close."""
    rng = seeded(f"daily:{seed}:{day.isoformat()}:{listing.code}")
    sigma = listing.daily_vol_bps / 10_000
    days = previous_weekdays(day, count)
    closes = [listing.prev_close]
    for _ in days:
        closes.append(max(100, int(closes[-1] * math.exp(rng.gauss(0.0, sigma)))))
    out: list[DailyBar] = []
    for i, when in enumerate(days):
        close = round_down(closes[i], listing.board)
        prev = round_down(closes[i + 1], listing.board)
        opening = round_down(max(1, int(prev * math.exp(rng.gauss(0.0, sigma / 3)))), listing.board)
        high = round_down(
            int(max(opening, close) * (1 + abs(rng.gauss(0, sigma / 2)))), listing.board
        )
        low = round_down(
            int(min(opening, close) * (1 - abs(rng.gauss(0, sigma / 2)))), listing.board
        )
        volume = listing.prev_volume if i == 0 else int(listing.prev_volume * rng.uniform(0.5, 1.6))
        out.append(
            DailyBar(
                day=when,
                open=opening,
                high=max(high, opening, close),
                low=max(1, min(low, opening, close)),
                close=close,
                volume=volume,
                value=volume * (high + low) // 2,
                prev_close=prev,
            )
        )
    return out


def minute_bridge(seed: int, listing: Listing, bar: DailyBar) -> list[list[int]]:
    """Return the day's minute bars [open, high, low, close, volume] in time order."""
    rng = seeded(f"minutes:{seed}:{bar.day.isoformat()}:{listing.code}")
    n = MINUTES_PER_DAY
    level = float(bar.open)
    out: list[list[int]] = []
    per_minute = max(1, bar.volume // n)
    for i in range(n):
        remaining = n - i
        level += (bar.close - level) / remaining + rng.gauss(0.0, (bar.high - bar.low) / 40 + 1)
        level = min(max(level, bar.low), bar.high)
        close = bar.close if i == n - 1 else round_down(max(1, int(level)), listing.board)
        opening = out[-1][3] if out else bar.open
        volume = max(1, int(per_minute * rng.uniform(0.3, 1.7)))
        out.append([opening, max(opening, close), min(opening, close), close, volume])
    return out
