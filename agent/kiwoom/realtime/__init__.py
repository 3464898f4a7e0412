"""Kiwoom realtime WebSocket feed and its typed events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agent.broker.events import (
    BalanceUpdate,
    MarketPhase,
    OrderBookUpdate,
    OrderExecution,
    TradeTick,
    ViTriggered,
)
from agent.kiwoom.realtime.events import (
    FeedConnected,
    FeedDisconnected,
    RealtimeEvent,
    RegistrationRejected,
    SessionKicked,
    SystemNotice,
    UnknownReal,
)

if TYPE_CHECKING:
    from agent.kiwoom.realtime.feed import RealtimeError, RealtimeFeed, TokenSource


def __getattr__(name: str) -> Any:
    # The feed (websockets, the client's auth) is imported on first use: the events alone are
    # what the journal and the replay read.
    if name in ("RealtimeError", "RealtimeFeed", "TokenSource"):
        from agent.kiwoom.realtime import feed

        return getattr(feed, name)
    raise AttributeError(f"module 'agent.kiwoom.realtime' has no attribute {name!r}")


__all__ = [
    "BalanceUpdate",
    "FeedConnected",
    "FeedDisconnected",
    "MarketPhase",
    "OrderBookUpdate",
    "OrderExecution",
    "RealtimeError",
    "RealtimeEvent",
    "RealtimeFeed",
    "RegistrationRejected",
    "SessionKicked",
    "SystemNotice",
    "TokenSource",
    "TradeTick",
    "UnknownReal",
    "ViTriggered",
]
