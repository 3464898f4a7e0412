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
