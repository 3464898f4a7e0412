"""krxsim's tick tables against the examples of shared/docs/krx-market-rules.md (B1)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krxsim.rules import (
    TICK_REFORM,
    Board,
    is_on_tick,
    round_down,
    round_up,
    tick_size,
    tick_table,
)

BEFORE = date(2023, 1, 20)
STOCKS = (Board.KOSPI, Board.KOSDAQ, Board.KONEX)


@pytest.mark.parametrize(
    ("price", "tick"),
    [
        (1, 1),
        (1_999, 1),
        (2_000, 5),
        (4_995, 5),
        (5_000, 10),
        (19_990, 10),
        (20_000, 50),
        (49_950, 50),
        (50_000, 100),
        (199_900, 100),
        (200_000, 500),
        (499_500, 500),
        (500_000, 1_000),
        (3_000_000, 1_000),
    ],
)
@pytest.mark.parametrize("board", STOCKS)
def test_one_table_ticks_every_stock_board_since_the_reform(
    board: Board, price: int, tick: int
) -> None:
    assert tick_size(price, board) == tick
    assert tick_size(price, board, TICK_REFORM) == tick


@pytest.mark.parametrize(
    ("price", "before", "after"),
    [(1_500, 5, 1), (15_000, 50, 10), (150_000, 500, 100)],
)
def test_the_reform_split_three_kospi_bands(price: int, before: int, after: int) -> None:
    assert tick_size(price, Board.KOSPI, BEFORE) == before
    assert tick_size(price, Board.KOSPI, TICK_REFORM) == after


@pytest.mark.parametrize(
    ("price", "kospi", "kosdaq"),
    [
        (999, 1, 1),
        (1_000, 5, 5),
        (9_990, 10, 10),
        (10_000, 50, 50),
        (50_000, 100, 100),
        (100_000, 500, 100),
        (500_000, 1_000, 100),
    ],
)
def test_before_the_reform_kosdaq_ticked_everything_from_50k_by_100(
    price: int, kospi: int, kosdaq: int
) -> None:
    assert tick_size(price, Board.KOSPI, BEFORE) == kospi
    assert tick_size(price, Board.KOSDAQ, BEFORE) == kosdaq


@pytest.mark.parametrize("on", [BEFORE, TICK_REFORM, None])
@pytest.mark.parametrize("price", [5, 1_995, 150_000, 1_000_000])
def test_a_fund_keeps_a_five_won_tick_at_every_price(price: int, on: date | None) -> None:
    assert tick_size(price, Board.FUND, on) == 5


def test_the_tick_is_the_one_of_the_prices_own_band() -> None:
    assert round_up(4_996, Board.KOSPI) == 5_000  # 4,996 is in the 5-won band
    assert round_down(5_009, Board.KOSPI) == 5_000  # 5,009 is in the 10-won band
    assert not is_on_tick(5_005, Board.KOSPI)
    assert is_on_tick(4_995, Board.KOSPI)


def test_no_price_is_valid_below_the_lowest_tick() -> None:
    assert not is_on_tick(0, Board.KOSPI)
    assert not is_on_tick(3, Board.FUND)
    with pytest.raises(ValueError, match="no valid"):
        round_down(4, Board.FUND)
    with pytest.raises(ValueError, match="positive"):
        tick_size(0, Board.KOSPI)


@pytest.mark.parametrize("on", [BEFORE, None])
@pytest.mark.parametrize("board", list(Board))
def test_every_band_starts_on_its_own_tick_and_on_the_tick_below_it(
    board: Board, on: date | None
) -> None:
    """What makes rounding inside a band land on a valid price, and rounding up past its top
    land on the next band's first price."""
    bands = tick_table(board, on)

    assert all(low % tick == 0 for low, tick in bands)
    assert all(low % below == 0 for (_, below), (low, _) in pairwise(bands))


@given(
    st.integers(min_value=5, max_value=3_000_000),
    st.sampled_from(list(Board)),
    st.sampled_from([BEFORE, None]),
)
def test_rounding_lands_on_the_nearest_valid_price_on_each_side(
    price: int, board: Board, on: date | None
) -> None:
    down, up = round_down(price, board, on), round_up(price, board, on)

    assert is_on_tick(down, board, on)
    assert is_on_tick(up, board, on)
    assert down <= price <= up
    assert (down == up) == is_on_tick(price, board, on)
    assert all(not is_on_tick(p, board, on) for p in range(down + 1, up))
