"""Session schedule and trading phases (krx-market-rules.md B2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.clock import KST
from agent.market.calendar import KrxCalendar, weekday_base_days
from agent.market.sessions import (
    SCHEDULE,
    DayKind,
    DayTemplate,
    Phase,
    ScheduleEra,
    build_session,
    minutes_since_open,
    next_phase_change,
    phase_at,
    session_for,
    time_since_open,
    time_to_close,
)

REGULAR_DAY = date(2026, 3, 4)  # a Wednesday
YEAR_OPENING = date(2026, 1, 2)
CSAT_2025 = date(2025, 11, 13)  # a CSAT day in the fake calendar too (conftest.py)


def kst(day: date, hhmmss: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmmss), KST)


@pytest.mark.parametrize(
    ("clock", "phase"),
    [
        ("00:00:00", Phase.PRE_OPEN),
        ("08:29:59", Phase.PRE_OPEN),
        ("08:30:00", Phase.OPENING_AUCTION),
        ("08:59:59", Phase.OPENING_AUCTION),
        ("09:00:00", Phase.CONTINUOUS),
        ("15:19:59", Phase.CONTINUOUS),
        ("15:20:00", Phase.CLOSING_AUCTION),
        ("15:29:59", Phase.CLOSING_AUCTION),
        ("15:30:00", Phase.POST_CLOSE),
        ("15:59:59", Phase.POST_CLOSE),
        ("16:00:00", Phase.AFTER_HOURS),
        ("17:59:59", Phase.AFTER_HOURS),
        ("18:00:00", Phase.CLOSED),
        ("23:59:59", Phase.CLOSED),
    ],
)
def test_phase_on_a_regular_day(fake_calendar: KrxCalendar, clock: str, phase: Phase) -> None:
    assert phase_at(kst(REGULAR_DAY, clock), fake_calendar) is phase


@pytest.mark.parametrize(
    ("clock", "phase"),
    [
        ("09:00:00", Phase.PRE_OPEN),
        ("09:30:00", Phase.OPENING_AUCTION),
        ("10:00:00", Phase.CONTINUOUS),
        ("16:19:59", Phase.CONTINUOUS),
        ("16:20:00", Phase.CLOSING_AUCTION),
        ("16:30:00", Phase.POST_CLOSE),
        ("17:00:00", Phase.AFTER_HOURS),
        ("18:00:00", Phase.CLOSED),
    ],
)
def test_everything_shifts_an_hour_on_csat_day(
    fake_calendar: KrxCalendar, clock: str, phase: Phase
) -> None:
    assert phase_at(kst(CSAT_2025, clock), fake_calendar) is phase


@pytest.mark.parametrize(
    ("clock", "phase"),
    [
        ("09:00:00", Phase.PRE_OPEN),
        ("09:30:00", Phase.OPENING_AUCTION),
        ("10:00:00", Phase.CONTINUOUS),
        ("15:20:00", Phase.CLOSING_AUCTION),
        ("15:30:00", Phase.POST_CLOSE),
        ("16:00:00", Phase.AFTER_HOURS),
    ],
)
def test_the_first_day_of_the_year_opens_late_and_closes_as_usual(
    fake_calendar: KrxCalendar, clock: str, phase: Phase
) -> None:
    assert phase_at(kst(YEAR_OPENING, clock), fake_calendar) is phase


def test_weekends_and_holidays_are_closed_all_day(fake_calendar: KrxCalendar) -> None:
    assert phase_at(kst(date(2026, 3, 7), "10:00:00"), fake_calendar) is Phase.CLOSED
    assert phase_at(kst(date(2025, 1, 1), "10:00:00"), fake_calendar) is Phase.CLOSED


def test_phase_accepts_any_timezone_and_refuses_naive_datetimes(
    fake_calendar: KrxCalendar,
) -> None:
    assert phase_at(datetime(2026, 3, 4, 0, 0, tzinfo=UTC), fake_calendar) is Phase.CONTINUOUS
    with pytest.raises(ValueError, match="timezone-aware"):
        phase_at(datetime(2026, 3, 4, 10, 0), fake_calendar)


def test_session_for_a_regular_day_lists_every_segment(fake_calendar: KrxCalendar) -> None:
    session = session_for(REGULAR_DAY, fake_calendar)
    assert session is not None
    assert session.pre_market_offhours.start == kst(REGULAR_DAY, "08:30")
    assert session.pre_market_offhours.end == kst(REGULAR_DAY, "08:40")
    assert session.opening_auction.start == kst(REGULAR_DAY, "08:30")
    assert session.open == kst(REGULAR_DAY, "09:00")
    assert session.closing_auction.start == kst(REGULAR_DAY, "15:20")
    assert session.close == kst(REGULAR_DAY, "15:30")
    assert session.post_close_trades_from == kst(REGULAR_DAY, "15:40")
    assert session.after_hours is not None
    assert session.after_hours.end == kst(REGULAR_DAY, "18:00")
    assert session.after_hours_round == timedelta(minutes=10)


def test_session_for_a_closed_day_is_none(fake_calendar: KrxCalendar) -> None:
    assert session_for(date(2026, 3, 7), fake_calendar) is None


def test_csat_day_keeps_the_off_hours_sessions_shifted(fake_calendar: KrxCalendar) -> None:
    session = session_for(CSAT_2025, fake_calendar)
    assert session is not None
    assert session.pre_market_offhours.start == kst(CSAT_2025, "09:30")
    assert session.post_close_trades_from == kst(CSAT_2025, "16:40")
    assert session.after_hours is not None
    assert session.after_hours.start == kst(CSAT_2025, "17:00")


def test_minutes_since_open_floors_and_is_negative_before_the_open(
    fake_calendar: KrxCalendar,
) -> None:
    session = session_for(REGULAR_DAY, fake_calendar)
    assert session is not None
    assert minutes_since_open(kst(REGULAR_DAY, "08:59:59"), session) == -1
    assert minutes_since_open(kst(REGULAR_DAY, "09:00:59"), session) == 0
    assert minutes_since_open(kst(REGULAR_DAY, "09:15:00"), session) == 15
    assert time_since_open(kst(REGULAR_DAY, "09:00:30"), session) == timedelta(seconds=30)
    assert time_to_close(kst(REGULAR_DAY, "15:00"), session) == timedelta(minutes=30)


def test_minutes_since_open_counts_from_ten_on_csat_day(fake_calendar: KrxCalendar) -> None:
    session = session_for(CSAT_2025, fake_calendar)
    assert session is not None
    assert minutes_since_open(kst(CSAT_2025, "10:05"), session) == 5


@pytest.mark.parametrize(
    ("now", "change"),
    [
        (datetime(2026, 3, 4, 8, 0, tzinfo=KST), datetime(2026, 3, 4, 8, 30, tzinfo=KST)),
        (datetime(2026, 3, 4, 9, 0, tzinfo=KST), datetime(2026, 3, 4, 15, 20, tzinfo=KST)),
        (datetime(2026, 3, 4, 17, 0, tzinfo=KST), datetime(2026, 3, 4, 18, 0, tzinfo=KST)),
        (datetime(2026, 3, 6, 18, 0, tzinfo=KST), datetime(2026, 3, 9, 0, 0, tzinfo=KST)),
    ],
)
def test_next_phase_change(fake_calendar: KrxCalendar, now: datetime, change: datetime) -> None:
    assert next_phase_change(now, fake_calendar) == change


@given(
    now=st.datetimes(datetime(2025, 11, 10), datetime(2026, 1, 10)).map(
        lambda d: d.replace(tzinfo=KST)
    )
)
def test_the_phase_holds_until_the_next_phase_change(
    fake_calendar: KrxCalendar, now: datetime
) -> None:
    change = next_phase_change(now, fake_calendar)
    assert change > now
    assert phase_at(change - timedelta(microseconds=1), fake_calendar) is phase_at(
        now, fake_calendar
    )


def test_phase_uses_the_real_calendar_overrides(krx: KrxCalendar) -> None:
    assert phase_at(kst(date(2026, 6, 3), "10:00"), krx) is Phase.CLOSED
    assert phase_at(kst(date(2025, 11, 13), "09:30"), krx) is Phase.OPENING_AUCTION


def test_a_new_schedule_era_takes_effect_from_its_date() -> None:
    regular = SCHEDULE[-1].days[DayKind.REGULAR]
    no_single_price = DayTemplate(
        pre_market_offhours=regular.pre_market_offhours,
        opening_auction=regular.opening_auction,
        closing_auction_start=regular.closing_auction_start,
        close=regular.close,
        post_close_offhours=regular.post_close_offhours,
        post_close_trades_from=regular.post_close_trades_from,
        after_hours=None,
    )
    era = ScheduleEra(date(2030, 1, 1), {DayKind.REGULAR: no_single_price}, "test")
    schedule = (*SCHEDULE, era)
    calendar = KrxCalendar(
        weekday_base_days(date(2029, 12, 1), date(2030, 1, 31)), overrides=(), schedule=schedule
    )
    assert phase_at(kst(date(2029, 12, 28), "16:30"), calendar) is Phase.AFTER_HOURS
    assert phase_at(kst(date(2030, 1, 7), "16:30"), calendar) is Phase.CLOSED


def test_there_is_no_schedule_before_the_1530_close() -> None:
    with pytest.raises(ValueError, match="no session schedule"):
        build_session(date(2016, 7, 29), DayKind.REGULAR)
