"""krxsim's daily price limits against shared/docs/krx-market-rules.md (B3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krxsim.rules import Board, is_on_tick, limit_percent, price_limits

WIDE_SINCE = date(2015, 6, 15)


@pytest.mark.parametrize(
    ("base", "lower", "upper"),
    [
        (10_000, 7_000, 13_000),
        (71_000, 49_700, 92_300),
        # width 1,497 truncated to the base's 5-won tick: 1,495; 6,485 rounds down to 6,480
        (4_990, 3_495, 6_480),
        # width 599; 2,598 is in the 5-won band: down to 2,595
        (1_999, 1_400, 2_595),
        # width 4,803 truncated to 4,800; 20,810 is in the 50-won band: down to 20,800
        (16_010, 11_210, 20_800),
    ],
)
def test_the_limits_are_thirty_percent_truncated_to_the_tick(
    base: int, lower: int, upper: int
) -> None:
    assert price_limits(base, Board.KOSPI) == (lower, upper)


def test_the_lower_limit_rounds_up_and_the_upper_limit_down() -> None:
    # An off-grid base (after a corporate action): width 3,000; 7,003 up, 13,003 down.
    assert price_limits(10_003, Board.KOSDAQ) == (7_010, 13_000)


def test_thirty_percent_applies_from_2015_06_15_and_fifteen_before() -> None:
    assert price_limits(10_000, Board.KOSPI, WIDE_SINCE) == (7_000, 13_000)
    assert price_limits(10_000, Board.KOSPI, date(2015, 6, 12)) == (8_500, 11_500)
    assert limit_percent(Board.KOSDAQ, date(2015, 6, 12)) == 15


def test_konex_trades_within_fifteen_percent() -> None:
    assert limit_percent(Board.KONEX) == 15
    assert price_limits(10_000, Board.KONEX) == (8_500, 11_500)


def test_the_limits_follow_the_tick_table_of_the_trade_date() -> None:
    """Before the 2023 reform a KOSPI stock at 150,000 ticked by 500, a KOSDAQ one by 100."""
    before = date(2022, 6, 2)

    assert price_limits(151_000, Board.KOSPI, before) == (106_000, 196_000)
    assert price_limits(151_000, Board.KOSDAQ, before) == (105_700, 196_300)
    assert price_limits(151_000, Board.KOSPI) == (105_700, 196_300)


@given(st.integers(min_value=5, max_value=5_000_000), st.sampled_from(list(Board)))
def test_the_limits_are_valid_prices_within_the_band_around_the_base(
    base: int, board: Board
) -> None:
    lower, upper = price_limits(base, board)
    percent = limit_percent(board)

    assert is_on_tick(lower, board)
    assert is_on_tick(upper, board)
    assert lower * 100 >= base * (100 - percent)
    assert upper * 100 <= base * (100 + percent)
