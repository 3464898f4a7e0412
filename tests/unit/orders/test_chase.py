"""What the router (and the backtest) does with working orders as time passes."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.clock import KST
from agent.domain import OrderPurpose, OrderType, Side
from agent.orders.chase import Action, Chase, ChaseTimes, Working, chase, priced_at_lower_limit

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=KST)
TIMES = ChaseTimes(
    entry_timeout=timedelta(seconds=60),
    exit_timeout=timedelta(seconds=30),
    stop_reprice=timedelta(seconds=5),
)


def order(
    purpose: OrderPurpose,
    age_s: float | None,
    *,
    order_type: OrderType = OrderType.LIMIT,
    order_id: int = 1,
    **kw: object,
) -> Working:
    side = Side.BUY if purpose is OrderPurpose.ENTRY else Side.SELL
    sent = None if age_s is None else NOW - timedelta(seconds=age_s)
    return Working(
        order_id=order_id,
        code="005930",
        side=side,
        purpose=purpose,
        order_type=order_type,
        price=49_000,
        sent_at=sent,
        **kw,  # type: ignore[arg-type]
    )


def run(*orders: Working, frozen: bool = False, blocked: bool = False, locked: bool = False):  # type: ignore[no-untyped-def]
    return chase(
        orders, NOW, TIMES, frozen=frozen, entries_blocked=blocked, locked=lambda _: locked
    )


def test_an_entry_is_cancelled_after_its_time_out_or_at_once_while_entries_are_blocked() -> None:
    young, old = order(OrderPurpose.ENTRY, 10), order(OrderPurpose.ENTRY, 61, order_id=2)
    unsent = order(OrderPurpose.ENTRY, None, order_id=3)

    assert run(young, old, unsent) == [Chase(action=Action.CANCEL, order_id=2)]
    assert [c.order_id for c in run(young, old, unsent, blocked=True)] == [1, 2, 3]


def test_an_unfilled_stop_is_pulled_after_the_re_pricing_period_unless_frozen() -> None:
    for kind in (OrderType.LIMIT, OrderType.BEST):
        stop = order(OrderPurpose.STOP_LOSS, 6, order_type=kind)

        assert run(stop) == [Chase(action=Action.CANCEL, order_id=1)]
        assert run(stop, frozen=True) == []
    assert run(order(OrderPurpose.STOP_LOSS, 4)) == []


def test_a_stop_at_the_lower_limit_stays_and_is_reported_only_when_locked() -> None:
    stop = order(OrderPurpose.STOP_LOSS, 60, at_lower_limit=True)

    assert run(stop) == []
    assert run(stop, locked=True) == [Chase(action=Action.REPORT_LOCKED, order_id=1)]


def test_a_slow_limit_exit_is_sent_again_at_market_unless_frozen() -> None:
    exit_ = order(OrderPurpose.TAKE_PROFIT, 31)

    assert run(exit_) == [Chase(action=Action.RESEND_AT_MARKET, order_id=1)]
    assert run(exit_, frozen=True) == []
    assert run(order(OrderPurpose.TAKE_PROFIT, 29)) == []


def test_an_order_being_cancelled_is_left_alone() -> None:
    assert run(order(OrderPurpose.ENTRY, 600, cancel_requested=True), blocked=True) == []


def test_the_notes_that_price_a_sell_at_the_lower_limit() -> None:
    assert priced_at_lower_limit(("STOP_LOSS", "MARKETABLE_LIMIT"))
    assert priced_at_lower_limit(["CLIPPED_TO_LOWER_LIMIT"])
    assert not priced_at_lower_limit(("THROUGH_THE_PRICE",))
