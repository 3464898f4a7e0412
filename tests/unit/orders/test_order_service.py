"""The order service sends each intent at most once and records each execution exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from agent.broker.orders import OrderRequest
from agent.clock import KST, ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.journal import OrderAnswer
from agent.orders.reports import ExecutionReport
from agent.orders.service import OrderService
from agent.store.repositories import OrderRepository
from tests.unit.orders.fake_broker import FakeBroker

OPEN = datetime(2026, 11, 24, 9, 5, tzinfo=KST)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(OPEN)


@pytest.fixture
def broker(clock: ManualClock) -> FakeBroker:
    return FakeBroker(clock)


@pytest.fixture
def repo(sessions: sessionmaker[Session]) -> OrderRepository:
    return OrderRepository(sessions)


@pytest.fixture
def service(repo: OrderRepository, broker: FakeBroker, clock: ManualClock) -> OrderService:
    return OrderService(repo, broker, clock, unknown_grace=timedelta(seconds=10))


def _approved(qty: int = 10, price: int = 70_000, code: str = "005930") -> Approved:
    intent = Intent(
        code=code,
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=price,
        at=OPEN,
        strategy_tag="opening_leader",
        reasons=("OR_BREAKOUT",),
    )
    return Approved(intent=intent, quantity=qty, order_type=OrderType.LIMIT, limit_price=price)


def test_an_accepted_order_is_stored_with_the_broker_number(
    service: OrderService, broker: FakeBroker
) -> None:
    order = service.submit(_approved(), "c-1")

    assert order.status is OrderStatus.ACCEPTED
    assert order.broker_order_no == "0000001"
    assert broker.calls == ["c-1"]


def test_submitting_the_same_client_order_id_again_sends_nothing(
    service: OrderService, broker: FakeBroker
) -> None:
    service.submit(_approved(), "c-1")
    again = service.submit(_approved(), "c-1")

    assert again.status is OrderStatus.ACCEPTED
    assert broker.calls == ["c-1"]
    assert len(broker.orders) == 1


def test_a_broker_rejection_is_recorded_with_its_fine_code(
    service: OrderService, broker: FakeBroker
) -> None:
    broker.next_outcome = ["reject"]

    order = service.submit(_approved(), "c-1")

    assert order.status is OrderStatus.REJECTED
    assert order.reject_code == "RC4003"


def test_every_broker_answer_to_a_send_is_told_once(
    repo: OrderRepository, broker: FakeBroker, clock: ManualClock
) -> None:
    answers: list[OrderAnswer] = []
    service = OrderService(repo, broker, clock, on_answer=answers.append)
    broker.next_outcome = ["reject"]

    service.submit(_approved(), "c-1")
    accepted = service.submit(_approved(), "c-2")
    service.submit(_approved(), "c-2")  # the same id again: not sent, no answer

    assert [(a.client_order_id, a.outcome, a.code) for a in answers] == [
        ("c-1", "rejected", "RC4003"),
        ("c-2", "accepted", ""),
    ]
    assert answers[1].order_no == accepted.broker_order_no


def test_a_lost_answer_leaves_the_order_unknown_and_it_is_not_resent(
    service: OrderService, broker: FakeBroker
) -> None:
    broker.next_outcome = ["lost_after_accept"]

    order = service.submit(_approved(), "c-1")
    again = service.submit(_approved(), "c-1")

    assert order.status is OrderStatus.UNKNOWN
    assert again.status is OrderStatus.UNKNOWN
    assert broker.calls == ["c-1"]


def test_reconciliation_adopts_an_unknown_order_the_broker_has(
    service: OrderService, broker: FakeBroker, repo: OrderRepository, clock: ManualClock
) -> None:
    broker.next_outcome = ["lost_after_accept"]
    order = service.submit(_approved(), "c-1")
    clock.advance(1)

    result = service.reconcile()

    assert result.adopted == (order.id,)
    stored = repo.get(order.id)
    assert stored is not None
    assert stored.status is OrderStatus.ACCEPTED
    assert stored.broker_order_no == broker.orders[0].number


def test_an_unknown_order_absent_at_the_broker_is_closed_only_after_the_grace_period(
    service: OrderService, broker: FakeBroker, repo: OrderRepository, clock: ManualClock
) -> None:
    broker.next_outcome = ["lost_before_accept"]
    order = service.submit(_approved(), "c-1")

    clock.advance(2)
    early = service.reconcile()
    clock.advance(10)
    late = service.reconcile()

    assert early.not_at_broker == ()
    assert late.not_at_broker == (order.id,)
    stored = repo.get(order.id)
    assert stored is not None
    assert stored.status is OrderStatus.REJECTED
    assert stored.reject_code == "NOT_AT_BROKER"
    assert broker.orders == []


def test_two_matching_broker_orders_leave_the_order_unknown_for_a_person(
    service: OrderService, broker: FakeBroker, repo: OrderRepository, clock: ManualClock
) -> None:
    broker.next_outcome = ["lost_after_accept"]
    order = service.submit(_approved(), "c-1")
    broker.accept(broker.orders[0].request)  # the same order placed from elsewhere
    clock.advance(20)

    result = service.reconcile()

    assert result.ambiguous == (order.id,)
    stored = repo.get(order.id)
    assert stored is not None
    assert stored.status is OrderStatus.UNKNOWN


def test_an_order_persisted_as_sent_before_a_crash_is_resolved_on_restart(
    repo: OrderRepository, broker: FakeBroker, clock: ManualClock
) -> None:
    # The process died after marking the order SENT and after the broker accepted it.
    first = OrderService(repo, broker, clock)
    broker.next_outcome = ["lost_after_accept"]
    order = first.submit(_approved(), "c-1")
    repo_order = repo.get(order.id)
    assert repo_order is not None

    restarted = OrderService(repo, broker, clock)
    clock.advance(1)
    restarted.reconcile()
    again = restarted.submit(_approved(), "c-1")

    assert again.status is OrderStatus.ACCEPTED
    assert len(broker.orders) == 1


def test_fills_from_realtime_and_from_the_list_are_recorded_once(
    service: OrderService, broker: FakeBroker, repo: OrderRepository, clock: ManualClock
) -> None:
    order = service.submit(_approved(qty=10), "c-1")
    number = broker.orders[0].number
    broker.execute(number, 4, 70_000)
    push = ExecutionReport(
        order_no=number, cum_qty=4, cum_amount=280_000, last_price=70_000, at=clock.now()
    )

    assert service.apply_report(push) is True
    assert service.apply_report(push) is False
    service.reconcile()  # the list says the same 4 shares
    broker.execute(number, 6, 70_100)
    service.reconcile()
    late_old_push = ExecutionReport(
        order_no=number, cum_qty=4, cum_amount=280_000, last_price=70_000, at=clock.now()
    )
    service.apply_report(late_old_push)

    fills = repo.fills(order.id)
    assert [f.quantity for f in fills] == [4, 6]
    assert sum(f.quantity * f.price for f in fills) == 4 * 70_000 + 6 * 70_100
    stored = repo.get(order.id)
    assert stored is not None
    assert stored.status is OrderStatus.FILLED


def test_a_cancelled_order_that_the_broker_filled_first_ends_filled(
    service: OrderService, broker: FakeBroker, repo: OrderRepository, clock: ManualClock
) -> None:
    order = service.submit(_approved(qty=5), "c-1")
    service.cancel(order.id)
    clock.advance(20)
    service.reconcile()
    cancelled = repo.get(order.id)
    assert cancelled is not None
    assert cancelled.status is OrderStatus.CANCELLED

    # The execution happened before the cancel reached the exchange.
    broker.execute(broker.orders[0].number, 5, 70_000)
    service.reconcile()

    filled = repo.get(order.id)
    assert filled is not None
    assert filled.status is OrderStatus.FILLED
    assert filled.filled_quantity == 5


def test_broker_orders_no_local_order_owns_are_reported(
    service: OrderService, broker: FakeBroker
) -> None:
    service.submit(_approved(), "c-1")
    stranger = broker.accept(OrderRequest(side=Side.SELL, code="000660", quantity=3, price=180_000))

    result = service.reconcile()

    assert [o.order_no for o in result.orphans] == [stranger.number]
