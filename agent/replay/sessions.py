"""The exchange's day as the replay and the what-if read it: session, phase, late-open shift."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from agent.clock import KST
from agent.market.calendar import KrxCalendar
from agent.market.sessions import Phase, SessionTimes, phase_of
from agent.strategy.thresholds import window_shift_for

__all__ = ["Sessions"]


class Sessions:
    """KRX sessions by day, read from the calendar once each."""

    def __init__(self, calendar: KrxCalendar) -> None:
        self._calendar = calendar
        self._days: dict[date, SessionTimes | None] = {}

    def session(self, now: datetime) -> SessionTimes | None:
        day = now.astimezone(KST).date()
        if day not in self._days:
            self._days[day] = self._calendar.session(day)
        return self._days[day]

    def phase(self, now: datetime) -> Phase:
        return phase_of(self.session(now), now)

    def shift(self, now: datetime) -> timedelta:
        """How far the day's open is from 09:00 (its windows move with it)."""
        session = self.session(now)
        return window_shift_for(session.open) if session is not None else timedelta(0)
