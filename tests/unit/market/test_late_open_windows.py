"""Late-opening days move the strategy's window with the open (issue #12, point 8).

On the year's first trading day and on CSAT day KRX opens at 10:00 (krx-market-rules.md B2): the
default 09:00-10:00 window becomes 10:00-11:00 for the scanner and for the entry rule, with the
shift taken from the production calendar's session as the StockActor takes it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from agent.clock import KST
from agent.market.calendar import KrxCalendar
from agent.market.sessions import session_for
from agent.marketdata import new_stock_state
from agent.settings.components import StrategySettings
from agent.strategy.entry import EntryContext, evaluate_entry
from agent.strategy.reasons import Reason
from agent.strategy.scanner import RankEntry, scan
from agent.strategy.thresholds import in_window_at, thresholds, window_shift_for

DEFAULT = StrategySettings()  # window 09:00-10:00
LATE_OPENING_DAYS = [date(2026, 1, 2), date(2026, 11, 19)]  # year opening, 2027학년도 CSAT
# (time of day, inside the window?) on a day opening at 10:00.
EDGES = [
    (time(9, 0), False),
    (time(9, 30), False),
    (time(9, 59, 59), False),
    (time(10, 0), True),
    (time(10, 30), True),
    (time(10, 59, 59), True),
    (time(11, 0), False),
]


def shift_on(krx: KrxCalendar, day: date) -> timedelta:
    session = session_for(day, krx)
    assert session is not None
    return window_shift_for(session.open)


def window_reason(reasons: tuple[Reason, ...]) -> Reason:
    return next(r for r in reasons if r in (Reason.IN_WINDOW, Reason.OUT_OF_WINDOW))


@pytest.mark.parametrize("day", LATE_OPENING_DAYS)
def test_a_late_opening_day_shifts_the_window_by_one_hour(krx: KrxCalendar, day: date) -> None:
    assert shift_on(krx, day) == timedelta(hours=1)


def test_a_regular_day_does_not_shift_the_window(krx: KrxCalendar) -> None:
    assert shift_on(krx, date(2026, 11, 24)) == timedelta(0)


@pytest.mark.parametrize("day", LATE_OPENING_DAYS)
@pytest.mark.parametrize(("clock", "inside"), EDGES)
def test_the_scanner_window_is_ten_to_eleven(
    krx: KrxCalendar, day: date, clock: time, inside: bool
) -> None:
    now = datetime.combine(day, clock, KST)
    leader = RankEntry(code="A", price=10_000, change_bps=500, volume=1, turnover_won=10**10)

    watch = scan([leader], [], [], {"A": 80}, DEFAULT, now, window_shift=shift_on(krx, day))

    candidate = (*watch.selected, *watch.dropped)[0]
    assert window_reason(candidate.reasons) is (
        Reason.IN_WINDOW if inside else Reason.OUT_OF_WINDOW
    )
    assert watch.codes == (("A",) if inside else ())


@pytest.mark.parametrize("day", LATE_OPENING_DAYS)
@pytest.mark.parametrize(("clock", "inside"), EDGES)
def test_the_entry_rule_window_is_ten_to_eleven(
    krx: KrxCalendar, day: date, clock: time, inside: bool
) -> None:
    session = session_for(day, krx)
    assert session is not None
    now = datetime.combine(day, clock, KST)
    shift = shift_on(krx, day)
    state = new_stock_state("005930", open_at=session.open, opening_range_minutes=5)

    result = evaluate_entry(state, EntryContext(watch_rank=1, news_score=80), DEFAULT, now,
                            window_shift=shift)  # fmt: skip

    expected = Reason.IN_WINDOW if inside else Reason.OUT_OF_WINDOW
    assert window_reason(result.reasons) is expected
    # The StockActor's per-tick gate (entry_timely) asks the same question in seconds.
    assert in_window_at(thresholds(DEFAULT), now.timestamp(), shift.total_seconds()) is inside
