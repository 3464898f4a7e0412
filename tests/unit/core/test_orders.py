"""The order manager core: an order moves only through the (status, event) table, and the
router's decisions (slices, chase, market re-sends, locked reports) come out as commands."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agent.clock import KST
from agent.core.orders import Cancel, ManagedOrder, OrderManager, ReportLocked, Send
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.orders.chase import ChaseTimes
from agent.orders.lifecycle import ALLOWED, NEXT, IllegalTransition, OrderEvent
from agent.orders.slicing import SlicePolicy
from agent.risk.reasons import ApprovalNote

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=KST)
TIMES = ChaseTimes(
    entry_timeout=timedelta(seconds=60),
    exit_timeout=timedelta(seconds=30),
    stop_reprice=timedelta(seconds=5),
)
E, S = OrderEvent, OrderStatus


def _approved(
    purpose: OrderPurpose = OrderPurpose.ENTRY,
    qty: int = 10,
    *,
    order_type: OrderType = OrderType.LIMIT,
    reasons: tuple[str, ...] = (),
) -> Approved:
    side = Side.BUY if purpose is OrderPurpose.ENTRY else Side.SELL
    intent = Intent(
        code="005930",
        side=side,
        purpose=purpose,
        reference_price=50_000,
        at=NOW,
        strategy_tag="opening",
    )
    return Approved(
        intent=intent,
        quantity=qty,
        order_type=order_type,
        limit_price=50_000 if order_type is OrderType.LIMIT else None,
        reasons=reasons,
    )


def _working(order_id: int, approved: Approved, age_s: float) -> ManagedOrder:
    order = ManagedOrder(
        id=order_id, client_order_id=f"c{order_id}", approved=approved, created_at=NOW
    )
    order.apply(E.SEND, NOW - timedelta(seconds=age_s))
    order.apply(E.ACCEPT, NOW - timedelta(seconds=age_s))
    return order


def test_an_order_moves_only_through_the_table() -> None:
    order = ManagedOrder(id=1, client_order_id="c1", approved=_approved(), created_at=NOW)

    assert order.apply(E.SEND, NOW) is S.SENT
    assert order.sent_at == NOW
    assert order.apply(E.ACCEPT, NOW) is S.ACCEPTED
    assert order.apply(E.FILL_PART, NOW, quantity=4) is S.PARTIALLY_FILLED
    assert order.apply(E.REQUEST_CANCEL, NOW) is S.CANCEL_REQUESTED
    later = NOW + timedelta(seconds=1)
    assert order.apply(E.CANCEL, later) is S.CANCELLED
    assert order.ended_at == later
    # A late partial fill of a cancelled order is recorded without a move; the last one fills it.
    assert order.apply(E.FILL_PART, later, quantity=3) is S.CANCELLED
    assert order.apply(E.FILL_PART, later, quantity=3) is S.FILLED
    assert order.filled == 10
    with pytest.raises(IllegalTransition):
        order.apply(E.CANCEL, later)
    with pytest.raises(ValueError, match="does not fit"):
        order.apply(E.FILL_PART, later, quantity=1)


def test_an_illegal_move_changes_nothing() -> None:
    order = ManagedOrder(id=1, client_order_id="c1", approved=_approved(), created_at=NOW)

    with pytest.raises(IllegalTransition):
        order.apply(E.ACCEPT, NOW)

    assert order.status is S.PENDING
    assert order.sent_at is None


def test_the_status_table_is_the_events_table_without_its_events() -> None:
    for (old, _), new in NEXT.items():
        assert new in ALLOWED[old]
    assert ALLOWED[S.FILLED] == frozenset()
    assert ALLOWED[S.REJECTED] == frozenset()
    assert ALLOWED[S.CANCELLED] == frozenset({S.FILLED})


def test_an_approval_becomes_its_slices_each_with_its_own_client_id() -> None:
    manager = OrderManager(SlicePolicy(max_slice_qty=4), TIMES)

    sends = manager.orders_of(_approved(qty=10), "20261124-005930-entry-1")

    assert [s.approved.quantity for s in sends] == [4, 3, 3]
    assert len({s.client_order_id for s in sends}) == 3
    assert all(s.parent_id is None for s in sends)


def test_a_slow_limit_exit_is_cancelled_then_its_rest_sent_at_market_once_the_cancel_holds() -> (
    None
):
    manager = OrderManager(SlicePolicy(), TIMES)
    exit_ = _working(7, _approved(OrderPurpose.EOD_EXIT, 10), age_s=31)
    exit_.apply(E.FILL_PART, NOW, quantity=3)

    assert manager.chase([exit_.chase_row()], NOW, frozen=False, entries_blocked=False) == [
        Cancel(order_id=7)
    ]
    assert manager.awaiting_close(7)
    # Two more shares filled before the cancel went through: the rest is five.
    sends = manager.closed(7, S.CANCELLED, 5, frozen=False)

    assert sends == [
        Send(approved=sends[0].approved, client_order_id="c7-m", parent_id=7),
    ]
    assert sends[0].approved.order_type is OrderType.MARKET
    assert sends[0].approved.quantity == 5
    assert not manager.awaiting_close(7)
    assert manager.closed(7, S.CANCELLED, 5, frozen=False) == []


def test_no_market_resend_when_the_exit_filled_first_or_trading_froze() -> None:
    manager = OrderManager(SlicePolicy(), TIMES)
    first = _working(1, _approved(OrderPurpose.EOD_EXIT), age_s=31)
    second = _working(2, _approved(OrderPurpose.EOD_EXIT), age_s=31)
    manager.chase([first.chase_row(), second.chase_row()], NOW, frozen=False, entries_blocked=False)

    assert manager.closed(1, S.FILLED, 0, frozen=False) == []
    assert manager.closed(2, S.CANCELLED, 10, frozen=True) == []


def test_a_stop_locked_at_the_lower_limit_is_reported_once_and_left_in_the_queue() -> None:
    manager = OrderManager(SlicePolicy(), TIMES)
    notes = (str(ApprovalNote.CLIPPED_TO_LOWER_LIMIT),)
    stop = _working(3, _approved(OrderPurpose.STOP_LOSS, reasons=notes), age_s=60)
    row = stop.chase_row()
    locked = type(row)(**{**{f: getattr(row, f) for f in row.__struct_fields__}, "locked": True})

    first = manager.chase([locked], NOW, frozen=False, entries_blocked=False)
    again = manager.chase([locked], NOW, frozen=False, entries_blocked=False)

    assert first == [ReportLocked(order_id=3)]
    assert again == []


def test_entries_go_when_blocked_and_a_working_entry_times_out() -> None:
    manager = OrderManager(SlicePolicy(), TIMES)
    young = _working(1, _approved(), age_s=10)
    old = _working(2, _approved(), age_s=61)
    rows = [young.chase_row(), old.chase_row()]

    assert manager.chase(rows, NOW, frozen=False, entries_blocked=False) == [Cancel(order_id=2)]
    assert manager.chase(rows, NOW, frozen=False, entries_blocked=True) == [
        Cancel(order_id=1),
        Cancel(order_id=2),
    ]


def test_a_refused_cancel_drops_the_market_resend_it_carried() -> None:
    manager = OrderManager(SlicePolicy(), TIMES)
    exit_ = _working(5, _approved(OrderPurpose.EOD_EXIT), age_s=31)
    manager.chase([exit_.chase_row()], NOW, frozen=False, entries_blocked=False)
    assert manager.awaiting_close(5)

    # The broker refused the cancel: the order works again (not cancel-requested) and is
    # chased anew, which arms a fresh re-send; a young one would carry none.
    young = _working(5, _approved(OrderPurpose.EOD_EXIT), age_s=1)
    assert manager.chase([young.chase_row()], NOW, frozen=False, entries_blocked=False) == []
    assert not manager.awaiting_close(5)
    assert manager.closed(5, S.CANCELLED, 10, frozen=False) == []
