"""Orders as the domain sends them to the broker and reads them back.

An :class:`OrderRequest` says what to trade in the domain's terms (side, quantity, an
:class:`~agent.domain.OrderType`); the adapter turns it into the broker's own order codes. The
lists the broker keeps (open orders, executions) come back as :class:`OpenOrder` and
:class:`FilledOrder` rows, each with its :class:`OrderAction` decoded from the broker's label,
so nothing outside the adapter reads the broker's words.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from agent.domain.enums import OrderType, Side

PRICED = frozenset({OrderType.LIMIT, OrderType.STOP_LIMIT})
"""The order types that carry a price (a market or best-price order must not)."""


class OrderAction(StrEnum):
    """What a row of the broker's order lists is: a new order, a modify (정정) of one, which
    has its own number and fills, or a cancel (취소), which executes nothing."""

    NEW = "new"
    MODIFY = "modify"
    CANCEL = "cancel"


class OrderRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A new buy or sell order."""

    side: Side
    code: str
    quantity: int
    order_type: OrderType = OrderType.LIMIT
    price: int | None = None
    """The limit price in won; None for the types that take none (market, best price)."""
    stop_price: int | None = None
    """A stop-limit's trigger: the trade price that arms its limit (that type only)."""

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError("quantity must be positive")
        stop = self.order_type is OrderType.STOP_LIMIT
        if stop and (self.stop_price is None or self.stop_price <= 0):
            raise ValueError("a stop_limit order needs a positive stop price")
        if not stop and self.stop_price is not None:
            raise ValueError(f"a {self.order_type.value} order takes no stop price")
        if self.order_type in PRICED and (self.price is None or self.price <= 0):
            raise ValueError(f"a {self.order_type.value} order needs a positive price")
        if self.order_type not in PRICED and self.price is not None:
            raise ValueError(f"a {self.order_type.value} order takes no price")


class OrderAck(msgspec.Struct, frozen=True, kw_only=True):
    """The broker accepted a new order under ``order_no``."""

    order_no: str
    message: str
    sent_at: datetime


class CancelRequest(msgspec.Struct, frozen=True, kw_only=True):
    """Cancel what remains of the broker's order ``order_no`` (``quantity`` 0: all of it)."""

    order_no: str
    code: str
    quantity: int = 0
    stop_limit: bool = False
    """The order is a stop-limit: its cancel goes to the venue stop-limits are sent to."""


class CancelAck(msgspec.Struct, frozen=True, kw_only=True):
    """The broker took the cancel as its own order ``order_no`` of ``quantity`` shares."""

    order_no: str
    cancelled_order_no: str
    quantity: int
    message: str


class OpenOrder(msgspec.Struct, frozen=True, kw_only=True):
    """An order not yet fully filled or cancelled (ka10075 row)."""

    order_no: str
    code: str
    name: str
    side: Side | None
    action: OrderAction
    kind: str
    """The broker's label as sent (+매수, -매도, +매수정정, -매도취소...), for people to read."""
    status: str
    trade_type: str
    qty: int
    price: int
    open_qty: int
    filled_amount: int
    orig_order_no: str | None
    time: datetime | None
    exchange: str


class FilledOrder(msgspec.Struct, frozen=True, kw_only=True):
    """An order with its cumulative execution (ka10076 row)."""

    order_no: str
    code: str
    name: str
    side: Side | None
    action: OrderAction
    kind: str
    """The broker's label as sent, for people to read."""
    status: str
    trade_type: str
    order_qty: int
    order_price: int
    fill_qty: int
    fill_price: int
    open_qty: int
    fee: int
    tax: int
    orig_order_no: str | None
    time: datetime | None
