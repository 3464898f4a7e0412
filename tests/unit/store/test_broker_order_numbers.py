"""A broker order number belongs to one order of its trade date: a second order claiming it is
refused loudly, and the number is held back from both until a person looks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agent.store.models import OrderPurpose, OrderStatus, OrderType, Side
from agent.store.repositories import NewOrder, OrderRepository
from agent.store.repositories.orders import BrokerOrderNoContested, BrokerOrderNoTaken

T0 = datetime(2026, 11, 24, 0, 5, tzinfo=UTC)
DAY = date(2026, 11, 24)


def _order(repo: OrderRepository, client_order_id: str, day: date = DAY) -> int:
    order, _ = repo.create(
        NewOrder(
            client_order_id=client_order_id,
            trade_date=day,
            code="005930",
            side=Side.BUY,
            order_type=OrderType.LIMIT,
            purpose=OrderPurpose.ENTRY,
            quantity=10,
            price=70_000,
        ),
        T0,
    )
    return order.id


def _accepted(repo: OrderRepository, client_order_id: str, number: str, day: date = DAY) -> int:
    order_id = _order(repo, client_order_id, day)
    repo.transition(order_id, OrderStatus.SENT, T0)
    repo.transition(order_id, OrderStatus.ACCEPTED, T0, broker_order_no=number)
    return order_id


def test_a_second_order_of_the_day_claiming_a_taken_number_is_refused_naming_both(
    sessions: sessionmaker[Session],
) -> None:
    repo = OrderRepository(sessions)
    holder = _accepted(repo, "c-older", "0000001")
    claimant = _order(repo, "c-newer")
    repo.transition(claimant, OrderStatus.SENT, T0)

    with pytest.raises(BrokerOrderNoTaken) as taken:
        repo.transition(claimant, OrderStatus.ACCEPTED, T0, broker_order_no="0000001")

    assert (taken.value.number, taken.value.holder_id, taken.value.claimant_id) == (
        "0000001",
        holder,
        claimant,
    )
    message = str(taken.value)
    assert "0000001" in message
    assert "c-older" in message
    assert "c-newer" in message
    refused = repo.get(claimant)
    assert refused is not None
    assert (refused.status, refused.broker_order_no) == (OrderStatus.SENT, None)
    assert [h.new_status for h in repo.history(claimant)] == [
        OrderStatus.PENDING,
        OrderStatus.SENT,
    ]


def test_the_same_number_on_another_day_and_many_unnumbered_orders_are_fine(
    sessions: sessionmaker[Session],
) -> None:
    repo = OrderRepository(sessions)
    _accepted(repo, "yesterday", "0000001", DAY - timedelta(days=1))
    today = _accepted(repo, "today", "0000001")
    unsent = [_order(repo, f"pending-{n}") for n in range(3)]

    found = repo.by_broker_order_no("0000001", DAY)

    assert found is not None
    assert found.id == today
    assert all(o.broker_order_no is None for o in repo.for_day(DAY) if o.id in unsent)


def test_the_database_itself_refuses_a_second_order_with_the_days_number(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    repo = OrderRepository(sessions)
    _accepted(repo, "c-1", "0000001")
    other = _order(repo, "c-2")

    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text("UPDATE orders SET broker_order_no = '0000001' WHERE id = :id"), {"id": other}
        )


def test_a_contested_number_is_held_back_from_both_orders(
    sessions: sessionmaker[Session],
) -> None:
    repo = OrderRepository(sessions)
    holder = _accepted(repo, "c-older", "0000001")
    claimant = _order(repo, "c-newer")
    repo.transition(claimant, OrderStatus.SENT, T0)

    repo.contest(claimant, "0000001", T0, holder)

    contested = repo.get(claimant)
    assert contested is not None
    assert contested.status is OrderStatus.UNKNOWN
    assert contested.contested_broker_order_no == "0000001"
    assert contested.broker_order_no is None
    assert repo.history(claimant)[-1].detail == {
        "contested_broker_order_no": "0000001",
        "held_by": holder,
    }
    with pytest.raises(BrokerOrderNoContested) as held:
        repo.by_broker_order_no("0000001", DAY)
    assert {held.value.holder_id, held.value.claimant_id} == {holder, claimant}
    assert repo.by_broker_order_no("0000001", DAY - timedelta(days=1)) is None
