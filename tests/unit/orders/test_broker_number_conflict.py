"""A broker number the broker gives an order while another order of the day holds it (a second
broker session of the same day in one database) is never attached: the order is UNKNOWN with
the number set aside, and executions and cancels by it reach neither order."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from agent.clock import KST, ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.orders.reports import ExecutionReport
from agent.orders.resolve import resolve_unknown
from agent.orders.service import OrderService
from agent.store.repositories import OrderRepository
from agent.store.repositories.orders import BrokerOrderNoTaken
from tests.support.orders import persisted_entry
from tests.unit.orders.fake_broker import FakeBroker

OPEN = datetime(2026, 11, 24, 9, 5, tzinfo=KST)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(OPEN)


@pytest.fixture
def repo(sessions: sessionmaker[Session]) -> OrderRepository:
    return OrderRepository(sessions)


@pytest.fixture
def earlier_run(repo: OrderRepository) -> int:
    """An order of the same day from an earlier broker session, numbered 0000001."""
    order_id = persisted_entry(repo, "run-1", OPEN - timedelta(minutes=3))
    repo.transition(order_id, OrderStatus.SENT, OPEN)
    repo.transition(order_id, OrderStatus.ACCEPTED, OPEN, broker_order_no="0000001")
    return order_id


def _approved() -> Approved:
    intent = Intent(
        code="005930",
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=70_000,
        at=OPEN,
        strategy_tag="opening_leader",
    )
    return Approved(intent=intent, quantity=10, order_type=OrderType.LIMIT, limit_price=70_000)


def test_a_taken_number_is_set_aside_reported_and_its_fills_reach_neither_order(
    repo: OrderRepository, clock: ManualClock, earlier_run: int
) -> None:
    broker = FakeBroker(clock)  # a fresh session numbers from 0000001 again
    conflicts: list[BrokerOrderNoTaken] = []
    service = OrderService(repo, broker, clock, on_conflict=conflicts.append)

    order = service.submit(_approved(), "run-2")
    broker.execute("0000001", 10, 70_000)
    recorded = service.apply_report(
        ExecutionReport(
            order_no="0000001", cum_qty=10, cum_amount=700_000, last_price=70_000, at=OPEN
        )
    )

    assert (order.status, order.broker_order_no) == (OrderStatus.UNKNOWN, None)
    assert order.contested_broker_order_no == "0000001"
    assert [(c.number, c.holder_id, c.claimant_id) for c in conflicts] == [
        ("0000001", earlier_run, order.id)
    ]
    assert not recorded
    assert repo.fills(earlier_run) == []
    assert repo.fills(order.id) == []


def test_reconciliation_leaves_the_claimant_for_a_person_and_records_no_fill(
    repo: OrderRepository, clock: ManualClock, earlier_run: int
) -> None:
    broker = FakeBroker(clock)
    service = OrderService(repo, broker, clock, unknown_grace=timedelta(seconds=10))
    order = service.submit(_approved(), "run-2")
    broker.execute("0000001", 4, 70_000)
    clock.advance(60)  # well past the grace in which an unknown order may still show up

    result = service.reconcile()

    claimant = repo.get(order.id)
    assert claimant is not None
    assert claimant.status is OrderStatus.UNKNOWN  # not "never at the broker": it is there
    assert result.ambiguous == (order.id,)
    assert result.fills == 0
    assert repo.fills(earlier_run) == []


def test_no_cancel_is_sent_by_a_contested_number(
    repo: OrderRepository, clock: ManualClock, earlier_run: int
) -> None:
    broker = FakeBroker(clock)
    service = OrderService(repo, broker, clock)
    service.submit(_approved(), "run-2")

    kept = service.cancel(earlier_run, "chase")

    assert kept.status is OrderStatus.ACCEPTED
    assert not broker.orders[0].cancelled  # the new session's order was never touched


def test_an_unknown_order_matched_to_a_number_another_writer_took_meanwhile_is_set_aside(
    repo: OrderRepository, clock: ManualClock
) -> None:
    broker = FakeBroker(clock)
    broker.next_outcome = ["lost_after_accept"]  # at the broker as 0000001, answer lost
    conflicts: list[BrokerOrderNoTaken] = []
    service = OrderService(repo, broker, clock, on_conflict=conflicts.append)
    lost = service.submit(_approved(), "lost")
    day = repo.for_day(OPEN.date())  # read before the other writer numbers its order
    other = persisted_entry(repo, "other-writer", OPEN)
    repo.transition(other, OrderStatus.SENT, OPEN)
    repo.transition(other, OrderStatus.ACCEPTED, OPEN, broker_order_no="0000001")

    adopted, absent, ambiguous = resolve_unknown(
        repo,
        day,
        broker.open_orders(),
        broker.fills(),
        OPEN,
        timedelta(seconds=10),
        service.conflict,
    )

    assert (adopted, absent, ambiguous) == ([], [], [lost.id])
    assert [(c.holder_id, c.claimant_id) for c in conflicts] == [(other, lost.id)]
    unknown = repo.get(lost.id)
    assert unknown is not None
    assert unknown.status is OrderStatus.UNKNOWN
    assert (unknown.broker_order_no, unknown.contested_broker_order_no) == (None, "0000001")
