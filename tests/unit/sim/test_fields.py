from __future__ import annotations

from krxsim.server.fields import diff, padded, plain_rate, rate, sign_code, signed


def test_prices_carry_a_sign_against_the_base_and_none_when_unchanged() -> None:
    assert signed(74_800, 74_000) == "+74800"
    assert signed(73_000, 74_000) == "-73000"
    assert signed(74_000, 74_000) == "74000"


def test_differences_and_rates_are_signed_with_two_decimals() -> None:
    assert diff(600) == "+600"
    assert diff(-600) == "-600"
    assert diff(0) == "0"
    assert rate(2_986, 10_000) == "+29.86"
    assert rate(-7, 10_000) == "-0.07"
    assert rate(0, 10_000) == "0.00"
    assert plain_rate(4_625, 10_000) == "46.25"


def test_account_amounts_are_zero_padded_with_the_minus_inside_the_width() -> None:
    assert padded(17_534, 15) == "000000000017534"
    assert padded(-84, 15) == "-00000000000084"
    assert len(padded(-84, 15)) == 15


def test_sign_codes_follow_kiwoom_numbering() -> None:
    assert sign_code(130, 100, 130, 70) == "1"
    assert sign_code(110, 100, 130, 70) == "2"
    assert sign_code(100, 100, 130, 70) == "3"
    assert sign_code(70, 100, 130, 70) == "4"
    assert sign_code(90, 100, 130, 70) == "5"
