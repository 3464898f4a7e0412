"""Order rows as the router hands them on: the board's view of an order and the chase rule's
working order."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from actors.router.messages import OrderView
from agent import journal
from agent.domain import OrderStatus
from agent.orders.chase import Working, priced_at_lower_limit
from agent.store.models import Order


def order_view(order: Order) -> OrderView:
    return OrderView(
        id=order.id,
        client_order_id=order.client_order_id,
        broker_order_no=order.broker_order_no,
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
        updated_at=order.updated_at,
        stop_price=order.stop_price,
    )


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
