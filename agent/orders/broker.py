"""An order as the broker is asked for it."""

from __future__ import annotations

from agent.broker.orders import PRICED, OrderRequest
from agent.domain import OrderType
from agent.store.models import Order


def broker_request(order: Order) -> OrderRequest:
    """Return the broker request an order is sent as (the same every time it is rebuilt)."""
    return OrderRequest(
        side=order.side,
        code=order.code,
        quantity=order.quantity,
        order_type=order.order_type,
        price=order.price if order.order_type in PRICED else None,
        stop_price=order.stop_price if order.order_type is OrderType.STOP_LIMIT else None,
    )
