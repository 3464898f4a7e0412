"""The router keeps a stop working: an unfilled one (limit or 최유리지정가) is pulled for the
governor to re-issue; one at the lower limit keeps its place and is reported locked, except
while its stock is in a VI (there it is merely waiting for the auction's uncross)."""

from __future__ import annotations

from typing import Any

import pykka
from sqlalchemy import select

from actors.router.messages import Reconcile, SubmitOrder
from actors.runtime.services import Services
from actors.stock.messages import StockFacts
from agent.clock import ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.store.models import EventKind, SystemEvent
from agent.store.repositories import OrderRepository
from tests.unit.actors.router.bed import NOW, SharedSession, start_router

CODE = "005930"
LOWER = 49_000


def stop(order_type: OrderType, price: int | None, *notes: str) -> Approved:
    intent = Intent(
        code=CODE,
        side=Side.SELL,
        purpose=OrderPurpose.STOP_LOSS,
        reference_price=67_800,
        at=NOW,
        strategy_tag="risk",
    )
    return Approved(
        intent=intent, quantity=10, order_type=order_type, limit_price=price, reasons=notes
    )


def send(router: pykka.ActorRef[Any], approved: Approved) -> None:
    router.ask(SubmitOrder(approved=approved, client_order_id="s-1"), timeout=5)


def status(services: Services) -> OrderStatus:
    order = OrderRepository(services.sessions).by_client_id("s-1")
    assert order is not None
    return order.status


def stock_says(router: pykka.ActorRef[Any], *, vi: bool) -> None:
    """Tell the router what the code's StockActor tells of it: whether it is in a VI."""
    router.tell(StockFacts(code=CODE, name="삼성전자", vi_active=vi))


def locked_events(services: Services) -> list[SystemEvent]:
    with services.sessions() as db:
        kind = EventKind.LIMIT_LOCKED
        return list(db.scalars(select(SystemEvent).where(SystemEvent.kind == kind)))


def test_a_best_stop_whose_remainder_rests_is_pulled_to_be_re_issued(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = start_router(services)
    send(router, stop(OrderType.BEST, None))
    broker.execute(broker.orders[0].number, 4, 67_700)  # the best bid took 4 of 10

    clock.advance(6)  # past stop_reprice (5 s)
    router.ask(Reconcile(), timeout=5)

    assert status(services) is OrderStatus.CANCEL_REQUESTED
    assert broker.orders[0].cancelled


def test_a_young_best_stop_keeps_working(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = start_router(services)
    send(router, stop(OrderType.BEST, None))

    clock.advance(2)
    router.ask(Reconcile(), timeout=5)

    assert status(services) is OrderStatus.ACCEPTED


def test_a_stop_at_the_lower_limit_in_a_vi_auction_waits_without_a_locked_alert(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = start_router(services)
    send(router, stop(OrderType.LIMIT, LOWER, "MARKETABLE_LIMIT"))
    stock_says(router, vi=True)  # the VI's auction: the stock is far above its lower limit

    clock.advance(30)
    router.ask(Reconcile(), timeout=5)

    assert status(services) is OrderStatus.ACCEPTED, "it cannot be priced lower: it stays"
    assert locked_events(services) == []


def test_a_stop_at_the_lower_limit_of_a_locked_stock_is_reported_once(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = start_router(services)
    send(router, stop(OrderType.LIMIT, LOWER, "CLIPPED_TO_LOWER_LIMIT"))
    stock_says(router, vi=False)  # locked at its lower limit

    for _ in range(3):
        clock.advance(10)
        router.ask(Reconcile(), timeout=5)

    assert status(services) is OrderStatus.ACCEPTED
    (event,) = locked_events(services)
    assert event.detail["price"] == LOWER
