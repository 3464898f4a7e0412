"""The router keeps a backstop at the broker for each guard the governor sends, and holds an
exit of a backstopped code until the backstop is cancelled (Kiwoom holds its shares)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
import pykka
from sqlalchemy import select

from actors.router.messages import Guards, Reconcile, SubmitOrder
from actors.runtime.services import Services
from agent.broker.errors import BrokerUnavailable
from agent.broker.orders import CancelAck, CancelRequest
from agent.clock import ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.orders.backstops import Guard
from agent.store.models import EventKind, Order, SystemEvent
from agent.store.repositories import OrderRepository
from agent.store.repositories.orders import NewFill, NewOrder
from tests.unit.actors.router.bed import NOW, SharedSession, start_router

CODE = "005930"
GUARD = Guard(code=CODE, quantity=10, trigger=67_500, limit=66_100)


def stop_loss(quantity: int = 10) -> Approved:
    intent = Intent(
        code=CODE,
        side=Side.SELL,
        purpose=OrderPurpose.STOP_LOSS,
        reference_price=67_800,
        at=NOW,
        strategy_tag="risk",
        quantity=quantity,
    )
    return Approved(
        intent=intent, quantity=quantity, order_type=OrderType.LIMIT, limit_price=67_500
    )


def orders(services: Services, purpose: OrderPurpose) -> list[Order]:
    day = NOW.date()
    return [o for o in OrderRepository(services.sessions).for_day(day) if o.purpose is purpose]


def bought(services: Services, quantity: int = 10) -> None:
    """The agent's lot: an entry of yesterday's filled (its shares carried over)."""
    repo = OrderRepository(services.sessions)
    yesterday = NOW - timedelta(days=1)
    order, _ = repo.create(
        NewOrder(
            client_order_id="entry-0",
            trade_date=yesterday.date(),
            code=CODE,
            side=Side.BUY,
            order_type=OrderType.LIMIT,
            purpose=OrderPurpose.ENTRY,
            quantity=quantity,
            price=70_000,
        ),
        yesterday,
    )
    repo.transition(order.id, OrderStatus.SENT, yesterday)
    repo.transition(order.id, OrderStatus.ACCEPTED, yesterday, broker_order_no="0999999")
    fill = NewFill(
        broker_fill_no="f-0",
        quantity=quantity,
        price=70_000,
        commission=0,
        tax=0,
        filled_at=yesterday,
    )
    repo.record_fill(order.id, fill)


def guarded(services: Services, broker: SharedSession) -> pykka.ActorRef[Any]:
    """A router with the guard's backstop working at the broker for the agent's 10 shares."""
    bought(services)
    router = start_router(services)
    router.ask(Guards(guards=(GUARD,)), timeout=5)
    return router


def test_a_guard_becomes_one_stop_limit_sell_at_the_broker(
    services: Services, broker: SharedSession
) -> None:
    router = guarded(services, broker)
    router.ask(Guards(guards=(GUARD,)), timeout=5)  # the same word again: nothing new
    router.ask(Reconcile(), timeout=5)

    [backstop] = orders(services, OrderPurpose.BACKSTOP)
    assert backstop.status is OrderStatus.ACCEPTED
    [sent] = broker.orders
    request = sent.request
    assert (request.side, request.order_type) == (Side.SELL, OrderType.STOP_LIMIT)
    assert (request.quantity, request.stop_price, request.price) == (10, 67_500, 66_100)


def test_an_exit_waits_for_the_backstop_cancel_then_goes(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = guarded(services, broker)
    router.ask(SubmitOrder(approved=stop_loss(), client_order_id="exit-1"), timeout=5)

    [exit_order] = orders(services, OrderPurpose.STOP_LOSS)
    assert exit_order.status is OrderStatus.PENDING, "held: the backstop holds the shares"
    assert "exit-1" not in broker.calls
    assert broker.orders[0].cancelled, "the backstop's cancel went at once"

    clock.advance(11)  # past the grace a new order gets to show in the broker's lists
    router.ask(Reconcile(), timeout=5)  # the broker's lists show the backstop gone

    [backstop] = orders(services, OrderPurpose.BACKSTOP)
    assert backstop.status is OrderStatus.CANCELLED
    [exit_order] = orders(services, OrderPurpose.STOP_LOSS)
    assert exit_order.status is OrderStatus.ACCEPTED
    assert broker.calls[-1] == "exit-1"
    # While the exit works, no backstop comes back for the code.
    router.ask(Guards(guards=(GUARD,)), timeout=5)
    assert len(orders(services, OrderPurpose.BACKSTOP)) == 1


def test_an_exit_is_withdrawn_when_the_backstop_sold_before_its_cancel(
    services: Services, broker: SharedSession
) -> None:
    router = guarded(services, broker)
    broker.execute(broker.orders[0].number, 10, 67_400)  # triggered and filled at the broker
    router.ask(SubmitOrder(approved=stop_loss(), client_order_id="exit-1"), timeout=5)
    router.ask(Reconcile(), timeout=5)

    [backstop] = orders(services, OrderPurpose.BACKSTOP)
    assert (backstop.status, backstop.filled_quantity) == (OrderStatus.FILLED, 10)
    [exit_order] = orders(services, OrderPurpose.STOP_LOSS)
    assert exit_order.status is OrderStatus.REJECTED
    assert exit_order.reject_code == "WITHDRAWN"
    assert "exit-1" not in broker.calls, "the shares were sold once, by the backstop"


def test_a_backstop_no_longer_guarded_is_cancelled(
    services: Services, broker: SharedSession
) -> None:
    router = guarded(services, broker)
    router.ask(Guards(guards=()), timeout=5)  # the position is gone (or trading frozen)

    assert broker.orders[0].cancelled
    [backstop] = orders(services, OrderPurpose.BACKSTOP)
    assert backstop.status is OrderStatus.CANCEL_REQUESTED


def test_a_resized_position_gets_its_backstop_replaced_once_the_old_one_is_gone(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = guarded(services, broker)
    smaller = Guard(code=CODE, quantity=6, trigger=67_500, limit=66_100)
    router.ask(Guards(guards=(smaller,)), timeout=5)
    assert len(broker.orders) == 1  # never two at once
    assert broker.orders[0].cancelled

    clock.advance(11)
    router.ask(Reconcile(), timeout=5)

    first, second = orders(services, OrderPurpose.BACKSTOP)
    assert first.status is OrderStatus.CANCELLED
    assert (second.status, second.quantity) == (OrderStatus.ACCEPTED, 6)
    assert second.client_order_id.endswith("-backstop-2")


def test_a_refused_backstop_is_reported_once_and_asked_again_only_later(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    broker.next_outcome = ["reject"]
    router = guarded(services, broker)
    for _ in range(3):
        clock.advance(10)
        router.ask(Reconcile(), timeout=5)

    [refused] = orders(services, OrderPurpose.BACKSTOP)
    assert refused.status is OrderStatus.REJECTED
    with services.sessions() as db:
        kind = EventKind.BACKSTOP_REFUSED
        [event] = db.scalars(select(SystemEvent).where(SystemEvent.kind == kind))
    assert event.detail["code"] == CODE

    clock.advance(5 * 60)
    router.ask(Reconcile(), timeout=5)
    assert [o.status for o in orders(services, OrderPurpose.BACKSTOP)] == [
        OrderStatus.REJECTED,
        OrderStatus.ACCEPTED,
    ]


def test_a_pending_exit_found_at_a_start_waits_for_the_backstop(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    """The process died between persisting an exit and sending it, with the backstop working:
    the restarted router holds the exit and cancels the backstop instead of sending it into a
    refusal."""
    router = guarded(services, broker)
    router.stop()
    repo = OrderRepository(services.sessions)
    repo.create(
        NewOrder(
            client_order_id="exit-1",
            trade_date=NOW.date(),
            code=CODE,
            side=Side.SELL,
            order_type=OrderType.LIMIT,
            purpose=OrderPurpose.STOP_LOSS,
            quantity=10,
            price=67_500,
        ),
        NOW,
    )

    router = start_router(services)

    assert "exit-1" not in broker.calls
    assert broker.orders[0].cancelled
    clock.advance(11)
    router.ask(Reconcile(), timeout=5)
    assert broker.calls[-1] == "exit-1"


def test_a_backstop_the_user_cancelled_by_hand_is_not_placed_again_that_day(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    """The account is shared: cancelling the agent's backstop in 영웅문 (to sell those shares
    by hand) is the user's word for the day; the agent's own stop still guards the lot."""
    router = guarded(services, broker)
    broker.orders[0].cancelled = True  # the user's cancel, not the agent's

    for _ in range(3):
        clock.advance(11)
        router.ask(Reconcile(), timeout=5)
        router.ask(Guards(guards=(GUARD,)), timeout=5)

    [backstop] = orders(services, OrderPurpose.BACKSTOP)
    assert backstop.status is OrderStatus.CANCELLED
    assert len(broker.orders) == 1
    with services.sessions() as db:
        kind = EventKind.BACKSTOP_REFUSED
        [event] = db.scalars(select(SystemEvent).where(SystemEvent.kind == kind))
    assert "cancelled outside the agent" in (event.reason or "")


def test_an_exit_decided_before_the_backstop_sold_is_withdrawn_not_refused(
    services: Services, broker: SharedSession
) -> None:
    """The governor's view still held the lot when the backstop's fill was recorded: its exit
    would be refused for want of shares (and hold the code's next exit back)."""
    router = guarded(services, broker)
    broker.execute(broker.orders[0].number, 10, 67_400)
    router.ask(Reconcile(), timeout=5)  # the backstop's fill is recorded: the lot is empty

    router.ask(SubmitOrder(approved=stop_loss(), client_order_id="exit-1"), timeout=5)

    [exit_order] = orders(services, OrderPurpose.STOP_LOSS)
    assert (exit_order.status, exit_order.reject_code) == (OrderStatus.REJECTED, "WITHDRAWN")
    assert "exit-1" not in broker.calls


def test_a_restarted_router_withdraws_a_held_exit_the_lot_no_longer_covers(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    """The backstop sold 4 of the 10 while the exit waited, and the router restarted: the
    exit of 10 would sell 4 shares the agent no longer has (the user's, if they hold some)."""
    router = guarded(services, broker)
    router.ask(SubmitOrder(approved=stop_loss(), client_order_id="exit-1"), timeout=5)
    broker.orders[0].cancelled = False  # the cancel has not landed yet...
    broker.execute(broker.orders[0].number, 4, 67_400)  # ...and the backstop sold 4
    router.ask(Reconcile(), timeout=5)  # the fill is recorded: the lot is 6
    router.stop()

    broker.orders[0].cancelled = True  # the cancel lands while the router is away
    clock.advance(11)
    router = start_router(services)
    router.ask(Reconcile(), timeout=5)

    [exit_order] = orders(services, OrderPurpose.STOP_LOSS)
    assert (exit_order.status, exit_order.reject_code) == (OrderStatus.REJECTED, "WITHDRAWN")
    assert "exit-1" not in broker.calls


def test_a_held_exit_found_too_old_at_a_start_is_closed_not_sent(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = guarded(services, broker)
    router.ask(SubmitOrder(approved=stop_loss(), client_order_id="exit-1"), timeout=5)
    router.stop()

    clock.advance(60)  # the process was down a minute: the decision is out of date
    router = start_router(services)
    router.ask(Reconcile(), timeout=5)

    [exit_order] = orders(services, OrderPurpose.STOP_LOSS)
    assert (exit_order.status, exit_order.reject_code) == (OrderStatus.REJECTED, "STALE_PENDING")
    assert "exit-1" not in broker.calls


def test_a_backstop_cancel_that_never_reached_the_broker_is_sent_again_and_the_exit_goes(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    router = guarded(services, broker)
    real_cancel = broker.cancel_order
    failures = [BrokerUnavailable("rate limited")]

    def flaky(request: CancelRequest) -> CancelAck:
        if failures:
            raise failures.pop()
        return real_cancel(request)

    broker.cancel_order = flaky  # type: ignore[method-assign]
    router.ask(SubmitOrder(approved=stop_loss(), client_order_id="exit-1"), timeout=5)
    [backstop] = orders(services, OrderPurpose.BACKSTOP)
    assert backstop.status is OrderStatus.ACCEPTED, "the cancel never left: it still works"
    assert not broker.orders[0].cancelled

    for _ in range(3):  # the retry after CANCEL_AGAIN_S, then past the list's grace
        clock.advance(4)
        router.ask(Reconcile(), timeout=5)

    assert broker.orders[0].cancelled
    assert "exit-1" in broker.calls, "the exit went once the backstop was gone"


def test_the_users_own_sell_never_waits_for_the_agents_backstop(
    services: Services, broker: SharedSession
) -> None:
    router = guarded(services, broker)
    manual = stop_loss(5)
    manual = Approved(
        intent=msgspec.structs.replace(manual.intent, purpose=OrderPurpose.MANUAL),
        quantity=5,
        order_type=OrderType.LIMIT,
        limit_price=67_500,
    )
    router.ask(SubmitOrder(approved=manual, client_order_id="mine-1"), timeout=5)

    assert broker.calls[-1] == "mine-1"
    assert not broker.orders[0].cancelled, "the agent's backstop stays"


def test_a_backstop_send_that_never_reached_the_broker_is_no_refusal(
    services: Services, broker: SharedSession, clock: ManualClock
) -> None:
    broker.next_outcome = ["lost_before_accept"]
    router = guarded(services, broker)
    clock.advance(11)
    router.ask(Reconcile(), timeout=5)  # the lost send is found absent: rejected, unsent
    clock.advance(3)
    router.ask(Reconcile(), timeout=5)

    statuses = [o.status for o in orders(services, OrderPurpose.BACKSTOP)]
    assert statuses[-1] is OrderStatus.ACCEPTED, statuses
    with services.sessions() as db:
        kind = EventKind.BACKSTOP_REFUSED
        assert list(db.scalars(select(SystemEvent).where(SystemEvent.kind == kind))) == []
