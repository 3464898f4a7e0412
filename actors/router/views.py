"""The order and the fill as the board and the API show them: one view each, one mapping each.

``GET /orders`` and the ``order_update`` / ``order_filled`` events carry the same
:class:`OrderView`, built only by :func:`order_view` from the stored order, so a row the
dashboard merged from an event is the row a refetch would bring.
"""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct

from agent.store.models import Order
from agent.store.repositories.orders import NewFill


class OrderView(Struct, frozen=True, kw_only=True):
    """One order as the board and the API show it."""

    id: int
    client_order_id: str
    broker_order_no: str | None
    trade_date: date
    code: str
    side: str
    purpose: str
    order_type: str
    quantity: int
    price: int | None
    filled_quantity: int
    avg_fill_price: int | None
    status: str
    reject_code: str | None
    reject_message: str | None
    reason_codes: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    stop_price: int | None = None
    """A stop-limit's trigger (a backstop's: it sells at ``price`` or better once a trade
    reaches this); None for every other type."""


class FillView(Struct, frozen=True, kw_only=True):
    """One execution of an order, as the broker reported it."""

    quantity: int
    price: int
    at: datetime
    commission: int
    tax: int


class OrderFill(Struct, frozen=True, kw_only=True):
    """An order and the execution that just moved it (the ``order_filled`` event)."""

    order: OrderView
    """The order after the fill was applied."""
    fill: FillView


def order_view(order: Order) -> OrderView:
    """Return the stored ``order`` as the board and the API show it."""
    return OrderView(
        id=order.id,
        client_order_id=order.client_order_id,
        broker_order_no=order.broker_order_no,
        trade_date=order.trade_date,
        code=order.code,
        side=order.side.value,
        purpose=order.purpose.value,
        order_type=order.order_type.value,
        quantity=order.quantity,
        price=order.price,
        filled_quantity=order.filled_quantity,
        avg_fill_price=order.avg_fill_price,
        status=order.status.value,
        reject_code=order.reject_code,
        reject_message=order.reject_message,
        reason_codes=tuple(order.reason_codes or ()),
        created_at=order.created_at,
        updated_at=order.updated_at,
        stop_price=order.stop_price,
    )


def fill_view(fill: NewFill) -> FillView:
    """Return the recorded ``fill`` as the board shows it."""
    return FillView(
        quantity=fill.quantity,
        price=fill.price,
        at=fill.filled_at,
        commission=fill.commission,
        tax=fill.tax,
    )
