"""Order prices: rounded per side never worse than intended, on the grid, inside the limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.domain.enums import Side
from agent.market.board import Board
from agent.market.tick_size import is_on_tick, price_limits, round_down, round_up
from agent.orders.pricing import (
    InvalidOrderPrice,
    aggressive_price,
    check_order_price,
    clip_to_limits,
    round_for_side,
    within_limits,
)

LOWER, UPPER = price_limits(68_000)  # 47,600 / 88,400


@pytest.mark.parametrize(
    ("price", "side", "rounded"),
    [
        (70_050, Side.BUY, 70_000),
        (70_050, Side.SELL, 70_100),
        (70_000, Side.BUY, 70_000),
        (70_000, Side.SELL, 70_000),
        (4_999, Side.SELL, 5_000),  # crossing into the next band stays on the grid
        (19_995, Side.BUY, 19_990),
    ],
)
def test_a_buy_rounds_down_and_a_sell_rounds_up(price: int, side: Side, rounded: int) -> None:
    assert round_for_side(price, side) == rounded


@pytest.mark.parametrize(
    ("base", "price", "side", "ticks", "expected"),
    [
        (68_000, 70_000, Side.BUY, 1, 70_100),
        (68_000, 70_000, Side.SELL, 1, 69_900),
        (5_000, 4_990, Side.BUY, 3, 5_010),  # 4,995, 5,000, then the 10-won band
        (5_000, 5_000, Side.SELL, 1, 4_995),
        (68_000, 88_300, Side.BUY, 5, 88_400),  # never past the upper limit
        (68_000, 47_700, Side.SELL, 5, 47_600),  # never past the lower limit
        (68_000, 70_050, Side.BUY, 0, 70_000),
    ],
)
def test_a_more_aggressive_price_steps_by_the_tick_of_each_band_and_stops_at_the_limit(
    base: int, price: int, side: Side, ticks: int, expected: int
) -> None:
    lower, upper = price_limits(base)

    assert aggressive_price(price, side, ticks, lower, upper) == expected


def test_a_negative_step_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        aggressive_price(70_000, Side.BUY, -1, LOWER, UPPER)


def test_a_price_outside_the_limits_is_clipped_to_them() -> None:
    assert clip_to_limits(90_000, LOWER, UPPER) == UPPER
    assert clip_to_limits(40_000, LOWER, UPPER) == LOWER
    assert within_limits(UPPER, LOWER, UPPER)
    assert not within_limits(UPPER + 100, LOWER, UPPER)
    with pytest.raises(ValueError, match="above"):
        clip_to_limits(1, 10, 5)


@pytest.mark.parametrize("price", [70_050, 88_500, 47_500, 0])
def test_an_invalid_order_price_is_refused(price: int) -> None:
    with pytest.raises(InvalidOrderPrice):
        check_order_price(price, LOWER, UPPER)


def test_a_valid_order_price_passes_the_check() -> None:
    check_order_price(88_400, LOWER, UPPER)


@given(
    base=st.integers(100, 3_000_000),
    offset_bps=st.integers(-3_500, 3_500),
    side=st.sampled_from(list(Side)),
    ticks=st.integers(0, 30),
    board=st.sampled_from([Board.KOSPI, Board.KOSDAQ, Board.FUND]),
)
def test_aggressive_prices_are_on_the_grid_within_the_limits_and_never_worse_than_asked(
    base: int, offset_bps: int, side: Side, ticks: int, board: Board
) -> None:
    lower, upper = price_limits(base, board)
    price = max(base + base * offset_bps // 10_000, 5)

    result = aggressive_price(price, side, ticks, lower, upper, board)

    assert is_on_tick(result, board)
    assert lower <= result <= upper
    if side is Side.BUY and lower <= round_down(price, board) <= upper:
        assert result >= round_down(price, board)
    if side is Side.SELL and lower <= round_up(price, board) <= upper:
        assert result <= round_up(price, board)
