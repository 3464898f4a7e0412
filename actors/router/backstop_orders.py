"""The day's orders as the backstop desk (:mod:`actors.router.backstops`) reads them: which
are backstops, which exits wait for them, what the broker refused."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from agent.domain import OrderPurpose, OrderStatus, Side
from agent.orders.backstops import BackstopRow
from agent.orders.lifecycle import AGENTS_OWN_REJECTIONS, NOT_AT_BROKER, SEND_FAILED, TERMINAL
from agent.store.models import Order

NOT_REFUSALS = (SEND_FAILED, NOT_AT_BROKER, *sorted(AGENTS_OWN_REJECTIONS))
"""Reject codes that are not the broker's refusal: a send that never reached it or that it
never took (the next pass tries again), a decision gone stale, a withdrawal of the agent's
own."""


def is_backstop(order: Order) -> bool:
    return order.purpose is OrderPurpose.BACKSTOP


def is_exit(order: Order) -> bool:
    """A sell of the agent's other than a backstop (an exit, whatever its reason)."""
    return order.side is Side.SELL and not is_backstop(order)


def waits(order: Order) -> bool:
    """An exit that waits for its code's backstops (the user's own sells never do)."""
    return is_exit(order) and order.purpose is not OrderPurpose.MANUAL


def row_of(order: Order) -> BackstopRow:
    return BackstopRow(
        order_id=order.id,
        code=order.code,
        remaining=order.quantity - order.filled_quantity,
        trigger=order.stop_price or 0,
        limit=order.price or 0,
        cancel_requested=order.status is OrderStatus.CANCEL_REQUESTED,
    )


def working_backstops(orders: list[Order], code: str) -> list[Order]:
    return [o for o in orders if o.code == code and is_backstop(o) and o.status not in TERMINAL]


def held_exits(orders: list[Order], code: str | None = None) -> list[Order]:
    """The exits waiting for backstops (of ``code``, or of every code)."""
    return [
        o for o in orders if waits(o) and o.status is OrderStatus.PENDING and code in (None, o.code)
    ]


def sold_by_backstops(orders: list[Order], code: str) -> int:
    return sum(o.filled_quantity for o in orders if o.code == code and is_backstop(o))


def counted(codes: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    return tuple(sorted(counts.items()))


def last_refusals(orders: list[Order]) -> tuple[tuple[str, datetime, int], ...]:
    """Per code, the last refusal of a backstop today and how many there were."""
    last: dict[str, tuple[datetime, int]] = {}
    for order in orders:
        if is_backstop(order) and refused_by_broker(order):
            at, count = last.get(order.code, (order.updated_at, 0))
            last[order.code] = (max(at, order.updated_at), count + 1)
    return tuple((code, at, count) for code, (at, count) in sorted(last.items()))


def refused_by_broker(order: Order) -> bool:
    """A rejection the broker gave (not a send that never reached it, which the next pass
    simply tries again, nor a withdrawal of the agent's own)."""
    code = order.reject_code or ""
    return order.status is OrderStatus.REJECTED and not code.startswith(NOT_REFUSALS)
