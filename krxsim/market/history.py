"""Bars before the simulated day: daily candles and minute bars of earlier days.

Daily closes wander around the listing's price, each day's from the seed, the code and that day
(and the ones before it), never from the day the simulator trades: the history of a past day is
the same whichever later day a simulator serves it from, except the one right before the
simulated day, which ends at that day's base (a chart read with ``base_dt`` before it gets
every day as its own). An ordinary day's minute bars are a bridge
from that day's open to its close inside its high and low. Every earlier day also has its own
script (:func:`~krxsim.market.script.build_script` for that date): its surging stocks trade
that day as the synthetic market would have traded it (:class:`~krxsim.market.path.CodeDay`
from the walk's previous close), so a day's turnover leaders and their minute bars look like
a live day's, and a backtest over fetched days has breakouts to trade. A surge day's candle is
its tape's; its close is not carried into the next day's base.
Weekends are skipped; holidays are not modelled.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import msgspec
import numpy as np

from krxsim.clock import KST
from krxsim.market.listings import Listing
from krxsim.market.path import CodeDay
from krxsim.market.script import Surge, build_script
from krxsim.rules import round_down
from krxsim.seeded import seeded

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


MEMORY = 0.9
"""How much of yesterday's level a day keeps: closes wander around the listing's price."""
MEMORY_DAYS = 40
"""Shocks older than this no longer move a close (0.9**40 is under 2%)."""


def _shock(seed: int, code: str, day: date) -> float:
    return seeded(f"level:{seed}:{code}:{day.toordinal()}").gauss(0.0, 1.0)


def _levels(seed: int, listing: Listing, days: list[date]) -> dict[date, float]:
    """Return the log level of each of ``days`` (weekdays, newest first) around the listing's
    price: a weighted sum of per-day shocks, so a day's close depends on that day and the ones
    before it only, never on which day the simulator trades."""
    reach = previous_weekdays(days[-1], MEMORY_DAYS) if days else []
    shocks = {d: _shock(seed, listing.code, d) for d in [*days, *reach]}
    ordered = [*days, *reach]
    sigma = listing.daily_vol_bps / 10_000
    # A day moves about ``sigma`` from the one before; the level strays about 2.2 sigma.
    scale = sigma * math.sqrt((1 + MEMORY) / 2)
    out: dict[date, float] = {}
    for i, day in enumerate(days):
        window = ordered[i : i + MEMORY_DAYS]
        out[day] = scale * sum(MEMORY**j * shocks[d] for j, d in enumerate(window))
    return out


def daily_history(
    seed: int,
    listing: Listing,
    day: date,
    count: int,
    surge_of: Callable[[date], Surge | None] = lambda _: None,
    step: int = 5,
    *,
    pinned: bool = True,
) -> list[DailyBar]:
    """Return ``count`` daily bars before ``day``, newest first; a day ``surge_of`` names a
    surge for is that surge's tape (``step`` seconds a print).

    Each day's bar follows from the seed, the code and that day alone. With ``pinned`` (the
    days before the one the simulator trades) the last one before ``day`` instead closes at
    the listing's previous close with its previous volume, no surge, so the simulated day
    starts where it ended; without it (a window of earlier history) every day is its own.
    """
    days = previous_weekdays(day, count + 1)
    levels = _levels(seed, listing, days)
    board = listing.board
    closes = [
        round_down(max(100, int(listing.prev_close * math.exp(levels[d]))), board) for d in days
    ]
    if pinned:
        closes[0] = listing.prev_close
    sigma = listing.daily_vol_bps / 10_000
    out: list[DailyBar] = []
    for i, when in enumerate(days[:count]):
        close, prev = closes[i], closes[i + 1]
        rng = seeded(f"daily:{seed}:{listing.code}:{when.toordinal()}")
        opening = round_down(max(1, int(prev * math.exp(rng.gauss(0.0, sigma / 3)))), board)
        high = round_down(int(max(opening, close) * (1 + abs(rng.gauss(0, sigma / 2)))), board)
        low = round_down(int(min(opening, close) * (1 - abs(rng.gauss(0, sigma / 2)))), board)
        last = pinned and i == 0
        volume = listing.prev_volume if last else int(listing.prev_volume * rng.uniform(0.5, 1.6))
        surge = surge_of(when)
        if surge is not None and not last:
            out.append(_surge_bar(surge_day(seed, listing, prev, surge, when, step), prev, when))
            continue
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
    # The minutes add up to the day's volume (the last one takes what is left over or short).
    drawn = sum(row[4] for row in out)
    if bar.volume > n:
        scaled = [max(1, row[4] * bar.volume // drawn) for row in out]
        scaled[-1] = max(1, bar.volume - sum(scaled[:-1]))
        for row, volume in zip(out, scaled, strict=True):
            row[4] = volume
    return out


def surge_day(
    seed: int, listing: Listing, prev_close: int, surge: Surge, day: date, step: int
) -> CodeDay:
    """Return the tape of ``listing`` on an earlier ``day`` it surged on, from ``prev_close``."""
    based = msgspec.structs.replace(listing, prev_close=prev_close)
    return CodeDay(based, surge, seed, day, step)


def _surge_bar(tape: CodeDay, prev_close: int, day: date) -> DailyBar:
    printed = np.flatnonzero(tape.qty)
    prices = tape.last_price[printed].astype(np.int64)
    qty = np.abs(tape.qty[printed]).astype(np.int64)
    return DailyBar(
        day=day,
        open=int(prices[0]),
        high=int(prices.max()),
        low=int(prices.min()),
        close=int(prices[-1]),
        volume=int(qty.sum()),
        value=int((qty * prices).sum()),
        prev_close=prev_close,
    )


class PastDays:
    """The scripts of the days before the simulated one, drawn once per day asked about."""

    def __init__(self, seed: int, listings: dict[str, Listing], surges: int, step: int) -> None:
        self.seed = seed
        self.listings = listings
        self.surges = surges
        self.step = step
        self._scripts: dict[date, dict[str, Surge]] = {}
        self._daily: dict[tuple[str, date, int, bool], list[DailyBar]] = {}

    def surge_of(self, code: str, day: date) -> Surge | None:
        """Return the surge ``code`` had on ``day``, if its script gave it one."""
        script = self._scripts.get(day)
        if script is None:
            opening = datetime.combine(day, time(9, 0), KST)
            drawn = build_script(self.seed, self.listings, opening, self.surges)
            script = self._scripts[day] = {s.code: s for s in drawn.surges}
        return script.get(code)

    def daily(self, code: str, day: date, count: int, *, pinned: bool = True) -> list[DailyBar]:
        """Return ``count`` daily bars of ``code`` before ``day``, newest first (``pinned``:
        ``day`` is the simulated one, see :func:`daily_history`)."""
        key = (code, day, count, pinned)
        found = self._daily.get(key)
        if found is None:
            if len(self._daily) > 4_096:
                self._daily.clear()
            listing = self.listings[code]
            found = self._daily[key] = daily_history(
                self.seed,
                listing,
                day,
                count,
                lambda d: self.surge_of(code, d),
                self.step,
                pinned=pinned,
            )
        return found

    def minutes(
        self, code: str, bar: DailyBar, pinned_day: date | None = None
    ) -> list[tuple[int, int, int, int, int, int]]:
        """Return (minute after 09:00, open, high, low, close, volume) of ``code`` on
        ``bar.day``, oldest first; the last bar is the 15:30 close. ``pinned_day``: the day
        whose bar is pinned to the simulated day's base (no surge there)."""
        listing = self.listings[code]
        surge = None if bar.day == pinned_day else self.surge_of(code, bar.day)
        if surge is not None:
            tape = surge_day(self.seed, listing, bar.prev_close, surge, bar.day, self.step)
            return tape.minute_bars(len(tape.qty) - 1)
        return [
            (i if i < MINUTES_PER_DAY - 1 else 390, o, h, low, c, v)
            for i, (o, h, low, c, v) in enumerate(minute_bridge(self.seed, listing, bar))
        ]
