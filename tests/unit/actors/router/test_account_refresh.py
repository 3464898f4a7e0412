"""The router asks the Account to read the broker again as soon as the broker's view moved:
one of its own orders closed (a stop pulled for re-pricing gives its shares back to sell), the
broker refused one, or the user's order appeared or executed. Once a pass, however much moved."""

from __future__ import annotations

from typing import Any

import pykka
import pytest
from sqlalchemy import select

from actors.router.messages import Reconcile, SubmitOrder
from actors.runtime.services import Services
from agent.broker.orders import OpenOrder
from agent.clock import ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.domain import Side as BrokerSide
from agent.kiwoom.codec import action_of
from agent.store.models import EventKind, ExternalOrder, SystemEvent
from agent.store.repositories import OrderRepository
from tests.unit.actors.router.bed import NOW, SharedSession, refreshes, start_router

PAST_GRACE = 11.0
"""Seconds after which the router takes an order the broker stopped listing as closed."""


@pytest.fixture
def router(services: Services, account: pykka.ActorRef[Any]) -> pykka.ActorRef[Any]:
    return start_router(services)


def submit(
    router: pykka.ActorRef[Any],
    client_id: str,
    code: str = "005930",
    purpose: OrderPurpose = OrderPurpose.ENTRY,
) -> None:
    side = Side.BUY if purpose is OrderPurpose.ENTRY else Side.SELL
    intent = Intent(
        code=code,
        side=side,
        purpose=purpose,
        reference_price=10_000,
        at=NOW,
        strategy_tag="opening_leader" if side is Side.BUY else "risk",
    )
    approved = Approved(intent=intent, quantity=10, order_type=OrderType.LIMIT, limit_price=10_000)
    router.ask(SubmitOrder(approved=approved, client_order_id=client_id), timeout=5)


def users_sell(number: str, filled: int, kind: str = "-매도", orig: str | None = None) -> OpenOrder:
    return OpenOrder(
        order_no=number,
        code="000660",
        name="SK하이닉스",
        side=BrokerSide.SELL,
        action=action_of(kind),
        kind=kind,
        status="접수",
        trade_type="보통",
        qty=5,
        price=201_000,
        open_qty=5 - filled,
        filled_amount=filled * 201_000,
        orig_order_no=orig,
        time=NOW,
        exchange="KRX",
    )


def status_of(services: Services, client_id: str) -> OrderStatus:
    order = OrderRepository(services.sessions).by_client_id(client_id)
    assert order is not None
    return order.status


def test_one_refresh_is_told_when_a_pass_closes_several_orders(
    router: pykka.ActorRef[Any],
    account: pykka.ActorRef[Any],
    broker: SharedSession,
    clock: ManualClock,
    services: Services,
) -> None:
    submit(router, "e-1", "005930")
    submit(router, "e-2", "000660")
    before = refreshes(account)
    for order in broker.orders:  # both ended at the broker (cancelled by hand, say)
        order.cancelled = True
    clock.advance(PAST_GRACE)

    router.ask(Reconcile(), timeout=5)

    assert status_of(services, "e-1") is OrderStatus.CANCELLED
    assert status_of(services, "e-2") is OrderStatus.CANCELLED
    assert refreshes(account) == before + 1


def test_a_stop_pulled_for_re_pricing_tells_the_account_once_it_is_cancelled(
    router: pykka.ActorRef[Any],
    account: pykka.ActorRef[Any],
    clock: ManualClock,
    services: Services,
) -> None:
    submit(router, "s-1", purpose=OrderPurpose.STOP_LOSS)
    clock.advance(services.limits().stop_reprice.total_seconds() + PAST_GRACE)
    router.ask(Reconcile(), timeout=5)  # the stop is pulled (cancel requested)
    assert status_of(services, "s-1") is OrderStatus.CANCEL_REQUESTED
    before = refreshes(account)

    router.ask(Reconcile(), timeout=5)

    assert status_of(services, "s-1") is OrderStatus.CANCELLED
    assert refreshes(account) == before + 1


def test_a_broker_rejection_tells_the_account(
    router: pykka.ActorRef[Any],
    account: pykka.ActorRef[Any],
    broker: SharedSession,
    services: Services,
) -> None:
    before = refreshes(account)
    broker.next_outcome = ["reject"]

    submit(router, "e-1")

    assert status_of(services, "e-1") is OrderStatus.REJECTED
    assert refreshes(account) == before + 1


def test_an_order_that_fills_tells_the_account(
    router: pykka.ActorRef[Any],
    account: pykka.ActorRef[Any],
    broker: SharedSession,
    services: Services,
) -> None:
    submit(router, "e-1")
    before = refreshes(account)
    broker.execute(broker.orders[0].number, 10, 10_000)

    router.ask(Reconcile(), timeout=5)

    assert status_of(services, "e-1") is OrderStatus.FILLED
    assert refreshes(account) == before + 1


def test_the_users_order_tells_the_account_when_first_seen_and_when_it_fills_more(
    router: pykka.ActorRef[Any],
    account: pykka.ActorRef[Any],
    broker: SharedSession,
) -> None:
    before = refreshes(account)
    broker.user_open = [users_sell("0000801", filled=0)]
    router.ask(Reconcile(), timeout=5)
    first = refreshes(account)
    router.ask(Reconcile(), timeout=5)  # nothing moved
    unchanged = refreshes(account)
    broker.user_open = [users_sell("0000801", filled=3)]  # the user's sell executes

    router.ask(Reconcile(), timeout=5)

    assert (first, unchanged, refreshes(account)) == (before + 1, before + 1, before + 2)


def test_a_pass_where_nothing_moved_tells_the_account_nothing(
    router: pykka.ActorRef[Any], account: pykka.ActorRef[Any]
) -> None:
    submit(router, "e-1")
    before = refreshes(account)

    router.ask(Reconcile(), timeout=5)
    router.ask(Reconcile(), timeout=5)

    assert refreshes(account) == before


def test_the_users_modify_is_recorded_once_naming_the_order_it_replaced(
    router: pykka.ActorRef[Any],
    account: pykka.ActorRef[Any],
    broker: SharedSession,
    services: Services,
) -> None:
    broker.user_open = [users_sell("0000801", filled=1, kind="-매도정정", orig="0000800")]

    router.ask(Reconcile(), timeout=5)
    router.ask(Reconcile(), timeout=5)

    with services.sessions() as db:
        (row,) = db.scalars(select(ExternalOrder)).all()
        events = db.scalars(
            select(SystemEvent).where(SystemEvent.kind == EventKind.EXTERNAL_ORDER)
        ).all()
    assert row.broker_order_no == "0000801"
    assert "정정" in row.kind
    assert "0000800" in row.kind
    assert row.filled_quantity == 1
    assert len(events) == 1
    assert events[0].detail["orig_order_no"] == "0000800"
