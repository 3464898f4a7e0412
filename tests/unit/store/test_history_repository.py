"""What a fetch has read: a stock counts as read only with no gap in the range; the broker's
minute bars replace the agent's own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from agent.clock import KST
from agent.history import DayBar, MinuteBar
from agent.marketdata import Bar as LiveBar
from agent.store.repositories.history import HistoryRepository
from agent.store.repositories.market import BarRepository

DAYS = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)]


def _day(code: str, day: date) -> DayBar:
    return DayBar(
        code=code,
        day=day,
        open=100,
        high=110,
        low=90,
        close=105,
        volume=10,
        turnover=1_000,
        base=100,
    )


def test_a_stock_with_a_gap_in_the_range_is_not_read(sessions: sessionmaker[Session]) -> None:
    repo = HistoryRepository(sessions)
    repo.save_daily("000010", [_day("000010", d) for d in DAYS if d != DAYS[2]], DAYS[-1])
    repo.save_daily("000020", [_day("000020", d) for d in DAYS], DAYS[-1])

    assert repo.daily_read(DAYS[-1], DAYS[0], len(DAYS)) == {"000020"}
    # Read up to an earlier day only: not read for a range ending later.
    assert repo.daily_read(date(2026, 11, 27), DAYS[0], len(DAYS)) == set()

    repo.save_daily("000010", [_day("000010", DAYS[2])], DAYS[-1])
    assert repo.daily_read(DAYS[-1], DAYS[0], len(DAYS)) == {"000010", "000020"}


def test_the_brokers_minute_bars_replace_the_agents_own(sessions: sessionmaker[Session]) -> None:
    start = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
    BarRepository(sessions).insert_many(
        [
            LiveBar(
                code="000010",
                start=start,
                open=100,
                high=100,
                low=100,
                close=100,
                volume=3,
                turnover_won=300,
                trades=1,
            )
        ]
    )
    repo = HistoryRepository(sessions)
    whole = MinuteBar(code="000010", start=start, open=100, high=104, low=99, close=103, volume=50)

    repo.save_minutes("000010", start.date(), [whole])
    repo.save_minutes("000020", start.date(), [])

    assert repo.minutes_of("000010", start.date()) == [whole]
    assert repo.minutes_read(start.date(), start.date()) == {start.date(): {"000010", "000020"}}
    assert repo.minutes_read(start.date(), start.date(), with_bars=True) == {
        start.date(): {"000010"}
    }
