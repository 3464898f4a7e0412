"""No order is sent twice and no fill is lost, whatever goes wrong between router and broker."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from agent.domain import OrderStatus
from agent.kiwoom.realtime.events import FeedConnected, FeedDisconnected
from krxsim import Fault, FaultConfig, FaultKind
from tests.integration.orders.conftest import GRACE, Desk, approved, open_desk
from tests.support.waiting import wait_until


def assert_every_fill_recorded(desk: Desk) -> None:
    executed = desk.executed()
    assert executed
    assert desk.recorded() == executed


def test_an_order_whose_answer_times_out_is_adopted_not_resent(desk: Desk) -> None:
    desk.sim.runtime.faults.next("kt10000", Fault(FaultKind.DELAY_AFTER, 1.0))

    order = desk.service.submit(approved("005930", 10), "timeout-1")
    again = desk.service.submit(approved("005930", 10), "timeout-1")
    result = desk.service.reconcile()

    assert order.status is OrderStatus.UNKNOWN
    assert again.status is OrderStatus.UNKNOWN
    [at_broker] = desk.broker_orders("005930")
    assert result.adopted == (order.id,)
    assert desk.repo.get(order.id).broker_order_no == at_broker.ord_no
    assert_every_fill_recorded(desk)


def test_a_5xx_on_kt10000_leaves_the_order_unknown_until_the_broker_shows_it_absent(
    desk: Desk,
) -> None:
    desk.sim.runtime.faults.next("kt10000", Fault(FaultKind.FAIL_5XX))

    order = desk.service.submit(approved("000660", 3), "5xx-1")
    early = desk.service.reconcile()
    desk.clock.advance(GRACE.total_seconds())
    late = desk.service.reconcile()
    retry = desk.service.submit(approved("000660", 3), "5xx-2")
    desk.service.reconcile()

    assert order.status is OrderStatus.UNKNOWN
    assert early.not_at_broker == ()
    assert late.not_at_broker == (order.id,)
    assert retry.status is OrderStatus.ACCEPTED
    assert [(a.client_order_id, a.outcome, a.order_no) for a in desk.answers] == [
        ("5xx-1", "unknown", None),  # the answer the journal keeps: lost, then settled by lists
        ("5xx-2", "accepted", retry.broker_order_no),
    ]
    assert [o.ord_no for o in desk.broker_orders("000660")] == [retry.broker_order_no]
    assert_every_fill_recorded(desk)


def test_429s_on_kt10000_are_waited_out_and_the_order_goes_once(desk: Desk) -> None:
    for _ in range(2):
        desk.sim.runtime.faults.next("kt10000", Fault(FaultKind.RATE_LIMIT))

    order = desk.service.submit(approved("035720", 5), "429-1")
    desk.service.reconcile()

    assert order.status is OrderStatus.ACCEPTED
    assert [o.ord_no for o in desk.broker_orders("035720")] == [order.broker_order_no]
    assert_every_fill_recorded(desk)


def test_a_token_invalidated_mid_session_is_renewed_and_each_order_goes_once(
    sessions: sessionmaker[Session],
) -> None:
    faults = FaultConfig(invalidate_token_after_calls=3)
    with open_desk(sessions, sim_overrides={"faults": faults}) as desk:
        desk.sim.runtime.faults.next("kt10000", Fault(FaultKind.INVALIDATE_TOKEN))
        orders = [
            desk.service.submit(approved(code, 2), f"token-{n}")
            for n, code in enumerate(("005930", "000660", "035720", "000270", "005930", "000660"))
        ]
        desk.service.reconcile()

        assert [o.status for o in orders] == [OrderStatus.ACCEPTED] * 6
        assert len(desk.broker_orders()) == 6
        assert {o.ord_no for o in desk.broker_orders()} == {o.broker_order_no for o in orders}
        assert_every_fill_recorded(desk)


def test_fills_pushed_while_the_websocket_is_down_are_recovered_once(
    sessions: sessionmaker[Session],
) -> None:
    faults = FaultConfig(ws_drop_after_seconds=0.4)
    slow_reconnect = {"backoff_base": 0.6, "ws_backoff_max": 0.6}
    with open_desk(
        sessions, realtime=True, sim_overrides={"faults": faults}, client_overrides=slow_reconnect
    ) as desk:
        for n, code in enumerate(("005930", "000660", "035720", "000270")):
            desk.sim.runtime.faults.next("kt10000", Fault(FaultKind.PARTIAL_FILL))
            desk.service.submit(approved(code, 10), f"ws-{n}")
        wait_until(
            lambda: desk.apply_pushes() >= 0 and FeedDisconnected in map(type, desk.seen),
            timeout=5,
            message="for the socket to drop",
        )
        desk.clock.advance(120)  # the resting halves fill while the socket is down
        wait_until(lambda: all(o.remaining == 0 for o in desk.broker_orders()), timeout=5)
        wait_until(
            lambda: desk.apply_pushes() >= 0 and _reconnected(desk),
            timeout=5,
            message="for the feed to come back",
        )
        missed_by_pushes = desk.recorded() != desk.executed()
        result = desk.service.reconcile()
        again = desk.service.reconcile()

        assert missed_by_pushes
        assert result.fills > 0
        assert len(desk.broker_orders()) == 4
        assert_every_fill_recorded(desk)
        assert again.fills == 0
        assert result.orphans == ()


def _reconnected(desk: Desk) -> bool:
    kinds = [type(e) for e in desk.seen]
    if FeedDisconnected not in kinds:
        return False
    return FeedConnected in kinds[kinds.index(FeedDisconnected) :]


def test_a_dropped_order_connection_is_resolved_from_the_broker_lists(desk: Desk) -> None:
    desk.sim.runtime.faults.next("kt10000", Fault(FaultKind.DROP, 1.0))
    desk.sim.runtime.faults.next("ka10075", Fault(FaultKind.DROP, 1.0))

    lost = desk.service.submit(approved("005930", 4), "drop-1")
    desk.clock.advance(GRACE.total_seconds())
    result = desk.service.reconcile()
    placed = desk.service.submit(approved("005930", 4), "drop-2")
    desk.service.reconcile()

    assert lost.status is OrderStatus.UNKNOWN
    assert result.not_at_broker == (lost.id,)
    assert [o.ord_no for o in desk.broker_orders("005930")] == [placed.broker_order_no]
    assert_every_fill_recorded(desk)
