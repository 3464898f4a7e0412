"""Kiwoom's own order requests and acknowledgements; every result the client reads is one of
the domain's :mod:`agent.broker` types."""

from __future__ import annotations

from agent.kiwoom.models.trading import (
    CancelAck,
    CancelRequest,
    ModifyAck,
    ModifyRequest,
    OrderAck,
    OrderRequest,
    Side,
    TradeType,
)

__all__ = [
    "CancelAck",
    "CancelRequest",
    "ModifyAck",
    "ModifyRequest",
    "OrderAck",
    "OrderRequest",
    "Side",
    "TradeType",
]
