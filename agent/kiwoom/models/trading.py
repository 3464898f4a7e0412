"""Kiwoom's own order requests and acknowledgements (kt10000-kt10003), with its order codes.

The domain's :class:`agent.broker.orders.OrderRequest` is turned into these by the gateway's
session; what the broker lists and pushes back is decoded into :mod:`agent.broker` types.
"""

from __future__ import annotations

import enum
from datetime import datetime

import msgspec

from agent.domain.enums import Side

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


class TradeType(enum.Enum):
    """Kiwoom ``trde_tp`` codes (single-digit strings, not "00")."""

    LIMIT = "0"
    MARKET = "3"
    CONDITIONAL_LIMIT = "5"
    BEST_LIMIT = "6"
    FIRST_LIMIT = "7"
    LIMIT_IOC = "10"
    MARKET_IOC = "13"
    BEST_IOC = "16"
    LIMIT_FOK = "20"
    MARKET_FOK = "23"
    BEST_FOK = "26"
    STOP_LIMIT = "28"
    MID = "29"
    MID_IOC = "30"
    MID_FOK = "31"
    PRE_OPEN_AFTER_HOURS = "61"
    AFTER_HOURS_SINGLE = "62"
    POST_CLOSE_AFTER_HOURS = "81"

    @property
    def needs_price(self) -> bool:
        """Whether ``ord_uv`` must be set (it must be empty for every market-type code)."""
        return self.value in {"0", "5", "10", "20", "28", "62"}


class OrderRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A new buy or sell order (kt10000 / kt10001)."""

    side: Side
    code: str
    qty: int
    price: int | None = None
    trade_type: TradeType = TradeType.LIMIT
    exchange: str = "KRX"
    stop_price: int | None = None

    def __post_init__(self) -> None:
        if self.qty <= 0:
            raise ValueError("qty must be positive")
        if self.trade_type.needs_price and (self.price is None or self.price <= 0):
            raise ValueError(f"{self.trade_type.name} needs a positive price")
        if not self.trade_type.needs_price and self.price is not None:
            raise ValueError(f"{self.trade_type.name} takes no price")
        if self.trade_type is TradeType.STOP_LIMIT and not self.stop_price:
            raise ValueError("STOP_LIMIT needs stop_price")


class OrderAck(msgspec.Struct, frozen=True, kw_only=True):
    """The broker accepted a new order (``return_code`` 0 and an ``ord_no``)."""

    order_no: str
    exchange: str
    message: str
    request: OrderRequest
    sent_at: datetime


class ModifyRequest(msgspec.Struct, frozen=True, kw_only=True):
    """Change the price (and quantity) of an open order (kt10002); ``qty`` 0 = all remaining."""

    orig_order_no: str
    code: str
    price: int
    qty: int = 0
    exchange: str = "KRX"
    stop_price: int | None = None
    """A new stop (``mdfy_cond_uv``) for a 스톱지정가 not yet triggered; None keeps it."""


class ModifyAck(msgspec.Struct, frozen=True, kw_only=True):
    order_no: str
    orig_order_no: str
    qty: int
    message: str


class CancelRequest(msgspec.Struct, frozen=True, kw_only=True):
    """Cancel an open order (kt10003); ``qty`` 0 = everything remaining."""

    orig_order_no: str
    code: str
    qty: int = 0
    exchange: str = "KRX"


class CancelAck(msgspec.Struct, frozen=True, kw_only=True):
    order_no: str
    orig_order_no: str
    qty: int
    message: str
