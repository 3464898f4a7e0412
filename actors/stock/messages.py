"""Messages of a StockActor: market data for one code and what the scanner and news say."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.broker.events import TradeTick, ViTriggered


class TickReceived(Struct, frozen=True, kw_only=True):
    tick: TradeTick


class ViReceived(Struct, frozen=True, kw_only=True):
    event: ViTriggered


class WatchRankChanged(Struct, frozen=True, kw_only=True):
    """The scanner's rank for this code (None: kept only by hysteresis or a position)."""

    rank: int | None
    volume_rank: int | None = None


class NewsScoreChanged(Struct, frozen=True, kw_only=True):
    score: int | None
    headline: str | None = None


class StockFacts(Struct, frozen=True, kw_only=True):
    """What a StockActor tells the router of its code, on every change and when it stops."""

    code: str
    name: str
    """The stock's name (the approval recorded with each order names it)."""
    vi_active: bool
    """In a VI: a stop resting at the lower limit waits for the auction's uncross, no lock."""


class PriceMarked(Struct, frozen=True, kw_only=True):
    """A StockActor's last price of its code, told to the Account when it moves: positions
    and the day's P&L are marked at it (between reads the broker's price is up to 30 s old).
    None: the code is no longer watched (the broker's price counts again)."""

    code: str
    price: int | None


class CloseBar(Struct, frozen=True):
    """Timer tick: close the current bar of a quiet stock."""


class StockSnapshot(Struct, frozen=True, kw_only=True):
    code: str
    name: str
    at: datetime | None
    price: int | None
    change_bps: int | None
    volume: int
    turnover: int
    vwap: int | None
    or_high: int | None
    or_low: int | None
    or_complete: bool
    vi_active: bool
    watch_rank: int | None
    news_score: int | None
    last_decision: tuple[str, ...]
