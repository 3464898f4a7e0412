"""Tick sizes and price limits over the whole price range (krx-market-rules.md B1, B3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from agent.market.tick_size import (
    Board,
    daily_limit_bps,
    is_on_tick,
    price_limits,
    round_down,
    round_up,
    tick_size,
    ticks_away,
)

BEFORE_REFORM = date(2023, 1, 24)
REFORM_DAY = date(2023, 1, 25)

# Each band's first price and tick, written out independently of the module's tables.
UNIFIED_BANDS = [(1, 1), (2_000, 5), (5_000, 10), (20_000, 50), (50_000, 100), (200_000, 500),
                 (500_000, 1_000)]  # fmt: skip
KOSPI_OLD_BANDS = [(1, 1), (1_000, 5), (5_000, 10), (10_000, 50), (50_000, 100), (100_000, 500),
                   (500_000, 1_000)]  # fmt: skip
KOSDAQ_OLD_BANDS = [(1, 1), (1_000, 5), (5_000, 10), (10_000, 50), (50_000, 100)]


def expected_tick(price: int, bands: list[tuple[int, int]]) -> int:
    return next(tick for start, tick in reversed(bands) if price >= start)


def edges(bands: list[tuple[int, int]]) -> list[int]:
    return sorted({p for start, _ in bands for p in (start - 1, start, start + 1) if p > 0})


EDGE_PRICES = sorted(set(edges(UNIFIED_BANDS) + edges(KOSPI_OLD_BANDS)))
prices = st.one_of(st.sampled_from(EDGE_PRICES), st.integers(1, 3_000_000))
stock_boards = st.sampled_from([Board.KOSPI, Board.KOSDAQ, Board.KONEX])
trade_dates = st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2030, 12, 31)))


@pytest.mark.parametrize(
    ("price", "tick"),
    [
        (1, 1),
        (1_999, 1),
        (2_000, 5),
        (4_999, 5),
        (5_000, 10),
        (19_999, 10),
        (20_000, 50),
        (49_999, 50),
        (50_000, 100),
        (199_999, 100),
        (200_000, 500),
        (499_999, 500),
        (500_000, 1_000),
        (3_000_000, 1_000),
    ],
)
def test_unified_tick_size_changes_exactly_at_each_band_edge(price: int, tick: int) -> None:
    for board in (Board.KOSPI, Board.KOSDAQ, Board.KONEX):
        assert tick_size(price, board) == tick
        assert tick_size(price, board, REFORM_DAY) == tick


def test_tick_size_is_ten_between_5000_and_20000() -> None:
    assert {tick_size(p) for p in range(5_000, 20_000, 7)} == {10}


@given(price=prices, board=stock_boards)
def test_unified_tick_size_matches_the_rules_table_at_any_price(price: int, board: Board) -> None:
    assert tick_size(price, board, REFORM_DAY) == expected_tick(price, UNIFIED_BANDS)


@given(price=prices, on=st.dates(max_value=BEFORE_REFORM))
def test_kospi_used_its_own_table_before_the_2023_reform(price: int, on: date) -> None:
    assert tick_size(price, Board.KOSPI, on) == expected_tick(price, KOSPI_OLD_BANDS)


@given(price=prices, on=st.dates(max_value=BEFORE_REFORM))
def test_kosdaq_used_a_100_won_tick_above_50000_before_the_reform(price: int, on: date) -> None:
    assert tick_size(price, Board.KOSDAQ, on) == expected_tick(price, KOSDAQ_OLD_BANDS)


@pytest.mark.parametrize(
    ("price", "old", "new"), [(1_500, 5, 1), (15_000, 50, 10), (150_000, 500, 100)]
)
def test_the_reform_split_three_kospi_bands(price: int, old: int, new: int) -> None:
    assert tick_size(price, Board.KOSPI, BEFORE_REFORM) == old
    assert tick_size(price, Board.KOSPI, REFORM_DAY) == new


@given(price=prices, on=trade_dates)
def test_funds_keep_a_five_won_tick_at_every_price(price: int, on: date | None) -> None:
    assert tick_size(price, Board.FUND, on) == 5


@pytest.mark.parametrize("price", [0, -1, -5_000])
def test_tick_size_rejects_non_positive_prices(price: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        tick_size(price)


@given(price=prices, board=st.sampled_from(Board), on=trade_dates)
@example(price=4_999, board=Board.KOSPI, on=None)
@example(price=20_049, board=Board.KOSPI, on=None)
def test_round_down_is_the_nearest_valid_price_not_above(
    price: int, board: Board, on: date | None
) -> None:
    if board is Board.FUND and price < 5:
        with pytest.raises(ValueError, match="no valid price"):
            round_down(price, board, on)
        return
    result = round_down(price, board, on)
    assert result <= price
    assert is_on_tick(result, board, on)
    assert not any(is_on_tick(p, board, on) for p in range(result + 1, price + 1))


@given(price=prices, board=st.sampled_from(Board), on=trade_dates)
@example(price=4_999, board=Board.KOSPI, on=None)
@example(price=199_999, board=Board.KOSPI, on=None)
def test_round_up_is_the_nearest_valid_price_not_below(
    price: int, board: Board, on: date | None
) -> None:
    result = round_up(price, board, on)
    assert result >= price
    assert is_on_tick(result, board, on)
    assert not any(is_on_tick(p, board, on) for p in range(price, result))


def test_rounding_across_a_band_edge_uses_the_band_of_the_result() -> None:
    assert round_up(4_999) == 5_000
    assert round_down(5_009) == 5_000
    assert round_down(20_049) == 20_000
    assert round_up(19_991) == 20_000


def test_round_down_has_no_fund_price_below_five_won() -> None:
    with pytest.raises(ValueError, match="no valid price"):
        round_down(4, Board.FUND)
    assert round_up(4, Board.FUND) == 5


@given(price=prices, board=st.sampled_from(Board), on=trade_dates)
def test_ticks_away_by_one_lands_on_the_neighbouring_valid_price(
    price: int, board: Board, on: date | None
) -> None:
    start = round_up(price, board, on)
    above = ticks_away(start, 1, board, on)
    assert is_on_tick(above, board, on)
    assert not any(is_on_tick(p, board, on) for p in range(start + 1, above))
    assert ticks_away(above, -1, board, on) == start


@given(price=prices, steps=st.integers(-60, 60), board=st.sampled_from(Board), on=trade_dates)
def test_ticks_away_round_trips(price: int, steps: int, board: Board, on: date | None) -> None:
    start = round_up(price, board, on)
    try:
        moved = ticks_away(start, steps, board, on)
    except ValueError:
        assert steps < 0  # ran below the lowest valid price
        return
    assert is_on_tick(moved, board, on)
    assert ticks_away(moved, -steps, board, on) == start


def test_ticks_away_uses_the_tick_of_the_band_it_enters() -> None:
    assert ticks_away(5_000, -1) == 4_995
    assert ticks_away(4_995, 1) == 5_000
    assert ticks_away(49_950, 2) == 50_100
    assert ticks_away(1_998, 3) == 2_005


def test_ticks_away_refuses_off_grid_prices_and_prices_below_the_floor() -> None:
    with pytest.raises(ValueError, match="tick grid"):
        ticks_away(5_005, 1)
    with pytest.raises(ValueError, match="below"):
        ticks_away(2, -2)


@given(base=prices, board=st.sampled_from([Board.KOSPI, Board.KOSDAQ]), on=trade_dates)
@example(base=20_050, board=Board.KOSPI, on=None)
@example(base=15_550, board=Board.KOSPI, on=None)
def test_price_limits_stay_within_thirty_percent_on_the_grid(
    base: int, board: Board, on: date | None
) -> None:
    if on is not None and on < date(2015, 6, 15):
        on = None
    lower, upper = price_limits(base, board, on)
    assert is_on_tick(lower, board, on)
    assert is_on_tick(upper, board, on)
    assert lower <= base <= upper
    assert (upper - base) * 10 <= base * 3
    assert (base - lower) * 10 <= base * 3
    width = base * 3 // 10
    width -= width % tick_size(base, board, on)
    # Upper is rounded down and lower rounded up: the next price out would pass base +- width.
    assert ticks_away(upper, 1, board, on) > base + width
    assert lower == 1 or ticks_away(lower, -1, board, on) < base - width


@pytest.mark.parametrize(
    ("base", "limits"),
    [
        (70_000, (49_000, 91_000)),  # 21,000 wide either way, both on the 50/100-won grids
        (15_550, (10_890, 20_200)),  # 20,215 would cross into the 50-won band: rounded down
        (20_050, (14_050, 26_050)),  # width 6,015 truncated to the base's 50-won tick
        (1_000, (700, 1_300)),
        (1, (1, 1)),
    ],
)
def test_price_limits_for_known_bases(base: int, limits: tuple[int, int]) -> None:
    assert price_limits(base) == limits


def test_price_limits_use_the_pre_reform_table_for_old_dates() -> None:
    # 15,550 in 2022: KOSPI tick 50 above 10,000, so the width 4,665 truncates to 4,650.
    assert price_limits(15_550, Board.KOSPI, date(2022, 6, 1)) == (10_900, 20_200)


def test_konex_trades_within_fifteen_percent() -> None:
    assert daily_limit_bps(Board.KONEX) == 1_500
    assert price_limits(10_000, Board.KONEX) == (8_500, 11_500)


def test_daily_limit_was_fifteen_percent_before_june_2015() -> None:
    assert daily_limit_bps(Board.KOSPI, date(2015, 6, 12)) == 1_500
    assert daily_limit_bps(Board.KOSPI, date(2015, 6, 15)) == 3_000


def test_fund_price_limits_sit_on_the_five_won_grid() -> None:
    assert price_limits(10_003, Board.FUND) == (7_005, 13_000)
