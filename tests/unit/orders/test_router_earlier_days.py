"""Orders an earlier day left open are closed, unconfirmed, through the lifecycle: KRX orders
end with their day, and the broker's lists of a new day no longer show them."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from agent.clock import KST, ManualClock
from agent.domain import OrderStatus
from agent.orders.expiry import expiry_path
from agent.orders.lifecycle import ALLOWED, TERMINAL, check_transition
from agent.orders.service import OrderService
from agent.store.repositories import OrderRepository
from agent.store.repositories.orders import NewFill
from tests.support.orders import persisted_entry
from tests.unit.orders.fake_broker import FakeBroker

YESTERDAY = datetime(2026, 11, 23, 15, 10, tzinfo=KST)
NEXT_MORNING = datetime(2026, 11, 24, 8, 50, tzinfo=KST)

S = OrderStatus
# How an order reaches each status it can be left in when its day ends.
LEFT_OPEN: dict[OrderStatus, tuple[OrderStatus, ...]] = {
    S.PENDING: (),
    S.SENT: (S.SENT,),
    S.UNKNOWN: (S.SENT, S.UNKNOWN),
    S.ACCEPTED: (S.SENT, S.ACCEPTED),
    S.PARTIALLY_FILLED: (S.SENT, S.ACCEPTED),
    S.CANCEL_REQUESTED: (S.SENT, S.ACCEPTED, S.CANCEL_REQUESTED),
}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(YESTERDAY)


@pytest.fixture
def repo(sessions: sessionmaker[Session]) -> OrderRepository:
    return OrderRepository(sessions)


@pytest.fixture
def service(repo: OrderRepository, clock: ManualClock) -> OrderService:
    return OrderService(repo, FakeBroker(clock), clock)


def _left_open(repo: OrderRepository) -> dict[OrderStatus, int]:
    """Persist yesterday's orders, one in each status an order can be left in at the close."""
    ids: dict[OrderStatus, int] = {}
    for status, path in LEFT_OPEN.items():
        order_id = persisted_entry(repo, f"y-{status.value}", YESTERDAY)
        for step in path:
            number = f"{order_id:07d}" if step is S.ACCEPTED else None
            repo.transition(order_id, step, YESTERDAY, broker_order_no=number)
        ids[status] = order_id
    repo.record_fill(
        ids[S.PARTIALLY_FILLED],
        NewFill(
            broker_fill_no="cum:4",
            quantity=4,
            price=10_000,
            commission=0,
            tax=0,
            filled_at=YESTERDAY,
        ),
    )
    return ids


def test_every_order_an_earlier_day_left_open_is_closed_on_the_next_day(
    service: OrderService, repo: OrderRepository, clock: ManualClock
) -> None:
    ids = _left_open(repo)
    clock.advance((NEXT_MORNING - YESTERDAY).total_seconds())

    expired = service.expire_earlier_days()

    assert {e.order_id for e in expired} == set(ids.values())
    assert {e.was for e in expired} == set(LEFT_OPEN)
    for order_id in ids.values():
        order = repo.get(order_id)
        assert order is not None
        assert order.status in TERMINAL
    assert repo.open_orders() == []


def test_a_working_order_of_an_earlier_day_expires_with_its_fills_kept(
    service: OrderService, repo: OrderRepository, clock: ManualClock
) -> None:
    ids = _left_open(repo)
    clock.advance((NEXT_MORNING - YESTERDAY).total_seconds())

    service.expire_earlier_days()

    accepted, partial = repo.get(ids[S.ACCEPTED]), repo.get(ids[S.PARTIALLY_FILLED])
    assert accepted is not None
    assert partial is not None
    assert accepted.status is S.EXPIRED
    assert partial.status is S.EXPIRED
    assert partial.filled_quantity == 4


def test_each_expired_order_gets_a_status_change_saying_it_is_unconfirmed(
    service: OrderService, repo: OrderRepository, clock: ManualClock
) -> None:
    ids = _left_open(repo)
    clock.advance((NEXT_MORNING - YESTERDAY).total_seconds())

    service.expire_earlier_days()

    for status, order_id in ids.items():
        last = repo.history(order_id)[-1]
        assert last.old_status is not None
        assert last.new_status in TERMINAL, status
        assert last.detail["reason"] == "DAY_ENDED"
        assert last.detail["unconfirmed"] is True
        assert last.detail["trade_date"] == "2026-11-23"


def test_todays_orders_and_closed_ones_are_left_alone(
    service: OrderService, repo: OrderRepository, clock: ManualClock
) -> None:
    filled_yesterday = persisted_entry(repo, "y-done", YESTERDAY)
    repo.transition(filled_yesterday, S.SENT, YESTERDAY)
    repo.transition(filled_yesterday, S.REJECTED, YESTERDAY, reject=("X", "refused"))
    clock.advance((NEXT_MORNING - YESTERDAY).total_seconds())
    today = persisted_entry(repo, "t-1", NEXT_MORNING)

    expired = service.expire_earlier_days()

    assert expired == []
    today_order = repo.get(today)
    assert today_order is not None
    assert today_order.status is S.PENDING
    assert len(repo.history(filled_yesterday)) == 3


@pytest.mark.parametrize("status", [s for s in S if s not in TERMINAL])
def test_the_expiry_path_of_every_open_status_is_legal_and_ends_closed(
    status: OrderStatus,
) -> None:
    path = expiry_path(status)

    current = status
    for step in path:
        check_transition(current, step)
        current = step
    assert current in TERMINAL
    if S.EXPIRED in ALLOWED[status]:
        assert path == (S.EXPIRED,)
