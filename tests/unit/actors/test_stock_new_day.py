"""A code watched across midnight (the agent holds it) starts the next day afresh: today's price
limits and stock information from the broker, today's opening range and volume."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.risk.messages import PriceObserved
from actors.runtime.services import Services
from actors.stock.actor import StockActor
from actors.stock.messages import CloseBar, NewsScoreChanged, StockSnapshot
from agent.clock import KST, ManualClock
from tests.support.actor_services import actor_services
from tests.support.inbox import Inbox, told
from tests.unit.actors.stock_bed import CODE, MONDAY, DaySession, trade

TUESDAY_EARLY = datetime(2026, 11, 24, 8, 0, 30, tzinfo=KST)
TUESDAY_OPEN = datetime(2026, 11, 24, 9, 1, tzinfo=KST)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY)


@pytest.fixture
def broker(clock: ManualClock) -> DaySession:
    return DaySession(clock)


@pytest.fixture
def services(
    sessions: sessionmaker[Session], clock: ManualClock, broker: DaySession
) -> Iterator[Services]:
    # The scheduler is manual: the actor's own timers never fire, the tests drive them.
    yield actor_services(sessions, clock, broker=broker)
    pykka.ActorRegistry.stop_all()


def observed(risk: pykka.ActorRef[Any]) -> list[PriceObserved]:
    return told(risk, PriceObserved)


def test_a_code_watched_overnight_takes_the_new_days_limits_and_starts_afresh(
    services: Services, clock: ManualClock, broker: DaySession
) -> None:
    risk = Inbox.start()
    services.registry.register(ids.RISK, risk)
    stock = StockActor.start(None, services, CODE)
    stock.ask(trade(MONDAY, 70_500), timeout=5)
    stock.ask(NewsScoreChanged(score=80), timeout=5)  # a forced publish
    assert observed(risk)[-1].lower_limit == 49_000

    clock.advance((TUESDAY_EARLY - MONDAY).total_seconds())
    stock.ask(CloseBar(), timeout=5)
    clock.advance((TUESDAY_OPEN - TUESDAY_EARLY).total_seconds())
    stock.ask(trade(TUESDAY_OPEN, 60_100), timeout=5)
    stock.ask(NewsScoreChanged(score=80), timeout=5)

    latest = observed(risk)[-1]
    assert (latest.base_price, latest.lower_limit, latest.upper_limit) == (60_000, 42_000, 78_000)
    snapshot = services.board.snapshot(ids.stock_id(CODE))
    assert snapshot is not None
    data = cast(StockSnapshot, snapshot.data)
    assert data.volume == 10, "Tuesday's volume alone"
    assert data.or_high == 60_100, "Tuesday's opening range"
    assert broker.calls.count("ka10100") == 2, "the stock information read again"


def test_a_close_bar_the_same_day_does_not_rebuild(
    services: Services, clock: ManualClock, broker: DaySession
) -> None:
    services.registry.register(ids.RISK, Inbox.start())
    stock = StockActor.start(None, services, CODE)

    clock.advance(3_600)
    stock.ask(CloseBar(), timeout=5)

    assert broker.calls == ["ka10001", "ka10100"]
