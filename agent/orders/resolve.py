"""Orders whose broker answer was lost (principle 3 of :mod:`agent.orders.service`).

An order is SENT or UNKNOWN without a broker number after a timeout, a dropped connection, a
5xx or a crash between sending and the answer. Only the broker's own open-order and fill lists
move it on: to ACCEPTED with the broker's number when exactly one broker order matches, to
REJECTED (``NOT_AT_BROKER``) once the broker has had ``grace`` to show it and does not. Several
matches leave it UNKNOWN for a person (``AMBIGUOUS``): nothing here guesses. So does an order
whose broker number another order of the day holds (``contested_broker_order_no``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from agent.broker.orders import FilledOrder, OpenOrder
from agent.domain import OrderStatus
from agent.orders.broker import broker_request
from agent.orders.lifecycle import NOT_AT_BROKER
from agent.orders.matching import find_broker_orders
from agent.store.models import Order
from agent.store.repositories.orders import BrokerOrderNoTaken, OrderRepository

UNRESOLVED = (OrderStatus.SENT, OrderStatus.UNKNOWN)
"""Sent, and the broker's answer not known."""


def resolve_unknown(
    repo: OrderRepository,
    orders: list[Order],
    open_orders: list[OpenOrder],
    fills: list[FilledOrder],
    now: datetime,
    grace: timedelta,
    conflict: Callable[[BrokerOrderNoTaken], None] | None = None,
) -> tuple[list[int], list[int], list[int]]:
    """Resolve the unanswered ones of ``orders`` against the broker's lists; return the ids
    adopted (found), absent (never accepted: safe to decide again) and ambiguous (``conflict``
    sets aside a number another writer gave an order of the day meanwhile)."""
    known = {o.broker_order_no for o in orders if o.broker_order_no}
    adopted: list[int] = []
    absent: list[int] = []
    ambiguous: list[int] = []
    for order in orders:
        if order.status not in UNRESOLVED or order.broker_order_no:
            continue
        if order.contested_broker_order_no:
            ambiguous.append(order.id)  # which broker order is its own: for a person
            continue
        sent_at = order.sent_at or order.created_at
        candidates = find_broker_orders(
            broker_request(order), sent_at, open_orders, fills, known_order_nos=known
        )
        if len(candidates) == 1:
            number = candidates[0].order_no
            known.add(number)
            try:
                repo.transition(
                    order.id,
                    OrderStatus.ACCEPTED,
                    now,
                    broker_order_no=number,
                    detail={"resolved_from": candidates[0].source},
                )
            except BrokerOrderNoTaken as taken:
                if conflict is None:
                    raise
                conflict(taken)
                ambiguous.append(order.id)
                continue
            adopted.append(order.id)
        elif len(candidates) > 1:
            if order.status is OrderStatus.SENT:
                repo.transition(
                    order.id,
                    OrderStatus.UNKNOWN,
                    now,
                    detail={"ambiguous": [c.order_no for c in candidates]},
                )
            ambiguous.append(order.id)
        elif now - sent_at >= grace:
            repo.transition(
                order.id,
                OrderStatus.REJECTED,
                now,
                reject=(NOT_AT_BROKER, "the broker has no such order"),
            )
            absent.append(order.id)
        elif order.status is OrderStatus.SENT:
            repo.transition(order.id, OrderStatus.UNKNOWN, now)
    return adopted, absent, ambiguous
