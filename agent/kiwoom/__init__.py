"""Kiwoom REST + realtime broker client (async: httpx, anyio, websockets).

Entry points: :class:`KiwoomClient` (every TR), :class:`RealtimeFeed` (WebSocket events),
:class:`ClientConfig` and the error hierarchy in :mod:`agent.kiwoom.errors`. What the client
reads comes back as the domain's :mod:`agent.broker` types.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from agent.kiwoom.realtime import RealtimeError, RealtimeFeed

# Imported on first use: reading a model or an error must not pay for httpx, the
# client and the realtime feed (a backtest never talks to the broker).
_EXPORTS = {
    "KiwoomClient": "agent.kiwoom.client",
    "ClientConfig": "agent.kiwoom.config",
    "RateProfile": "agent.kiwoom.config",
    "AuthError": "agent.kiwoom.errors",
    "InvalidRequestError": "agent.kiwoom.errors",
    "KiwoomError": "agent.kiwoom.errors",
    "OrderOutcomeUnknown": "agent.kiwoom.errors",
    "ProtocolError": "agent.kiwoom.errors",
    "RateLimitedError": "agent.kiwoom.errors",
    "RejectedError": "agent.kiwoom.errors",
    "TransientError": "agent.kiwoom.errors",
    "RateLimiter": "agent.kiwoom.limiter",
    "RealtimeError": "agent.kiwoom.realtime",
    "RealtimeFeed": "agent.kiwoom.realtime",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'agent.kiwoom' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "AuthError",
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
]
