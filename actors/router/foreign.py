"""The user's own orders in the shared account, as the router meets them at reconciliation.

An order the agent did not place (영웅문, the MTS, ``stockagent broker``) is the user's
business, not an error: it is recorded once, noted once as a system event and on the board,
and recorded again only when it changes (a fill, a cancel), so nothing loops on it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from actors import ids
from actors.board.events import LiveActorEvent
from actors.router.messages import UsersOrderSeen
from actors.runtime.services import Services
from agent.domain import Side
from agent.orders.foreign import ForeignOrder
from agent.store.models import EventKind
from agent.store.repositories import SystemEventRepository
from agent.store.repositories.lots import ExternalOrderRepository, Sighting

log = logging.getLogger(__name__)


class UsersOrders:
    """Records the user's orders once each and says when one changed."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._external = ExternalOrderRepository(services.sessions)
        self._events = SystemEventRepository(services.sessions)

    def record(self, orders: tuple[ForeignOrder, ...], day: date) -> bool:
        """Record ``orders`` of trade date ``day``; return whether any is new or changed (the
        Account should then read the holdings it must tell apart from the agent's lots)."""
        if not orders:
            return False
        now = self._services.clock.now()
        changed = False
        for order in orders:
            seen = self._external.record(
                day,
                order.order_no,
                code=order.code,
                side=Side(order.side.value) if order.side is not None else None,
                kind=order.label,
                quantity=order.quantity,
                price=order.price,
                filled=order.filled,
                at=now,
            )
            if seen is Sighting.UNCHANGED:
                continue
            changed = True
            if seen is Sighting.NEW:
                self._note(order, now)
        return changed

    def _note(self, order: ForeignOrder, now: datetime) -> None:
        log.info(
            "the user's order %s in the account: %s %s x%d (not the agent's; left alone)",
            order.order_no,
            order.label,
            order.code,
            order.quantity,
        )
        self._events.record(
            EventKind.EXTERNAL_ORDER,
            now,
            actor_id=ids.ROUTER,
            reason=f"{order.label} {order.code} x{order.quantity} placed outside the agent",
            detail={
                "order_no": order.order_no,
                "code": order.code,
                "kind": order.kind,
                "orig_order_no": order.orig_order_no,
            },
        )
        seen = UsersOrderSeen(order_no=order.order_no, code=order.code, kind=order.label)
        self._services.board.publish(LiveActorEvent, ids.ROUTER, seen, code=order.code)
