"""The user's modify (정정) is an order of its own, under a new number with its own fills: the
reconciliation reports it as the user's, naming the order it replaced; a cancel (취소) executes
nothing and is not reported."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from agent.broker.orders import FilledOrder, OpenOrder
from agent.clock import KST, ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderType, Side
from agent.domain import Side as BrokerSide
from agent.kiwoom.codec import action_of
from agent.orders.service import OrderService
from agent.store.repositories import OrderRepository
from agent.store.repositories.lots import ExternalOrderRepository, Sighting
from tests.unit.orders.fake_broker import FakeBroker

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=KST)


def users_open(
    number: str, kind: str, orig: str | None, qty: int = 5, open_qty: int = 5
) -> OpenOrder:
    return OpenOrder(
        order_no=number,
        code="000660",
        name="SK하이닉스",
        side=BrokerSide.SELL,
        action=action_of(kind),
        kind=kind,
        status="접수",
        trade_type="보통",
        qty=qty,
        price=201_000,
        open_qty=open_qty,
        filled_amount=(qty - open_qty) * 201_000,
        orig_order_no=orig,
        time=NOW,
        exchange="KRX",
    )


def users_fill(number: str, kind: str, orig: str | None, filled: int) -> FilledOrder:
    return FilledOrder(
        order_no=number,
        code="000660",
        name="SK하이닉스",
        side=BrokerSide.SELL,
        action=action_of(kind),
        kind=kind,
        status="체결",
        trade_type="보통",
        order_qty=5,
        order_price=201_000,
        fill_qty=filled,
        fill_price=201_000,
        open_qty=5 - filled,
        fee=0,
        tax=0,
        orig_order_no=orig,
        time=NOW,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def broker(clock: ManualClock) -> FakeBroker:
    return FakeBroker(clock)


@pytest.fixture
def service(
    sessions: sessionmaker[Session], broker: FakeBroker, clock: ManualClock
) -> OrderService:
    return OrderService(OrderRepository(sessions), broker, clock)


def test_the_users_modify_is_reported_with_the_order_it_replaced(
    service: OrderService, broker: FakeBroker
) -> None:
    broker.user_open = [users_open("0000801", "-매도정정", "0000800", qty=5, open_qty=3)]

    result = service.reconcile()

    (modify,) = result.orphans
    assert modify.order_no == "0000801"
    assert modify.orig_order_no == "0000800"
    assert modify.filled == 2
    assert "정정" in modify.label
    assert "0000800" in modify.label


def test_a_modify_known_only_from_the_fill_list_is_reported_too(
    service: OrderService, broker: FakeBroker
) -> None:
    broker.user_fills = [users_fill("0000801", "-매도정정", "0000800", filled=5)]

    result = service.reconcile()

    assert [(o.order_no, o.filled) for o in result.orphans] == [("0000801", 5)]


def test_the_users_cancel_is_not_reported_as_an_order(
    service: OrderService, broker: FakeBroker
) -> None:
    broker.user_open = [users_open("0000802", "-매도취소", "0000800", qty=5, open_qty=0)]

    result = service.reconcile()

    assert result.orphans == ()


def test_a_modify_is_reported_even_while_one_of_ours_in_the_code_is_unresolved(
    service: OrderService, broker: FakeBroker, clock: ManualClock
) -> None:
    # Our sell of the same code lost its answer before the broker took it.
    broker.next_outcome = ["lost_before_accept"]
    intent = Intent(
        code="000660",
        side=Side.SELL,
        purpose=OrderPurpose.TAKE_PROFIT,
        reference_price=201_000,
        at=NOW,
        strategy_tag="risk",
    )
    service.submit(
        Approved(intent=intent, quantity=5, order_type=OrderType.LIMIT, limit_price=201_000), "x-1"
    )
    broker.user_open = [
        users_open("0000801", "-매도정정", "0000800"),
        users_open("0000803", "-매도", None),
    ]
    clock.advance(timedelta(seconds=1).total_seconds())

    result = service.reconcile()

    # A new sell of the same shape may still be ours; a modify never is (the agent never
    # modifies, it cancels and sends again).
    assert [o.order_no for o in result.orphans] == ["0000801"]


def test_the_external_store_tells_new_from_filled_more_from_unchanged(
    sessions: sessionmaker[Session],
) -> None:
    repo = ExternalOrderRepository(sessions)

    def seen(filled: int) -> Sighting:
        return repo.record(
            NOW.date(),
            "0000801",
            code="000660",
            side=Side.SELL,
            kind="-매도정정 (원주문 0000800)",
            quantity=5,
            price=201_000,
            filled=filled,
            at=NOW,
        )

    assert [seen(0), seen(0), seen(2), seen(2), seen(1)] == [
        Sighting.NEW,
        Sighting.UNCHANGED,
        Sighting.FILLED_MORE,
        Sighting.UNCHANGED,
        Sighting.UNCHANGED,
    ]
    (row,) = repo.for_day(NOW.date())
    assert row.kind == "-매도정정 (원주문 0000800)"
    assert row.filled_quantity == 2
