"""Each day's journal replays on its own: a governor that runs past midnight journals what the
new day's core starts from."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors.risk.actor import RiskGovernor
from actors.runtime.services import Services
from actors.scheduler.messages import PhaseChanged
from agent import journal
from agent.clock import KST, ManualClock
from agent.market.sessions import Phase
from tests.support.actor_services import actor_services

EVENING = datetime(2026, 12, 3, 20, 0, tzinfo=KST)
MORNING = datetime(2026, 12, 4, 8, 30, tzinfo=KST)


@pytest.fixture
def journaled(
    sessions: sessionmaker[Session], tmp_path: Path
) -> Iterator[tuple[Services, ManualClock, Path]]:
    clock = ManualClock(EVENING)
    services = actor_services(sessions, clock, live=True)
    writer = journal.JournalWriter(tmp_path, clock)
    yield dataclasses.replace(services, journal=writer), clock, tmp_path
    pykka.ActorRegistry.stop_all()
    writer.close()


def test_a_new_day_journal_starts_with_the_parameters_and_the_cores_start(
    journaled: tuple[Services, ManualClock, Path],
) -> None:
    services, clock, directory = journaled
    risk = RiskGovernor.start(None, services)
    assert risk.proxy().accepts_entries().get(timeout=5)  # started (on the evening's clock)
    clock.advance((MORNING - EVENING).total_seconds())
    risk.ask(
        PhaseChanged(
            trading_date=MORNING.date(),
            phase=Phase.PRE_OPEN,
            previous=Phase.CLOSED,
            at=MORNING,
        ),
        timeout=5,
    )
    risk.stop()
    assert services.journal is not None
    services.journal.close()

    for day in (EVENING.date(), MORNING.date()):
        events = [e.event for e in journal.read_entries(journal.journal_path(directory, day))]
        kinds = [type(e) for e in events]
        assert journal.Configured in kinds, day
        [started] = [e for e in events if isinstance(e, journal.Started)]
        assert started.format == journal.REPLAY_FORMAT
