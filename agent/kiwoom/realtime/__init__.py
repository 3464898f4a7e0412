"""Kiwoom realtime WebSocket feed and its typed events."""

from __future__ import annotations

from agent.kiwoom.realtime.events import (
    BalanceUpdate,
    FeedConnected,
    FeedDisconnected,
    MarketPhase,
    OrderBookUpdate,
    OrderExecution,
    RealtimeEvent,
    RegistrationRejected,
    SessionKicked,
    SystemNotice,
    TradeTick,
    UnknownReal,
    ViTriggered,
)
from agent.kiwoom.realtime.feed import RealtimeError, RealtimeFeed, TokenSource

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
