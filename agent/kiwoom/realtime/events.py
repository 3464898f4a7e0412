"""Typed realtime events: the market data and account pushes (REAL), decoded into the broker
events the domain owns (:mod:`agent.broker.events`), and the feed's own session events."""

from __future__ import annotations

from datetime import datetime

import msgspec

from agent.broker.events import (
    BalanceUpdate,
    MarketPhase,
    OrderBookUpdate,
    OrderExecution,
    TradeTick,
    ViTriggered,
)


class UnknownReal(msgspec.Struct, frozen=True, kw_only=True):
    """A REAL type this client does not decode; FIDs kept as sent."""

    type: str
    item: str
    values: dict[str, str]


class FeedConnected(msgspec.Struct, frozen=True, kw_only=True):
    """Logged in; registrations are being restored."""

    at: datetime


class FeedDisconnected(msgspec.Struct, frozen=True, kw_only=True):
    """The socket dropped; a reconnect follows unless the feed stopped."""

    at: datetime
    reason: str


class SessionKicked(msgspec.Struct, frozen=True, kw_only=True):
    """R10001: another connection with the same app key took the session."""

    at: datetime
    message: str


class SystemNotice(msgspec.Struct, frozen=True, kw_only=True):
    """Any other SYSTEM frame (R10002 heartbeat timeout, R10004 missing login...)."""

    at: datetime
    code: str
    message: str


class RegistrationRejected(msgspec.Struct, frozen=True, kw_only=True):
    """A REG/REMOVE nobody was waiting on (e.g. a re-registration) was refused."""

    at: datetime
    trnm: str
    code: int
    message: str


MarketEvent = TradeTick | OrderBookUpdate | ViTriggered | MarketPhase
AccountEvent = OrderExecution | BalanceUpdate
SessionEvent = (
    FeedConnected | FeedDisconnected | SessionKicked | SystemNotice | RegistrationRejected
)
RealtimeEvent = MarketEvent | AccountEvent | UnknownReal | SessionEvent
