"""Order rows as the router hands them on: the chase rule's working order and the journal's
rows of what the chase saw."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from agent import journal
from agent.domain import OrderStatus
from agent.orders.chase import Working, priced_at_lower_limit
from agent.store.models import Order


def working(order: Order) -> Working:
    return Working(
        order_id=order.id,
        code=order.code,
        side=order.side,
        purpose=order.purpose,
        order_type=order.order_type,
        price=order.price,
        sent_at=order.sent_at,
        cancel_requested=order.status is OrderStatus.CANCEL_REQUESTED,
        at_lower_limit=priced_at_lower_limit(order.reason_codes or ()),
    )


def chase_rows(
    orders: Iterable[Order], locked: Callable[[Working], bool]
) -> tuple[journal.ChaseRow, ...]:
    """The working orders as the journal keeps what the chase saw of them."""
    rows = []
    for order in orders:
        row = working(order)
        rows.append(
            journal.ChaseRow(
                working=row,
                client_order_id=order.client_order_id,
                remaining=order.quantity - order.filled_quantity,
                strategy_tag=order.strategy_tag or "",
                signal_price=order.signal_price,
                locked=row.at_lower_limit and locked(row),
            )
        )
    return tuple(rows)
