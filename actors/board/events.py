"""What the snapshot board carries: the latest snapshot per actor, and a stream of events."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from msgspec import Struct


class Topic(StrEnum):
    """Event streams the web layer forwards (ARCHITECTURE.md §4, point 8)."""

    PRICE_UPDATE = "price_update"
    POSITION_UPDATE = "position_update"
    TRADE_SIGNAL = "trade_signal"
    ORDER_UPDATE = "order_update"
    ORDER_FILLED = "order_filled"
    SYSTEM_STATUS = "system_status"
    ACTOR_RESTARTED = "actor_restarted"
    ACTOR_EVENT = "actor_event"
    SCANNER_UPDATE = "scanner_update"
    NEWS = "news"


# Only the newest of these matters to a reader that fell behind: a stale price or position is
# replaced by the fresh one instead of queueing both. Fills, signals and restarts are never merged.
COALESCED: frozenset[Topic] = frozenset(
    {Topic.PRICE_UPDATE, Topic.POSITION_UPDATE, Topic.SYSTEM_STATUS, Topic.SCANNER_UPDATE}
)


class BoardEvent(Struct, frozen=True, kw_only=True):
    """One published fact; ``seq`` increases by one per event across the whole board."""

    seq: int
    topic: Topic
    at: datetime
    source: str
    """The stable id of the actor that published it (``stock:005930``, ``router``)."""
    code: str | None = None
    data: Any = None
    """An immutable msgspec Struct or plain JSON-able data."""


class Snapshot(Struct, frozen=True, kw_only=True):
    """The latest state an actor published about itself."""

    source: str
    version: int
    at: datetime
    data: Any
