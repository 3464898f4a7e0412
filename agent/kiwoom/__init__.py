"""Kiwoom REST + realtime broker client (async: httpx, anyio, websockets).

Entry points: :class:`KiwoomClient` (every TR), :class:`RealtimeFeed` (WebSocket events),
:class:`ClientConfig`, the error hierarchy in :mod:`agent.kiwoom.errors` and
:func:`find_broker_orders` for resolving :class:`OrderOutcomeUnknown`.
"""

from __future__ import annotations

from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.config import ClientConfig, RateProfile
from agent.kiwoom.errors import (
    AuthError,
    InvalidRequestError,
    KiwoomError,
    OrderOutcomeUnknown,
    ProtocolError,
    RateLimitedError,
    RejectedError,
    TransientError,
)
from agent.kiwoom.limiter import RateLimiter
from agent.kiwoom.matching import Candidate, find_broker_orders
from agent.kiwoom.realtime import RealtimeError, RealtimeFeed

__all__ = [
    "AuthError",
    "Candidate",
    "ClientConfig",
    "InvalidRequestError",
    "KiwoomClient",
    "KiwoomError",
    "OrderOutcomeUnknown",
    "ProtocolError",
    "RateLimitedError",
    "RateLimiter",
    "RateProfile",
    "RealtimeError",
    "RealtimeFeed",
    "RejectedError",
    "TransientError",
    "find_broker_orders",
]
