"""KRX session schedule as date-keyed data, and the trading phase at a given instant.

Times are KST wall-clock (krx-market-rules.md B2). Each :class:`ScheduleEra` holds one template per
kind of day, in force from its ``since`` date; a change of hours (such as the announced KRX
pre-/after-market) is a new era, not a code change. Which kind of day a date is comes from the
calendar (:mod:`agent.market.calendar`), injected into the functions here so they stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Protocol

from agent.clock import KST

__all__ = [
    "AUCTION_RANDOM_END_MAX",
    "SCHEDULE",
    "DayKind",
    "DayTemplate",
    "Phase",
    "ScheduleEra",
    "SessionSource",
    "SessionTimes",
    "Window",
    "build_session",
    "minutes_since_open",
    "next_phase_change",
    "phase_at",
    "phase_of",
    "session_for",
    "time_since_open",
    "time_to_close",
]

# Every single-price auction (open, close, VI, after-hours rounds) ends at a random moment up to
# 30 s after its nominal end. Phases here use nominal times; the feed says when it uncrossed.
AUCTION_RANDOM_END_MAX = timedelta(seconds=30)


class DayKind(Enum):
    """What kind of trading day a date is; each kind has its own template."""

    REGULAR = "regular"
    YEAR_OPENING = "year_opening"  # first trading day of the year: opens 10:00, closes 15:30
    CSAT = "csat"  # 수능 day: everything +1 h, 10:00-16:30, single price 17:00-18:00


@dataclass(frozen=True, slots=True)
class DayTemplate:
    """KST wall-clock times of one kind of day. Windows are [start, end)."""

    pre_market_offhours: tuple[time, time]  # 장전 시간외 종가
    opening_auction: tuple[time, time]  # orders accepted; uncross (the open) at the end
    closing_auction_start: time  # continuous trading runs from the open to here
    close: time  # closing auction uncross
    post_close_offhours: tuple[time, time]  # 장후 시간외 종가, orders accepted
    post_close_trades_from: time
    after_hours: tuple[time, time] | None  # 시간외 단일가, None once abolished
    after_hours_round: timedelta = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class ScheduleEra:
    """The day templates in force from ``since`` until the next era."""

    since: date
    days: Mapping[DayKind, DayTemplate]
    source: str


def _t(text: str) -> time:
    return time.fromisoformat(text)


def _w(start: str, end: str) -> tuple[time, time]:
    return _t(start), _t(end)


_REGULAR_2016 = DayTemplate(
    pre_market_offhours=_w("08:30", "08:40"),
    opening_auction=_w("08:30", "09:00"),
    closing_auction_start=_t("15:20"),
    close=_t("15:30"),
    post_close_offhours=_w("15:30", "16:00"),
    post_close_trades_from=_t("15:40"),
    after_hours=_w("16:00", "18:00"),
)
# Year opening: regular 10:00-15:30, pre-market off-hours 09:30-09:40, post-close unchanged
# (https://wowtv.co.kr/NewsCenter/News/Read?articleId=2021010424766 ; news1 2026-01-02).
# [G] the opening auction is assumed to shift with the pre-market session (+1 h) on both days.
_YEAR_OPENING_2016 = DayTemplate(
    pre_market_offhours=_w("09:30", "09:40"),
    opening_auction=_w("09:30", "10:00"),
    closing_auction_start=_t("15:20"),
    close=_t("15:30"),
    post_close_offhours=_w("15:30", "16:00"),
    post_close_trades_from=_t("15:40"),
    after_hours=_w("16:00", "18:00"),
)
_CSAT_2016 = DayTemplate(
    pre_market_offhours=_w("09:30", "09:40"),
    opening_auction=_w("09:30", "10:00"),
    closing_auction_start=_t("16:20"),
    close=_t("16:30"),
    post_close_offhours=_w("16:30", "17:00"),
    post_close_trades_from=_t("16:40"),
    after_hours=_w("17:00", "18:00"),  # starts late, keeps its 18:00 end
)

# Oldest first. KRX announced a 07:00-08:00 pre-market and 16:00-20:00 after-market (abolishing
# the 16:00-18:00 single-price session) from 2026-06-29, but no source confirms it went live:
# add it as a new era once the broker's schedule confirms it (krx-market-rules.md B2).
SCHEDULE: tuple[ScheduleEra, ...] = (
    ScheduleEra(
        since=date(2016, 8, 1),  # close moved from 15:00 to 15:30
        days={
            DayKind.REGULAR: _REGULAR_2016,
            DayKind.YEAR_OPENING: _YEAR_OPENING_2016,
            DayKind.CSAT: _CSAT_2016,
        },
        source="krx-market-rules.md B2 (KRX global page; news1 2026-01-02; tf.co.kr CSAT)",
    ),
)


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open interval [start, end) of aware datetimes."""

    start: datetime
    end: datetime

    def __contains__(self, at: datetime) -> bool:
        return self.start <= at < self.end


@dataclass(frozen=True, slots=True)
class SessionTimes:
    """One trading day's schedule as aware KST datetimes."""

    day: date
    kind: DayKind
    pre_market_offhours: Window
    opening_auction: Window
    continuous: Window
    closing_auction: Window
    post_close_offhours: Window
    post_close_trades_from: datetime
    after_hours: Window | None
    after_hours_round: timedelta

    @property
    def open(self) -> datetime:
        """The opening auction's uncross, when continuous trading starts."""
        return self.continuous.start

    @property
    def close(self) -> datetime:
        """The closing auction's uncross (nominal; up to 30 s random end)."""
        return self.closing_auction.end

    @property
    def first_order_time(self) -> datetime:
        return min(self.pre_market_offhours.start, self.opening_auction.start)

    @property
    def last_order_time(self) -> datetime:
        """When the last session of the day (after-hours, else post-close) ends."""
        return self.post_close_offhours.end if self.after_hours is None else self.after_hours.end

    def boundaries(self) -> list[datetime]:
        """Return every instant at which :func:`phase_of` can change on this day, sorted."""
        midnight = datetime.combine(self.day, time(0), KST)
        points = {midnight, self.opening_auction.start, self.open, self.closing_auction.start}
        points |= {self.close, self.post_close_offhours.end, self.last_order_time}
        if self.after_hours is not None:
            points.add(self.after_hours.start)
        return sorted(points)


def _era(day: date, schedule: tuple[ScheduleEra, ...]) -> ScheduleEra:
    for era in reversed(schedule):
        if day >= era.since:
            return era
    raise ValueError(f"no session schedule recorded for {day}")


def build_session(
    day: date, kind: DayKind, schedule: tuple[ScheduleEra, ...] = SCHEDULE
) -> SessionTimes:
    """Return the schedule of ``day`` as a day of ``kind``, from the era in force that day."""
    tpl = _era(day, schedule).days[kind]

    def at(t: time) -> datetime:
        return datetime.combine(day, t, KST)

    def window(pair: tuple[time, time]) -> Window:
        return Window(at(pair[0]), at(pair[1]))

    opening = window(tpl.opening_auction)
    return SessionTimes(
        day=day,
        kind=kind,
        pre_market_offhours=window(tpl.pre_market_offhours),
        opening_auction=opening,
        continuous=Window(opening.end, at(tpl.closing_auction_start)),
        closing_auction=Window(at(tpl.closing_auction_start), at(tpl.close)),
        post_close_offhours=window(tpl.post_close_offhours),
        post_close_trades_from=at(tpl.post_close_trades_from),
        after_hours=None if tpl.after_hours is None else window(tpl.after_hours),
        after_hours_round=tpl.after_hours_round,
    )


class Phase(Enum):
    """The phase of the KRX regular order book."""

    CLOSED = "closed"  # not a trading day, or after the day's last session
    PRE_OPEN = "pre_open"  # a trading day before the opening auction accepts orders
    OPENING_AUCTION = "opening_auction"  # includes the pre-market off-hours session
    CONTINUOUS = "continuous"
    CLOSING_AUCTION = "closing_auction"
    POST_CLOSE = "post_close"  # 장후 시간외 종가
    AFTER_HOURS = "after_hours"  # 시간외 단일가


class SessionSource(Protocol):
    """What the phase functions need from a calendar (:class:`KrxCalendar` or a test fake)."""

    def session(self, day: date) -> SessionTimes | None:
        """Return the day's schedule, or None if the market is closed that day."""
        ...

    def next_trading_day(self, day: date) -> date:
        """Return the first trading day strictly after ``day``."""
        ...


def _kst(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return at.astimezone(KST)


def phase_of(session: SessionTimes | None, at: datetime) -> Phase:
    """Return the phase at ``at`` given the schedule of the KST day containing it."""
    at = _kst(at)
    if session is None:
        return Phase.CLOSED
    if at.date() != session.day:
        raise ValueError(f"{at} is not on {session.day}")
    if at < session.opening_auction.start:
        return Phase.PRE_OPEN
    if at < session.open:
        return Phase.OPENING_AUCTION
    if at < session.closing_auction.start:
        return Phase.CONTINUOUS
    if at < session.close:
        return Phase.CLOSING_AUCTION
    if session.after_hours is not None and at in session.after_hours:
        return Phase.AFTER_HOURS
    if at < session.last_order_time:
        return Phase.POST_CLOSE
    return Phase.CLOSED


def session_for(day: date, calendar: SessionSource) -> SessionTimes | None:
    """Return the schedule of ``day``, or None if the market is closed."""
    return calendar.session(day)


def phase_at(at: datetime, calendar: SessionSource) -> Phase:
    """Return the KRX phase at the aware instant ``at``."""
    at = _kst(at)
    return phase_of(calendar.session(at.date()), at)


def next_phase_change(at: datetime, calendar: SessionSource) -> datetime:
    """Return the first instant after ``at`` at which the phase may change (to wake a scheduler)."""
    at = _kst(at)
    session = calendar.session(at.date())
    if session is not None:
        later = [b for b in session.boundaries() if b > at]
        if later:
            return later[0]
    following = calendar.session(calendar.next_trading_day(at.date()))
    if following is None:
        raise ValueError("calendar's next trading day has no session")
    return following.boundaries()[0]


def time_since_open(at: datetime, session: SessionTimes) -> timedelta:
    """Return the time since the open (negative before it)."""
    return _kst(at) - session.open


def minutes_since_open(at: datetime, session: SessionTimes) -> int:
    """Return whole minutes since the open, floored: 0 during the first minute, -1 just before."""
    return time_since_open(at, session) // timedelta(minutes=1)


def time_to_close(at: datetime, session: SessionTimes) -> timedelta:
    """Return the time left until the nominal close (negative after it)."""
    return session.close - _kst(at)
