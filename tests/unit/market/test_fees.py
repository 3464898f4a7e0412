"""Commission and sell tax (krx-market-rules.md B4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.market.board import Board
from agent.market.fees import (
    TAX_TABLE,
    commission,
    round_trip_cost,
    sell_tax,
    sell_tax_breakdown,
    tax_rate,
)

TEN_MILLION = 10_000_000


def test_kospi_round_trip_of_ten_million_costs_23000_won_in_2026() -> None:
    assert commission(TEN_MILLION) == 1_500
    assert sell_tax(TEN_MILLION, Board.KOSPI, date(2026, 3, 2)) == 20_000
    assert round_trip_cost(TEN_MILLION, TEN_MILLION, Board.KOSPI, date(2026, 3, 2)) == 23_000


def test_kospi_round_trip_of_ten_million_costs_18000_won_in_2025() -> None:
    assert round_trip_cost(TEN_MILLION, TEN_MILLION, Board.KOSPI, date(2025, 6, 2)) == 18_000


@pytest.mark.parametrize(
    ("trade_date", "kospi", "kosdaq"),
    [
        (date(2024, 6, 3), 18_000, 18_000),
        (date(2024, 12, 26), 18_000, 18_000),
        (date(2024, 12, 27), 15_000, 15_000),  # first sell settling in 2025
        (date(2025, 12, 26), 15_000, 15_000),
        (date(2025, 12, 29), 20_000, 20_000),  # first sell settling in 2026
        (date(2026, 11, 24), 20_000, 20_000),
    ],
)
def test_sell_tax_follows_the_execution_date_table(
    trade_date: date, kospi: int, kosdaq: int
) -> None:
    assert sell_tax(TEN_MILLION, Board.KOSPI, trade_date) == kospi
    assert sell_tax(TEN_MILLION, Board.KOSDAQ, trade_date) == kosdaq


def test_kospi_tax_is_mostly_rural_special_tax_and_kosdaq_has_none() -> None:
    assert sell_tax_breakdown(TEN_MILLION, Board.KOSPI, date(2026, 1, 2)) == (5_000, 15_000)
    assert sell_tax_breakdown(TEN_MILLION, Board.KOSPI, date(2025, 1, 2)) == (0, 15_000)
    assert sell_tax_breakdown(TEN_MILLION, Board.KOSDAQ, date(2026, 1, 2)) == (20_000, 0)


def test_konex_sells_pay_ten_bps_and_funds_pay_none() -> None:
    assert sell_tax(TEN_MILLION, Board.KONEX, date(2026, 1, 2)) == 10_000
    assert sell_tax(TEN_MILLION, Board.FUND, date(2026, 1, 2)) == 0
    assert tax_rate(Board.FUND, date(2026, 1, 2)) is None


def test_each_tax_is_truncated_to_whole_won_separately() -> None:
    # 1,999 won: 0.05% = 0.9995 -> 0 and 0.15% = 2.9985 -> 2, not 0.20% = 3.998 -> 3.
    assert sell_tax_breakdown(1_999, Board.KOSPI, date(2026, 1, 2)) == (0, 2)


def test_commission_truncates_sub_won_amounts() -> None:
    assert commission(99_999) == 14  # 14.99985
    assert commission(99_999, unit_won=10) == 10


def test_commission_rate_is_configurable_in_bps() -> None:
    assert commission(TEN_MILLION, Decimal("0.36")) == 360  # fees-only promotional account
    assert commission(TEN_MILLION, 15) == 15_000


def test_sell_tax_refuses_dates_before_the_table() -> None:
    with pytest.raises(ValueError, match="no KOSPI tax rate"):
        sell_tax(TEN_MILLION, Board.KOSPI, date(2023, 1, 2))


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        commission(-1)


@given(
    amount=st.integers(0, 10**12),
    board=st.sampled_from(Board),
    day=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
)
def test_costs_are_never_more_than_the_exact_rate(amount: int, board: Board, day: date) -> None:
    rate = tax_rate(board, day)
    total_bps = Decimal(0) if rate is None else rate.total_bps
    tax = sell_tax(amount, board, day)
    assert 0 <= tax <= amount * total_bps / 10_000
    assert amount * total_bps / 10_000 - tax < 2  # at most one won lost per component
    assert 0 <= commission(amount) <= amount * Decimal("1.5") / 10_000


def test_tax_table_is_sorted_by_date() -> None:
    for rates in TAX_TABLE.values():
        assert [r.since for r in rates] == sorted(r.since for r in rates)
