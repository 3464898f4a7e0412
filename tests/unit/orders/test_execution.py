"""Planning the child orders of an approved order, with the last price check before sending."""

from __future__ import annotations

import pytest

from agent.domain.enums import OrderPurpose, OrderType, Side
from agent.domain.intents import Approved, Intent
from agent.market.tick_size import price_limits
from agent.orders.execution import ExecutionPolicy, plan_children, reprice_policy_for
from agent.orders.pricing import InvalidOrderPrice
from agent.orders.slicing import SlicePolicy
from tests.unit.risk.builders import NOW

LOWER, UPPER = price_limits(68_000)
INTENT = Intent(code="005930", side=Side.BUY, purpose=OrderPurpose.ENTRY, reference_price=70_000,
                at=NOW, strategy_tag="orb")  # fmt: skip


def limit(price: int | None, quantity: int = 10) -> Approved:
    return Approved(intent=INTENT, quantity=quantity, order_type=OrderType.LIMIT, limit_price=price)


def test_an_approved_limit_is_split_into_children_per_the_policy() -> None:
    policy = ExecutionPolicy(slicing=SlicePolicy(max_slice_qty=4))

    children = plan_children(limit(70_200), LOWER, UPPER, policy)

    assert [c.quantity for c in children] == [4, 3, 3]


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
