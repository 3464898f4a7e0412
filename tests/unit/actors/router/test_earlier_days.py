"""The router closes what an earlier day left open, on start and on the first reconcile of a
new day, and says so once with a warning: those orders' last fills cannot be confirmed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from actors import ids
from actors.router.actor import OrderRouter
from actors.router.messages import Reconcile, SubmitOrder
from actors.runtime.services import Services
from agent.clock import KST, ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.orders.lifecycle import TERMINAL
from agent.store.models import EventKind, Severity, SystemEvent
from agent.store.repositories import OrderRepository
from tests.support.orders import persisted_entry
from tests.unit.actors.router.bed import AccountDouble, Count, SharedSession

YESTERDAY = datetime(2026, 11, 23, 15, 10, tzinfo=KST)
NEXT_MORNING = datetime(2026, 11, 24, 9, 5, tzinfo=KST)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(YESTERDAY)


def warnings(services: Services) -> list[SystemEvent]:
    with services.sessions() as db:
        return list(
            db.scalars(
                select(SystemEvent).where(SystemEvent.kind == EventKind.RECONCILIATION_MISMATCH)
            )
        )


def leave_open(services: Services) -> tuple[int, int]:
    """Persist yesterday's accepted order and one never sent (PENDING)."""
    repo = OrderRepository(services.sessions)
    made = [persisted_entry(repo, c, YESTERDAY) for c in ("y-accepted", "y-pending")]
    repo.transition(made[0], OrderStatus.SENT, YESTERDAY)
    repo.transition(made[0], OrderStatus.ACCEPTED, YESTERDAY, broker_order_no="0000077")
    return made[0], made[1]


def status(services: Services, order_id: int) -> OrderStatus:
    order = OrderRepository(services.sessions).get(order_id)
    assert order is not None
    return order.status


def test_on_start_the_router_closes_yesterdays_open_orders_and_warns_once(
    services: Services, clock: ManualClock
) -> None:
    accepted, pending = leave_open(services)
    clock.advance((NEXT_MORNING - YESTERDAY).total_seconds())
    account = AccountDouble.start()
    services.registry.register(ids.ACCOUNT, account)

    router = OrderRouter.start(None, services)
    router.ask(Reconcile(), timeout=5)

    assert status(services, accepted) is OrderStatus.EXPIRED
    assert status(services, pending) in TERMINAL
    (warning,) = warnings(services)
    assert warning.severity is Severity.WARNING
    assert warning.reason is not None
    assert "y-accepted" in warning.reason
    assert "y-pending" in warning.reason
    assert "ka10076" in warning.reason
    assert {e["client_order_id"] for e in warning.detail["expired"]} == {"y-accepted", "y-pending"}
    assert account.ask(Count(), timeout=5) == 1  # told before the router took Reconcile


def test_the_first_reconcile_of_a_new_day_closes_what_the_day_before_left_open(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = OrderRouter.start(None, services)
    intent = Intent(
        code="005930",
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=10_000,
        at=YESTERDAY,
        strategy_tag="opening_leader",
    )
    approved = Approved(intent=intent, quantity=10, order_type=OrderType.LIMIT, limit_price=10_000)
    router.ask(SubmitOrder(approved=approved, client_order_id="e-1"), timeout=5)
    order = OrderRepository(services.sessions).by_client_id("e-1")
    assert order is not None
    assert order.status is OrderStatus.ACCEPTED
    # The process runs through the night; the broker's lists start the new day empty.
    clock.advance((NEXT_MORNING - YESTERDAY).total_seconds())
    broker.orders.clear()

    router.ask(Reconcile(), timeout=5)
    router.ask(Reconcile(), timeout=5)

    assert status(services, order.id) is OrderStatus.EXPIRED
    assert len(warnings(services)) == 1


def test_nothing_left_open_records_no_warning(services: Services, clock: ManualClock) -> None:
    clock.advance(timedelta(hours=1).total_seconds())

    router = OrderRouter.start(None, services)
    router.ask(Reconcile(), timeout=5)

    assert warnings(services) == []
