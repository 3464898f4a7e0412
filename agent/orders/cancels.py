"""Cancelling an order at the broker: recorded (CANCEL_REQUESTED, with its reason) before it is
sent; put back when it never reached the broker, so it can be asked again; asked again,
unrecorded, when still unconfirmed (a cancel lost on the way, or refused while the broker still
lists the order). Which orders may be cancelled at all is :meth:`OrderService.cancel`'s rule.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from agent.broker.errors import BrokerError, BrokerUnavailable
from agent.broker.orders import CancelAck, CancelRequest
from agent.broker.port import BrokerPort
from agent.clock import Clock
from agent.domain import OrderStatus, OrderType
from agent.store.models import Order
from agent.store.repositories.orders import OrderRepository

__all__ = ["OnAck", "cancel_again", "request_cancel"]

log = logging.getLogger(__name__)

OnAck = Callable[[CancelAck], None] | None
"""Hears the broker's acknowledgement of a cancel (how many shares it cancelled)."""


def request_cancel(
    repo: OrderRepository,
    broker: BrokerPort,
    clock: Clock,
    order: Order,
    reason: str,
    on_ack: OnAck,
) -> Order:
    """Record and send the cancel of ``order`` (working, numbered, its number uncontested);
    return the order as it then is."""
    detail = {"reason": reason} if reason else None
    was = order.status
    order = repo.transition(order.id, OrderStatus.CANCEL_REQUESTED, clock.now(), detail)
    try:
        _send(broker, order, on_ack)
    except BrokerUnavailable as exc:
        # It never reached the broker: the order works as before, and may be asked again.
        log.warning("cancel of order %s not sent: %s", order.client_order_id, exc)
        if was is OrderStatus.ACCEPTED:
            return repo.transition(order.id, OrderStatus.ACCEPTED, clock.now())
    except BrokerError as exc:
        # Typically already filled or already cancelled; reconciliation settles which.
        log.warning("cancel of order %s refused: %s", order.client_order_id, exc)
    return order


def cancel_again(repo: OrderRepository, broker: BrokerPort, order_id: int, on_ack: OnAck) -> None:
    """Send the cancel of an order still CANCEL_REQUESTED once more."""
    order = repo.get(order_id)
    if order is None or order.status is not OrderStatus.CANCEL_REQUESTED:
        return
    if not order.broker_order_no or repo.is_contested(order.broker_order_no, order.trade_date):
        return
    try:
        _send(broker, order, on_ack)
    except BrokerError as exc:
        log.warning("cancel of order %s again refused: %s", order.client_order_id, exc)


def _send(broker: BrokerPort, order: Order, on_ack: OnAck) -> None:
    ack = broker.cancel_order(
        CancelRequest(
            order_no=order.broker_order_no or "",
            code=order.code,
            stop_limit=order.order_type is OrderType.STOP_LIMIT,
        )
    )
    if on_ack is not None:
        on_ack(ack)
