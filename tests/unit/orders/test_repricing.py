"""Working an unfilled limit order: wait, step one tick more aggressive, or cancel."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.clock import KST
from agent.domain.enums import Side
from agent.market.tick_size import is_on_tick, price_limits, ticks_away
from agent.orders.repricing import (
    Cancel,
    Reprice,
    RepricePolicy,
    Wait,
    WorkingOrder,
    next_action,
)

T0 = datetime(2026, 3, 4, 9, 30, tzinfo=KST)
LOWER, UPPER = price_limits(68_000)
POLICY = RepricePolicy(timeout=timedelta(seconds=20), max_reprices=2)


def order(side: Side = Side.BUY, price: int = 70_000, **overrides: object) -> WorkingOrder:
    values: dict[str, object] = {
        "side": side,
        "limit_price": price,
        "priced_at": T0,
        "lower_limit": LOWER,
        "upper_limit": UPPER,
        "remaining": 10,
    }
    values.update(overrides)
    return WorkingOrder(**values)  # type: ignore[arg-type]


def test_an_order_waits_until_its_timeout() -> None:
    action = next_action(order(), T0 + timedelta(seconds=19), POLICY)

    assert action == Wait(until=T0 + timedelta(seconds=20))


def test_an_unfilled_buy_is_repriced_one_tick_up_at_its_timeout() -> None:
    assert next_action(order(), T0 + timedelta(seconds=20), POLICY) == Reprice(new_price=70_100)


def test_an_unfilled_sell_is_repriced_one_tick_down_at_its_timeout() -> None:
    action = next_action(order(Side.SELL), T0 + timedelta(seconds=20), POLICY)

    assert action == Reprice(new_price=69_900)


def test_an_order_is_cancelled_once_its_reprices_are_used_up() -> None:
    action = next_action(order(reprices=2), T0 + timedelta(minutes=5), POLICY)

    assert isinstance(action, Cancel)


def test_a_buy_at_the_upper_limit_is_not_repriced_past_it() -> None:
    action = next_action(order(price=UPPER), T0 + timedelta(seconds=20), POLICY)

    assert isinstance(action, Cancel)


def test_a_buy_is_never_repriced_past_its_worst_price() -> None:
    capped = order(price=70_000, worst_price=70_150)

    assert next_action(capped, T0 + timedelta(seconds=20), POLICY) == Reprice(new_price=70_100)
    at_cap = order(price=70_100, worst_price=70_150)
    assert isinstance(next_action(at_cap, T0 + timedelta(seconds=20), POLICY), Cancel)


def test_an_exit_at_its_bound_keeps_resting_when_the_policy_says_rest() -> None:
    rest = RepricePolicy(max_reprices=5, when_exhausted="rest")

    action = next_action(order(Side.SELL, LOWER), T0 + timedelta(minutes=1), rest)

    assert action == Wait(until=None)


def test_a_larger_step_moves_several_ticks() -> None:
    policy = RepricePolicy(step_ticks=3)

    assert next_action(order(), T0 + timedelta(seconds=20), policy) == Reprice(new_price=70_300)


def test_a_filled_order_needs_nothing_more() -> None:
    assert next_action(order(remaining=0), T0 + timedelta(hours=1), POLICY) == Wait(until=None)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_action(order(), T0.replace(tzinfo=None), POLICY)


@given(
    side=st.sampled_from(list(Side)),
    start=st.integers(LOWER, UPPER).map(lambda p: p - p % 100),
    reprices=st.integers(0, 5),
    wait_s=st.integers(0, 120),
    step=st.integers(1, 5),
)
def test_a_reprice_is_valid_strictly_more_aggressive_and_at_most_step_ticks_away(
    side: Side, start: int, reprices: int, wait_s: int, step: int
) -> None:
    policy = RepricePolicy(max_reprices=3, step_ticks=step)
    working = order(side, start, reprices=reprices)

    action = next_action(working, T0 + timedelta(seconds=wait_s), policy)

    if wait_s < 20:
        assert isinstance(action, Wait)
    elif isinstance(action, Reprice):
        new = action.new_price
        assert reprices < 3
        assert is_on_tick(new)
        assert LOWER <= new <= UPPER
        if side is Side.BUY:
            assert start < new <= ticks_away(start, step)
        else:
            assert ticks_away(start, -step) <= new < start
    else:
        assert isinstance(action, Cancel)
        assert reprices >= 3 or start in (LOWER, UPPER)
