from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.clock import KST
from agent.kiwoom import codec


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("+74800", 74800), ("-152000", 152000), ("70100", 70100), ("-0", 0), ("", 0), (" 500 ", 500)],
)
def test_magnitude_strips_the_direction_sign(raw: str, expected: int) -> None:
    assert codec.magnitude(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("000000000017534", 17534),
        ("-00000000000084", -84),
        ("+600", 600),
        ("-600", -600),
        ("000000000001", 1),
        ("-0", 0),
    ],
)
def test_signed_int_reads_zero_padded_signed_amounts(raw: str, expected: int) -> None:
    assert codec.signed_int(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("+29.86", 2986), ("-0.07", -7), ("46.25", 4625), ("-52.71", -5271), ("", 0), ("98.92", 9892)],
)
def test_basis_points_reads_two_decimal_rates(raw: str, expected: int) -> None:
    assert codec.basis_points(raw) == expected


def test_percent_returns_a_decimal_never_a_float() -> None:
    assert codec.percent("+0.16") == Decimal("0.16")


def test_won_from_millions_scales_turnover_to_won() -> None:
    assert codec.won_from_millions("5308092") == 5_308_092_000_000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A005930", "005930"),
        ("005930", "005930"),
        ("005930_NX", "005930"),
        ("J123456", "123456"),
        ("Q500001", "500001"),
        ("005930_AL", "005930"),
    ],
)
def test_plain_code_drops_kind_prefix_and_exchange_suffix(raw: str, expected: str) -> None:
    assert codec.plain_code(raw) == expected


def test_kst_datetime_parses_as_korea_time() -> None:
    parsed = codec.kst_datetime("20241107083713")
    assert parsed == datetime(2024, 11, 7, 8, 37, 13, tzinfo=KST)
    assert parsed.utcoffset() is not None
    assert parsed.utcoffset().total_seconds() == 9 * 3600  # type: ignore[union-attr]


def test_kst_date_and_time_fields() -> None:
    assert codec.kst_date("20250908") == date(2025, 9, 8)
    assert codec.hhmmss("154113") == time(15, 41, 13)
    assert codec.hhmmss("000000") is None
    assert codec.hhmmss("") is None


def test_on_day_combines_a_trading_day_with_an_hhmmss_field() -> None:
    assert codec.on_day(date(2026, 3, 3), "094022") == datetime(2026, 3, 3, 9, 40, 22, tzinfo=KST)


def test_no_order_recognises_the_empty_original_order_number() -> None:
    assert codec.no_order("0000000")
    assert codec.no_order("")
    assert not codec.no_order("0000139")


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_signed_int_round_trips_any_padded_amount(value: int) -> None:
    raw = ("-" if value < 0 else "") + str(abs(value)).zfill(15 - (value < 0))
    assert codec.signed_int(raw) == value
