"""What the router reports as system events besides the orders themselves.

* Orders an earlier day left open. KRX orders end with their day; an open one left in the
  database (the agent was down at the close) would keep its code unsettled for the Account
  forever. The router closes them once a trade date
  (:meth:`agent.orders.service.OrderService.expire_earlier_days`) and reports them here: a
  warning in the log and one reconciliation-mismatch event naming every order.
* A stop resting at the lower limit (a limit-down lock), once per order.
* A broker number given to an order while another order of the day holds it: an ERROR event
  naming both (executions and cancels by the number are held back from both).
"""

from __future__ import annotations

import logging
from datetime import datetime

from actors import ids
from actors.board.events import LiveActorEvent
from actors.router.messages import BrokerNumberConflict, LimitLocked
from actors.runtime.services import Services
from agent.orders.expiry import ExpiredOrder
from agent.store.models import EventKind, Order, Severity
from agent.store.repositories import SystemEventRepository
from agent.store.repositories.orders import BrokerOrderNoTaken

log = logging.getLogger(__name__)


def report_expired(
    events: SystemEventRepository, now: datetime, expired: list[ExpiredOrder]
) -> None:
    """Log and record ``expired``: closed unconfirmed, so fills at that day's close (if any)
    are for the Account's lot reconciliation to show."""
    names = ", ".join(
        f"{e.client_order_id} ({e.code}, {e.trade_date}, was {e.was.value})" for e in expired
    )
    log.warning("orders of earlier days closed unconfirmed: %s", names)
    events.record(
        EventKind.RECONCILIATION_MISMATCH,
        now,
        severity=Severity.WARNING,
        actor_id=ids.ROUTER,
        reason=(
            f"expired unconfirmed, still open when their day ended: {names}. Fills at that "
            "day's close, if any, cannot be confirmed (ka10076 lists today only); the "
            "Account's lot reconciliation against the holdings shows any difference."
        ),
        detail={
            "expired": [
                {
                    "order_id": e.order_id,
                    "client_order_id": e.client_order_id,
                    "broker_order_no": e.broker_order_no,
                    "code": e.code,
                    "trade_date": e.trade_date.isoformat(),
                    "was": e.was.value,
                    "closed_as": e.closed_as.value,
                }
                for e in expired
            ]
        },
    )


def report_locked(services: Services, events: SystemEventRepository, order: Order) -> None:
    """Log, record and publish that ``order``, a stop, rests at the lower limit."""
    log.warning("%s: the stop rests at the lower limit (locked limit-down)", order.code)
    events.record(
        EventKind.LIMIT_LOCKED,
        services.clock.now(),
        severity=Severity.WARNING,
        actor_id=ids.ROUTER,
        reason=f"{order.code}: stop queued at the lower limit {order.price}",
        detail={"order_id": order.id, "code": order.code, "price": order.price},
    )
    locked = LimitLocked(code=order.code, order_id=order.id, price=order.price)
    services.board.publish(LiveActorEvent, ids.ROUTER, locked, code=order.code)


def report_conflict(
    services: Services, events: SystemEventRepository, taken: BrokerOrderNoTaken
) -> None:
    """Record and publish that the broker gave an order a number another order of the day
    holds (the service logged it at ERROR and set the number aside)."""
    events.record(
        EventKind.RECONCILIATION_MISMATCH,
        services.clock.now(),
        severity=Severity.ERROR,
        actor_id=ids.ROUTER,
        reason=str(taken),
        detail={
            "broker_order_no": taken.number,
            "trade_date": taken.trade_date.isoformat(),
            "held_by": taken.holder_id,
            "claimed_by": taken.claimant_id,
            "code": taken.code,
        },
    )
    conflict = BrokerNumberConflict(
        code=taken.code,
        broker_order_no=taken.number,
        orders=(taken.holder_id, taken.claimant_id),
    )
    services.board.publish(LiveActorEvent, ids.ROUTER, conflict, code=taken.code)
