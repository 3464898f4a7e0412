"""Planning the child orders of an approved order, with the last price check before sending."""

from __future__ import annotations

import pytest
from msgspec import structs

from agent.domain.enums import OrderPurpose, OrderType, Side
from agent.domain.intents import Approved, Intent
from agent.market.tick_size import price_limits
from agent.orders.execution import (
    ExecutionPolicy,
    plan_children,
    reprice_policy_for,
    working_order,
)
from agent.orders.pricing import InvalidOrderPrice
from agent.orders.repricing import Cancel, Reprice, Wait, next_action
from agent.orders.slicing import SlicePolicy
from tests.unit.risk.builders import NOW

LOWER, UPPER = price_limits(68_000)
INTENT = Intent(
    code="005930",
    side=Side.BUY,
    purpose=OrderPurpose.ENTRY,
    reference_price=70_000,
    at=NOW,
    strategy_tag="orb",
)


def limit(price: int | None, quantity: int = 10) -> Approved:
    return Approved(intent=INTENT, quantity=quantity, order_type=OrderType.LIMIT, limit_price=price)


def test_an_approved_limit_is_split_into_children_per_the_policy() -> None:
    policy = ExecutionPolicy(slicing=SlicePolicy(max_slice_qty=4))

    children = plan_children(limit(70_200), LOWER, UPPER, policy)

    assert [c.quantity for c in children] == [4, 3, 3]
    assert {c.limit_price for c in children} == {70_000}  # two ticks below the approved 70,200


@pytest.mark.parametrize("price", [70_250, UPPER + 100, LOWER - 100])
def test_a_limit_off_the_grid_or_outside_the_limits_is_never_sent(price: int) -> None:
    with pytest.raises(InvalidOrderPrice):
        plan_children(limit(price), LOWER, UPPER, ExecutionPolicy())


@pytest.mark.parametrize(
    "approved",
    [
        limit(None),
        limit(70_000, quantity=0),
        Approved(intent=INTENT, quantity=1, order_type=OrderType.MARKET, limit_price=70_000),
    ],
)
def test_an_inconsistent_order_is_refused(approved: Approved) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 -- three different messages
        plan_children(approved, LOWER, UPPER, ExecutionPolicy())


def test_a_market_order_needs_no_price_check() -> None:
    market = Approved(intent=INTENT, quantity=5, order_type=OrderType.MARKET, limit_price=None)

    assert plan_children(market, LOWER, UPPER, ExecutionPolicy()) == (market,)


def test_entries_give_up_and_exits_keep_resting_when_reprices_run_out() -> None:
    policy = ExecutionPolicy()

    assert reprice_policy_for(OrderPurpose.ENTRY, policy).when_exhausted == "cancel"
    assert reprice_policy_for(OrderPurpose.STOP_LOSS, policy).when_exhausted == "rest"


def test_an_entry_child_climbs_one_tick_at_a_time_to_its_approved_limit_and_no_further() -> None:
    parent = limit(70_200)
    policy = ExecutionPolicy()
    (child,) = plan_children(parent, LOWER, UPPER, policy)
    order = working_order(child, parent, NOW, LOWER, UPPER)
    prices = [order.limit_price]

    now = NOW
    while isinstance(action := next_action(order, now, policy.entry_reprice), Reprice | Wait):
        if isinstance(action, Wait):
            assert action.until is not None
            now = action.until
            continue
        prices.append(action.new_price)
        order = structs.replace(
            order, limit_price=action.new_price, reprices=order.reprices + 1, priced_at=now
        )

    assert prices == [70_000, 70_100, 70_200]
    assert isinstance(action, Cancel)


def test_a_sell_child_keeps_its_price_and_may_step_down_to_the_lower_limit() -> None:
    sell = Intent(
        code="005930",
        side=Side.SELL,
        purpose=OrderPurpose.EOD_EXIT,
        reference_price=70_000,
        at=NOW,
        strategy_tag="risk",
    )
    parent = Approved(intent=sell, quantity=5, order_type=OrderType.LIMIT, limit_price=69_900)

    (child,) = plan_children(parent, LOWER, UPPER, ExecutionPolicy())
    order = working_order(child, parent, NOW, LOWER, UPPER)

    assert child.limit_price == 69_900
    assert order.worst_price is None
    assert next_action(order, NOW, ExecutionPolicy().exit_reprice) == Wait(
        until=NOW + ExecutionPolicy().exit_reprice.timeout
    )
