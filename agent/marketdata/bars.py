"""One-minute bars: the bar a tick belongs to, and optional flat bars over quiet minutes.

A bar's ``start`` is the minute it covers, in KST: a trade at 09:00:59.9 belongs to the 09:00 bar.
Minutes are keyed by ``floor(epoch seconds / 60)``; KST is a whole-hour offset of UTC with no DST,
so that key is also the KST minute, and computing it needs no time-zone conversion per tick.

Minutes without trades produce no bar (a bar is evidence of trading); :func:`fill_gaps` adds flat,
zero-volume bars for consumers that want a regular grid (charts, some indicators).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from msgspec import Struct

from agent.clock import KST

ONE_MINUTE = timedelta(minutes=1)


class Bar(Struct, frozen=True, kw_only=True):
    """Trades of ``code`` during the minute starting at ``start`` (KST)."""

    code: str
    start: datetime
    open: int
    high: int
    low: int
    close: int
    volume: int
    turnover_won: int
    trades: int


def minute_key(at: datetime) -> int:
    """Return the minute ``at`` (timezone-aware) falls in, as whole minutes since the epoch."""
    if at.tzinfo is None:
        raise ValueError("market times must be timezone-aware")
    return int(at.timestamp() // 60)


def minute_start(key: int) -> datetime:
    """Return the KST start of the minute ``key`` (see :func:`minute_key`)."""
    return datetime.fromtimestamp(key * 60, KST)


def open_bar(code: str, key: int, price: int, volume: int) -> Bar:
    """Return the bar of minute ``key`` opened by a trade of ``volume`` shares at ``price``."""
    return Bar(
        code=code,
        start=minute_start(key),
        open=price,
        high=price,
        low=price,
        close=price,
        volume=volume,
        turnover_won=price * volume,
        trades=1,
    )


def extend_bar(bar: Bar, price: int, volume: int, *, is_latest: bool) -> Bar:
    """Return ``bar`` with one more trade; only the latest trade in time may move the close."""
    return Bar(
        code=bar.code,
        start=bar.start,
        open=bar.open,
        high=price if price > bar.high else bar.high,
        low=price if price < bar.low else bar.low,
        close=price if is_latest else bar.close,
        volume=bar.volume + volume,
        turnover_won=bar.turnover_won + price * volume,
        trades=bar.trades + 1,
    )


def fill_gaps(bars: Iterable[Bar], until: datetime | None = None) -> list[Bar]:
    """Return ``bars`` with a flat zero-volume bar for every quiet minute between them.

    A filled bar repeats the previous close as open, high, low and close. With ``until``, quiet
    minutes after the last bar are filled up to and excluding the minute containing ``until``.
    """
    filled: list[Bar] = []
    for bar in bars:
        if filled:
            filled.extend(_flat_after(filled[-1], bar.start))
        filled.append(bar)
    if filled and until is not None:
        filled.extend(_flat_after(filled[-1], minute_start(minute_key(until))))
    return filled


def _flat_after(previous: Bar, stop: datetime) -> list[Bar]:
    flats: list[Bar] = []
    start = previous.start + ONE_MINUTE
    while start < stop:
        flats.append(
            Bar(
                code=previous.code,
                start=start,
                open=previous.close,
                high=previous.close,
                low=previous.close,
                close=previous.close,
                volume=0,
                turnover_won=0,
                trades=0,
            )
        )
        start += ONE_MINUTE
    return flats
