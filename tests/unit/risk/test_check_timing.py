"""The governor's window and EOD cut-off follow today's session (issue #12, point 8).

The strategy's 09:00-10:00 window moves to 10:00-11:00 on late-opening days (the year's first
trading day, CSAT day); the governor must accept the entries it signals then. On CSAT day the
closing auction starts at 16:20, so the EOD exit (and the entry cut-off) starts at 16:20 minus the
lead rather than at the regular 15:10.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest

from actors.risk.market import market_view
from actors.risk.messages import PriceObserved
from actors.runtime.services import Services
from agent.clock import KST
from agent.domain.intents import Approved, Decision, Rejected
from agent.market.calendar import default_calendar
from agent.market.sessions import DayKind, Phase, SessionTimes, build_session, phase_of
from agent.risk.check import check_intent
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.state import GovernorState
from agent.strategy.thresholds import window_shift_for
from tests.unit.risk.builders import CODE, account, entry, limits, market

YEAR_OPENING = build_session(date(2026, 1, 2), DayKind.YEAR_OPENING)
CSAT = build_session(date(2026, 11, 19), DayKind.CSAT)
REGULAR = build_session(date(2026, 11, 24), DayKind.REGULAR)
WIDE = (time(9), time(15, 30))  # written against 09:00: 10:00-16:30 on a late-opening day


def view_on(session: SessionTimes, now: datetime, **overrides: Any) -> MarketView:
    """The view actors/risk/market.py builds on ``session``'s day, at ``now``."""
    values: dict[str, Any] = {
        "phase": phase_of(session, now),
        "window_shift": window_shift_for(session.open),
        "closing_auction_start": session.closing_auction.start,
    }
    values.update(overrides)
    return market(**values)


def decide(session: SessionTimes, clock: time, lim: RiskLimits | None = None) -> Decision:
    now = datetime.combine(session.day, clock, KST)
    lim = lim or limits()
    mkt = view_on(session, now)
    return check_intent(entry(at=now), lim, account(), mkt, GovernorState.ACTIVE, now)


def reasons(decision: Decision) -> set[str]:
    return set(decision.reasons) if isinstance(decision, Rejected) else set()


@pytest.mark.parametrize("session", [YEAR_OPENING, CSAT], ids=["year_opening", "csat"])
@pytest.mark.parametrize("clock", [time(10), time(10, 30), time(10, 59, 59)])
def test_a_late_opening_day_takes_entries_from_ten_to_eleven(
    session: SessionTimes, clock: time
) -> None:
    assert isinstance(decide(session, clock), Approved)


@pytest.mark.parametrize("session", [YEAR_OPENING, CSAT], ids=["year_opening", "csat"])
@pytest.mark.parametrize(
    ("clock", "reason"),
    [
        (time(9, 0), "MARKET_CLOSED"),  # before the 09:30 opening auction
        (time(9, 30), "OUT_OF_WINDOW"),  # opening auction
        (time(9, 59, 59), "OUT_OF_WINDOW"),
        (time(11), "OUT_OF_WINDOW"),
        (time(12), "OUT_OF_WINDOW"),
    ],
)
def test_a_late_opening_day_refuses_entries_outside_ten_to_eleven(
    session: SessionTimes, clock: time, reason: str
) -> None:
    assert reasons(decide(session, clock)) == {reason}


@pytest.mark.parametrize("clock", [time(9, 30), time(9, 59, 59), time(11)])
def test_the_shifted_window_alone_refuses_outside_ten_to_eleven(clock: time) -> None:
    now = datetime.combine(YEAR_OPENING.day, clock, KST)
    trading = view_on(YEAR_OPENING, now, phase=Phase.CONTINUOUS)  # the phase passes: the window
    decision = check_intent(entry(at=now), limits(), account(), trading, GovernorState.ACTIVE, now)

    assert reasons(decision) == {"OUT_OF_WINDOW"}


def test_without_the_shift_the_governor_would_refuse_what_the_strategy_signals() -> None:
    now = datetime(2026, 1, 2, 10, 30, tzinfo=KST)
    unshifted = view_on(YEAR_OPENING, now, window_shift=timedelta(0))
    decision = check_intent(
        entry(at=now), limits(), account(), unshifted, GovernorState.ACTIVE, now
    )

    assert reasons(decision) == {"OUT_OF_WINDOW"}


@pytest.mark.parametrize(
    ("clock", "window"),
    [
        (time(9, 0), None),
        (time(9, 30), None),
        (time(9, 59, 59), None),
        (time(10, 0), None),
        (time(15, 9, 59), WIDE),
        (time(15, 10), WIDE),
        (time(15, 25), WIDE),
    ],
)
def test_a_regular_day_decides_as_a_view_without_session_fields(
    clock: time, window: tuple[time, time] | None
) -> None:
    now = datetime.combine(REGULAR.day, clock, KST)
    lim = limits() if window is None else limits(entry_window=window)
    filled = view_on(REGULAR, now)
    bare = market(phase=phase_of(REGULAR, now))

    assert filled.window_shift == timedelta(0)
    with_fields = check_intent(entry(at=now), lim, account(), filled, GovernorState.ACTIVE, now)
    without = check_intent(entry(at=now), lim, account(), bare, GovernorState.ACTIVE, now)
    assert with_fields == without


def test_on_csat_day_the_eod_cut_off_follows_the_1620_closing_auction() -> None:
    wide = limits(entry_window=WIDE)  # 10:00-16:30 on CSAT day; lead 10 min (15:10 setting)

    assert isinstance(decide(CSAT, time(15, 30), wide), Approved)  # regular 15:10 cut is past
    assert isinstance(decide(CSAT, time(16, 9, 59), wide), Approved)
    assert reasons(decide(CSAT, time(16, 10), wide)) == {"OUT_OF_WINDOW"}
    assert reasons(decide(CSAT, time(16, 19), wide)) == {"OUT_OF_WINDOW"}
    hold = limits(entry_window=WIDE, eod_exit="hold")
    assert isinstance(decide(CSAT, time(16, 15), hold), Approved)


def test_on_csat_day_the_cut_off_moves_with_a_longer_lead() -> None:
    lead = limits(entry_window=WIDE, eod_exit_lead=timedelta(minutes=30))  # 14:50 setting

    assert isinstance(decide(CSAT, time(15, 49, 59), lead), Approved)
    assert reasons(decide(CSAT, time(15, 50), lead)) == {"OUT_OF_WINDOW"}


def test_the_year_opening_keeps_the_regular_eod_cut_off() -> None:
    wide = limits(entry_window=WIDE)

    assert isinstance(decide(YEAR_OPENING, time(15, 9, 59), wide), Approved)
    assert reasons(decide(YEAR_OPENING, time(15, 10), wide)) == {"OUT_OF_WINDOW"}


# The risk actor fills the fields from services.calendar (agent.market.sessions.session_for).
def services() -> Services:
    return cast(Services, SimpleNamespace(calendar=default_calendar()))


def seen(at: datetime) -> PriceObserved:
    return PriceObserved(
        code=CODE, price=70_000, at=at, base_price=68_000, upper_limit=None, lower_limit=None
    )


@pytest.mark.parametrize(
    ("now", "shift", "auction"),
    [
        (datetime(2026, 1, 2, 10, 30, tzinfo=KST), timedelta(hours=1), time(15, 20)),
        (datetime(2026, 11, 19, 10, 30, tzinfo=KST), timedelta(hours=1), time(16, 20)),
        (datetime(2026, 11, 24, 9, 30, tzinfo=KST), timedelta(0), time(15, 20)),
    ],
)
def test_the_risk_actor_view_carries_todays_session(
    now: datetime, shift: timedelta, auction: time
) -> None:
    view = market_view(CODE, now, seen(now), services())

    assert view.phase is Phase.CONTINUOUS
    assert view.window_shift == shift
    assert view.closing_auction_start == datetime.combine(now.date(), auction, KST)
    approved = check_intent(entry(at=now), limits(), account(), view, GovernorState.ACTIVE, now)
    assert isinstance(approved, Approved)


def test_the_risk_actor_view_on_a_closed_day_has_no_session() -> None:
    now = datetime(2026, 7, 17, 10, 30, tzinfo=KST)  # 제헌절
    view = market_view(CODE, now, seen(now), services())

    assert view.phase is Phase.CLOSED
    assert (view.window_shift, view.closing_auction_start) == (timedelta(0), None)
    decision = check_intent(entry(at=now), limits(), account(), view, GovernorState.ACTIVE, now)
    assert reasons(decision) == {"MARKET_CLOSED"}
