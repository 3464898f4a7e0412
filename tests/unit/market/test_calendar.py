"""The KRX calendar: XKRX plus the local override table (krx-market-rules.md B2)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.market.board import Board
from agent.market.calendar import (
    DEFAULT_END,
    DEFAULT_START,
    OVERRIDES,
    KrxCalendar,
    Override,
    weekday_base_days,
    xkrx_base_days,
)
from agent.market.fees import TAX_TABLE
from agent.market.sessions import DayKind


def test_june_3_2026_local_elections_are_a_closure(krx: KrxCalendar) -> None:
    assert not krx.is_trading_day(date(2026, 6, 3))
    assert krx.next_trading_day(date(2026, 6, 2)) == date(2026, 6, 4)
    assert krx.previous_trading_day(date(2026, 6, 4)) == date(2026, 6, 2)


def test_jeheonjeol_2026_07_17_is_a_closure_between_two_sessions(krx: KrxCalendar) -> None:
    # 제헌절 is a public holiday again from 2026 (KRX closed); a Friday, so Thu -> Mon.
    assert not krx.is_trading_day(date(2026, 7, 17))
    assert krx.session(date(2026, 7, 17)) is None
    assert krx.is_trading_day(date(2026, 7, 16))
    assert krx.is_trading_day(date(2026, 7, 20))
    assert krx.next_trading_day(date(2026, 7, 16)) == date(2026, 7, 20)
    assert krx.add_trading_days(date(2026, 7, 15), 2) == date(2026, 7, 20)  # T+2 skips it


@pytest.mark.parametrize("day", [date(2028, 7, 17), date(2029, 7, 17)])
def test_jeheonjeol_on_a_weekday_in_later_years_is_a_closure(krx: KrxCalendar, day: date) -> None:
    assert not krx.is_trading_day(day)


def test_the_late_opening_days_of_2026(krx: KrxCalendar) -> None:
    year_opening, csat = krx.session(date(2026, 1, 2)), krx.session(date(2026, 11, 19))
    assert year_opening is not None
    assert csat is not None
    assert (year_opening.open.time(), year_opening.close.time()) == (time(10), time(15, 30))
    assert year_opening.closing_auction.start.time() == time(15, 20)
    # 2027학년도 수능: krx-market-rules.md B2 marks the date [G] (verify); kept as a CSAT day.
    assert csat.kind is DayKind.CSAT
    assert (csat.open.time(), csat.close.time()) == (time(10), time(16, 30))
    assert csat.closing_auction.start.time() == time(16, 20)


@pytest.mark.parametrize("day", [date(2025, 11, 13), date(2026, 11, 19)])
def test_csat_days_trade_from_ten_to_half_past_four(krx: KrxCalendar, day: date) -> None:
    session = krx.session(day)
    assert session is not None
    assert session.kind is DayKind.CSAT
    assert (session.open.time(), session.close.time()) == (time(10), time(16, 30))


@pytest.mark.parametrize("year", range(2018, 2030))
def test_the_first_trading_day_of_each_year_opens_at_ten(krx: KrxCalendar, year: int) -> None:
    first = krx.next_trading_day(date(year - 1, 12, 31)) if year > 2018 else date(2018, 1, 2)
    session = krx.session(first)
    assert session is not None
    assert session.kind is DayKind.YEAR_OPENING
    assert (session.open.time(), session.close.time()) == (time(10), time(15, 30))
    later = krx.trading_days(first + timedelta(days=1), date(year, 12, 31))
    assert all(krx.day_kind(d) is not DayKind.YEAR_OPENING for d in later)


@pytest.mark.parametrize("year", range(2018, 2030))
def test_december_31_is_closed_every_year(krx: KrxCalendar, year: int) -> None:
    assert not krx.is_trading_day(date(year, 12, 31))


def test_every_override_is_applied_and_documented(krx: KrxCalendar) -> None:
    for override in OVERRIDES:
        assert krx.day_kind(override.day) is override.kind
        assert override.reason
        assert override.source


def test_xkrx_misses_the_days_the_overrides_fix() -> None:
    # If this fails, exchange-calendars has caught up: drop the matching overrides.
    base = xkrx_base_days(date(2026, 1, 1), date(2026, 12, 31))
    assert base.kinds[date(2026, 6, 3)] is DayKind.REGULAR
    assert base.kinds[date(2026, 11, 19)] is DayKind.REGULAR
    assert base.kinds[date(2026, 7, 17)] is DayKind.REGULAR


def test_year_end_and_new_year_are_skipped(krx: KrxCalendar) -> None:
    assert krx.next_trading_day(date(2025, 12, 30)) == date(2026, 1, 2)
    assert krx.previous_trading_day(date(2026, 1, 2)) == date(2025, 12, 30)
    assert krx.next_trading_day(date(2026, 12, 30)) == date(2027, 1, 4)


@given(day=st.dates(DEFAULT_START + timedelta(days=1), DEFAULT_END - timedelta(days=14)))
def test_next_trading_day_is_the_first_trading_day_after(krx: KrxCalendar, day: date) -> None:
    following = krx.next_trading_day(day)
    assert following > day
    assert krx.is_trading_day(following)
    assert krx.trading_days(day + timedelta(days=1), following) == [following]
    assert krx.previous_trading_day(following) <= day


def test_tax_table_dates_are_the_first_sells_settling_in_the_new_year(krx: KrxCalendar) -> None:
    # Tax follows the T+2 settlement date; the table is keyed by execution date (fees.py).
    for board in (Board.KOSPI, Board.KOSDAQ):
        for rate in TAX_TABLE[board]:
            assert krx.add_trading_days(rate.since, 2).year == rate.since.year + 1
            day_before = krx.previous_trading_day(rate.since)
            assert krx.add_trading_days(day_before, 2).year == rate.since.year


def test_queries_outside_the_calendar_range_raise(krx: KrxCalendar) -> None:
    with pytest.raises(ValueError, match="outside the calendar"):
        krx.is_trading_day(date(2035, 1, 2))


def test_year_opening_moves_when_the_first_weekday_is_closed() -> None:
    base = weekday_base_days(date(2027, 1, 1), date(2027, 1, 31))
    closed = Override(date(2027, 1, 4), None, "test", "test")
    calendar = KrxCalendar(base, overrides=[closed])
    assert calendar.day_kind(date(2027, 1, 1)) is DayKind.YEAR_OPENING
    assert calendar.day_kind(date(2027, 1, 5)) is DayKind.REGULAR
    holiday = KrxCalendar(
        weekday_base_days(date(2027, 1, 1), date(2027, 1, 31), [date(2027, 1, 1)])
    )
    assert holiday.day_kind(date(2027, 1, 4)) is DayKind.YEAR_OPENING


def test_a_base_starting_mid_year_has_no_guessed_year_opening() -> None:
    calendar = KrxCalendar(weekday_base_days(date(2026, 3, 2), date(2026, 3, 31)))
    assert calendar.day_kind(date(2026, 3, 2)) is DayKind.REGULAR


def test_add_trading_days_counts_settlement_across_a_weekend(krx: KrxCalendar) -> None:
    assert krx.add_trading_days(date(2026, 11, 19), 2) == date(2026, 11, 23)
