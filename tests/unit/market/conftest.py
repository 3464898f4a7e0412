"""Calendars for the market tests: the real XKRX one is built once per test session."""

from __future__ import annotations

from datetime import date

import pytest

from agent.market.calendar import KrxCalendar, Override, default_calendar, weekday_base_days
from agent.market.sessions import DayKind

CSAT_2025 = date(2025, 11, 13)


@pytest.fixture(scope="session")
def krx() -> KrxCalendar:
    """Return the production calendar (XKRX plus overrides); about two seconds to build."""
    return default_calendar()


@pytest.fixture(scope="session")
def fake_calendar() -> KrxCalendar:
    """Return a weekdays-only calendar for 2025-2027 with one CSAT day, built in microseconds."""
    new_years = [date(year, 1, 1) for year in (2025, 2026, 2027)]
    base = weekday_base_days(date(2025, 1, 1), date(2027, 12, 31), holidays=new_years)
    csat = Override(CSAT_2025, DayKind.CSAT, "test", "test")
    return KrxCalendar(base, overrides=[csat])
