"""Orders are persisted once, move only along the lifecycle table, and count each fill once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from agent.orders.lifecycle import IllegalTransition
from agent.store.models import Order, OrderPurpose, OrderStatus, OrderType, Side
from agent.store.repositories import NewFill, NewOrder, OrderRepository

T0 = datetime(2026, 11, 24, 0, 5, tzinfo=UTC)


def _intent(
    client_order_id: str = "c-1", quantity: int = 10, price: int | None = 70_000
) -> NewOrder:
    return NewOrder(
        client_order_id=client_order_id,
        trade_date=date(2026, 11, 24),
        code="005930",
        side=Side.BUY,
        order_type=OrderType.LIMIT if price else OrderType.MARKET,
        purpose=OrderPurpose.ENTRY,
        quantity=quantity,
        price=price,
        signal_price=69_900,
        strategy_tag="opening_leader",
        reason_codes=("TURNOVER_TOP", "OR_BREAKOUT"),
    )


def _fill(number: str, quantity: int, price: int = 70_000) -> NewFill:
    return NewFill(
        broker_fill_no=number,
        quantity=quantity,
        price=price,
        commission=105,
        tax=0,
        filled_at=T0 + timedelta(seconds=5),
    )


def test_creating_the_same_client_order_id_twice_returns_the_first_order(
    sessions: sessionmaker[Session],
) -> None:
    repo = OrderRepository(sessions)

    first, created_first = repo.create(_intent(), T0)
    second, created_second = repo.create(_intent(quantity=99), T0)

    assert created_first
    assert not created_second
    assert second.id == first.id
    assert second.quantity == 10
    with sessions() as session:
        assert session.query(Order).count() == 1


def test_an_order_walks_the_lifecycle_and_keeps_its_history(
    sessions: sessionmaker[Session],
) -> None:
    repo = OrderRepository(sessions)
    order, _ = repo.create(_intent(), T0)

    repo.transition(order.id, OrderStatus.SENT, T0)
    repo.transition(order.id, OrderStatus.ACCEPTED, T0, broker_order_no="0000138")

    stored = repo.get(order.id)
    assert stored is not None
    assert stored.status is OrderStatus.ACCEPTED
    assert stored.broker_order_no == "0000138"
    assert stored.sent_at == T0
    assert [h.new_status for h in repo.history(order.id)] == [
        OrderStatus.PENDING,
        OrderStatus.SENT,
        OrderStatus.ACCEPTED,
    ]


def test_an_illegal_transition_is_refused_and_changes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    repo = OrderRepository(sessions)
    order, _ = repo.create(_intent(), T0)

    with pytest.raises(IllegalTransition):
        repo.transition(order.id, OrderStatus.FILLED, T0)

    stored = repo.get(order.id)
    assert stored is not None
    assert stored.status is OrderStatus.PENDING
    assert len(repo.history(order.id)) == 1


def test_a_fill_reported_twice_is_recorded_once(sessions: sessionmaker[Session]) -> None:
    repo = OrderRepository(sessions)
    order, _ = repo.create(_intent(quantity=10), T0)
    repo.transition(order.id, OrderStatus.SENT, T0)
    repo.transition(order.id, OrderStatus.ACCEPTED, T0)

    assert repo.record_fill(order.id, _fill("F1", 4, 70_000)) is True
    assert repo.record_fill(order.id, _fill("F1", 4, 70_000)) is False
    assert repo.record_fill(order.id, _fill("F2", 6, 70_100)) is True

    stored = repo.get(order.id)
    assert stored is not None
    assert stored.filled_quantity == 10
    assert stored.status is OrderStatus.FILLED
    # (4 * 70,000 + 6 * 70,100) / 10 = 70,060, integer won.
    assert stored.avg_fill_price == 70_060
    assert [f.broker_fill_no for f in repo.fills(order.id)] == ["F1", "F2"]
    assert [h.new_status for h in repo.history(order.id)][-2:] == [
        OrderStatus.PARTIALLY_FILLED,
        OrderStatus.FILLED,
    ]


def test_a_fill_beyond_the_order_quantity_is_refused(sessions: sessionmaker[Session]) -> None:
    repo = OrderRepository(sessions)
    order, _ = repo.create(_intent(quantity=5), T0)
    repo.transition(order.id, OrderStatus.SENT, T0)

    with pytest.raises(ValueError, match="overfills"):
        repo.record_fill(order.id, _fill("F1", 6))

    assert repo.fills(order.id) == []


def test_open_orders_excludes_terminal_ones(sessions: sessionmaker[Session]) -> None:
    repo = OrderRepository(sessions)
    live, _ = repo.create(_intent("a"), T0)
    dead, _ = repo.create(_intent("b"), T0)
    repo.transition(dead.id, OrderStatus.REJECTED, T0, reject=("RC4003", "호가단위 오류"))

    assert [o.client_order_id for o in repo.open_orders()] == [live.client_order_id]
    rejected = repo.get(dead.id)
    assert rejected is not None
    assert rejected.reject_code == "RC4003"


def test_the_database_refuses_a_non_positive_quantity(engine: Engine) -> None:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO orders (client_order_id, trade_date, code, side, order_type, purpose,"
                " quantity, price, status, filled_quantity, reason_codes, created_at, updated_at)"
                " VALUES ('x', '2026-11-24', '005930', 'buy', 'limit', 'entry', 0, 100,"
                " 'pending', 0, '[]', '2026-11-24 00:00:00', '2026-11-24 00:00:00')"
            )
        )


def test_the_database_refuses_an_unknown_status(engine: Engine) -> None:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO orders (client_order_id, trade_date, code, side, order_type, purpose,"
                " quantity, price, status, filled_quantity, reason_codes, created_at, updated_at)"
                " VALUES ('x', '2026-11-24', '005930', 'buy', 'limit', 'entry', 1, 100,"
                " 'teleported', 0, '[]', '2026-11-24 00:00:00', '2026-11-24 00:00:00')"
            )
        )


def test_naive_datetimes_are_refused(sessions: sessionmaker[Session]) -> None:
    repo = OrderRepository(sessions)
    with pytest.raises(StatementError, match="naive"):
        repo.create(_intent(), datetime(2026, 11, 24, 9, 0))


def test_times_come_back_as_utc_whatever_zone_went_in(sessions: sessionmaker[Session]) -> None:
    from agent.clock import KST

    repo = OrderRepository(sessions)
    at_kst = datetime(2026, 11, 24, 9, 5, tzinfo=KST)
    order, _ = repo.create(_intent(), at_kst)

    stored = repo.get(order.id)
    assert stored is not None
    assert stored.created_at == at_kst
    assert stored.created_at.utcoffset() == timedelta(0)
