"""Orders an earlier trade date left open: a KRX order ends with its day.

One still open in the database (the agent was down at the close) is closed as expired,
unconfirmed: the fill list (ka10076) shows today only, so whatever filled at that close cannot
be proved here; the Account's lot reconciliation against the holdings shows the difference.
PENDING ones are closed too: one never sent never reached the broker, one sent cannot be
working any more.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from msgspec import Struct

from agent.domain import OrderStatus
from agent.orders.lifecycle import ALLOWED
from agent.store.repositories.orders import OrderRepository

log = logging.getLogger(__name__)


class ExpiredOrder(Struct, frozen=True, kw_only=True):
    """An order an earlier day left open, closed without the broker's word."""

    order_id: int
    client_order_id: str
    broker_order_no: str | None
    code: str
    trade_date: date
    was: OrderStatus
    """Its status when the day ended."""
    closed_as: OrderStatus


def expiry_path(status: OrderStatus) -> tuple[OrderStatus, ...]:
    """Return the statuses an open order of an ended day passes through to be closed.

    EXPIRED where the lifecycle table allows it. Where it does not (yet), CANCELLED: the
    remainder is dead either way and a late fill still moves the order to FILLED; an order
    still SENT first becomes UNKNOWN, which is what it is once its day ended unanswered.
    """
    allowed = ALLOWED[status]
    if OrderStatus.EXPIRED in allowed:
        return (OrderStatus.EXPIRED,)
    if OrderStatus.CANCELLED in allowed:
        return (OrderStatus.CANCELLED,)
    if OrderStatus.UNKNOWN in allowed:
        return (OrderStatus.UNKNOWN, *expiry_path(OrderStatus.UNKNOWN))
    raise ValueError(f"the lifecycle gives an open {status.value} order no way to close")


def expire_earlier_days(repo: OrderRepository, today: date, now: datetime) -> list[ExpiredOrder]:
    """Close every order a trade date before ``today`` left open; return what was closed."""
    expired: list[ExpiredOrder] = []
    for order in repo.open_before(today):
        detail = {
            "reason": "DAY_ENDED",
            "trade_date": order.trade_date.isoformat(),
            "unconfirmed": True,
        }
        closed = order
        for status in expiry_path(order.status):
            closed = repo.transition(order.id, status, now, detail=detail)
        log.warning(
            "order %s of %s was %s at its day's end: closed as %s, unconfirmed",
            order.client_order_id,
            order.trade_date,
            order.status.value,
            closed.status.value,
        )
        expired.append(
            ExpiredOrder(
                order_id=order.id,
                client_order_id=order.client_order_id,
                broker_order_no=order.broker_order_no,
                code=order.code,
                trade_date=order.trade_date,
                was=order.status,
                closed_as=closed.status,
            )
        )
    return expired
