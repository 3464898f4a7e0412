"""The stored shapes of market history, in the domain's terms (the broker's are adapted in
:mod:`agent.history.fetch`)."""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct


class Instrument(Struct, frozen=True, kw_only=True):
    """A listed stock: what a backtest of fetched days needs to trade it."""

    code: str
    name: str
    board: str
    """``KOSPI`` or ``KOSDAQ``."""
    kind: str
    """:class:`~agent.broker.market.SecurityKind` value (``stock``, ``preferred``...)."""
    listed_shares: int = 0


class DayBar(Struct, frozen=True, kw_only=True):
    """One day's candle; ``base`` is the previous close the day's change is measured from."""

    code: str
    day: date
    open: int
    high: int
    low: int
    close: int
    volume: int
    turnover: int
    """Won traded."""
    base: int


class MinuteBar(Struct, frozen=True, kw_only=True):
    """Trades of one minute; ``start`` is the minute's first second (KST)."""

    code: str
    start: datetime
    open: int
    high: int
    low: int
    close: int
    volume: int
