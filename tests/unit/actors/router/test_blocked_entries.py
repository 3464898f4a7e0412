"""While the governor blocks new entries (freeze, kill switch, pause, daily loss limit), no entry
may stay working: not even one whose send was ambiguous and that the broker's lists only later
show to have been accepted. Exits are never cancelled for it."""

from __future__ import annotations

from typing import Any

import pykka
import pytest

from actors import ids
from actors.risk.messages import GovernorBrakes
from actors.router.messages import CancelEntries, Reconcile, SubmitOrder
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed
from agent.clock import ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.orders.service import OrderService
from agent.store.repositories import OrderRepository
from tests.unit.actors.router.bed import NOW, GovernorDouble, SharedSession, start_router

RUNNING = GovernorBrakes(frozen=False, entries_blocked=False)
FROZEN = GovernorBrakes(frozen=True, entries_blocked=True)
BLOCKED = GovernorBrakes(frozen=False, entries_blocked=True)
"""The kill switch, the pause or the daily loss limit, as the governor tells them (it tells
each as a block of entries: tests/unit/actors/test_risk_liquidation.py)."""
BRAKES = (FROZEN, BLOCKED)


def brakes_on(router: pykka.ActorRef[Any], brakes: GovernorBrakes) -> None:
    """Tell the router the governor's brakes, as the governor does on every change."""
    router.tell(brakes)


def approved(purpose: OrderPurpose = OrderPurpose.ENTRY) -> Approved:
    side = Side.BUY if purpose is OrderPurpose.ENTRY else Side.SELL
    intent = Intent(
        code="005930",
        side=side,
        purpose=purpose,
        reference_price=10_000,
        at=NOW,
        strategy_tag="opening_leader" if side is Side.BUY else "risk",
    )
    return Approved(intent=intent, quantity=10, order_type=OrderType.LIMIT, limit_price=10_000)


def order_of(services: Services, client_id: str) -> Any:
    order = OrderRepository(services.sessions).by_client_id(client_id)
    assert order is not None
    return order


def test_an_entry_adopted_after_an_ambiguous_send_is_cancelled_while_the_kill_switch_is_on(
    services: Services, broker: SharedSession
) -> None:
    # The entry reached the broker, but its answer was lost: the router knows no number.
    broker.next_outcome = ["lost_after_accept"]
    router = start_router(services)
    router.ask(SubmitOrder(approved=approved(), client_order_id="e-1"), timeout=5)
    assert order_of(services, "e-1").status is OrderStatus.UNKNOWN
    brakes_on(router, BLOCKED)
    router.ask(CancelEntries(reason="kill switch"), timeout=5)  # cannot reach it yet

    # A reconcile without the chase (the day's close): adoption alone must cancel it.
    router.ask(DayClosed(trading_date=NOW.date(), at=NOW), timeout=5)

    order = order_of(services, "e-1")
    assert order.broker_order_no == broker.orders[0].number
    assert order.status is OrderStatus.CANCEL_REQUESTED
    assert broker.orders[0].cancelled


def test_an_ambiguous_entry_found_on_restart_under_the_freeze_is_cancelled(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    broker.next_outcome = ["lost_after_accept"]
    service = OrderService(OrderRepository(services.sessions), broker, clock)
    service.submit(approved(), "e-1")  # the previous incarnation sent it, then died
    services.registry.register(ids.RISK, GovernorDouble.start(FROZEN))

    start_router(services)  # asks the governor for its brakes before its first reconcile

    assert order_of(services, "e-1").status is OrderStatus.CANCEL_REQUESTED
    assert broker.orders[0].cancelled


@pytest.mark.parametrize("brake", BRAKES)
def test_the_chase_cancels_every_working_entry_while_entries_are_blocked(
    services: Services, broker: SharedSession, brake: GovernorBrakes
) -> None:
    router = start_router(services)
    router.ask(SubmitOrder(approved=approved(), client_order_id="e-1"), timeout=5)
    brakes_on(router, brake)

    router.ask(Reconcile(), timeout=5)  # long before the entry's own time-out

    assert order_of(services, "e-1").status is OrderStatus.CANCEL_REQUESTED
    assert broker.orders[0].cancelled


@pytest.mark.parametrize("brake", BRAKES)
def test_exits_are_not_cancelled_while_entries_are_blocked(
    services: Services, broker: SharedSession, brake: GovernorBrakes
) -> None:
    router = start_router(services)
    router.ask(
        SubmitOrder(approved=approved(OrderPurpose.TAKE_PROFIT), client_order_id="x-1"), timeout=5
    )
    brakes_on(router, brake)

    router.ask(Reconcile(), timeout=5)

    assert order_of(services, "x-1").status is OrderStatus.ACCEPTED
    assert not broker.orders[0].cancelled


def test_a_young_entry_keeps_working_while_nothing_blocks_entries(
    services: Services, broker: SharedSession
) -> None:
    router = start_router(services)
    router.ask(SubmitOrder(approved=approved(), client_order_id="e-1"), timeout=5)
    brakes_on(router, RUNNING)

    router.ask(Reconcile(), timeout=5)

    assert order_of(services, "e-1").status is OrderStatus.ACCEPTED
    assert not broker.orders[0].cancelled
