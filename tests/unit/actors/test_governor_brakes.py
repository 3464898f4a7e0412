"""The governor's brakes reach everyone who acts on them: the dashboards through the live
stream, the router through its messages (every change, and again each second until a router
that was starting when they moved has heard them)."""

from __future__ import annotations

from collections.abc import Iterator

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.board import Topic
from actors.messages import Wanted
from actors.risk.actor import RiskGovernor
from actors.risk.messages import (
    BrakesChanged,
    CheckExits,
    EngageKillSwitch,
    GovernorBrakes,
    ReleaseKillSwitch,
    SetEntriesPaused,
    SetFrozen,
)
from actors.runtime.services import Services
from tests.support.inbox import Inbox, told
from tests.support.waiting import wait_until
from tests.unit.actors.governor_bed import FakeAccount, governor_services


@pytest.fixture
def services(sessions: sessionmaker[Session]) -> Iterator[Services]:
    yield governor_services(sessions)
    pykka.ActorRegistry.stop_all()


def test_a_freeze_pulled_anywhere_is_said_on_the_live_stream(services: Services) -> None:
    """The dashboard's freeze banner refetches on it: a freeze from the CLI shows at once."""
    services.registry.register(ids.ROUTER, Inbox.start())
    services.registry.register(ids.ACCOUNT, FakeAccount.start())
    risk = RiskGovernor.start(None, services)

    def brakes() -> list[BrakesChanged]:
        events = services.board.recent(topics=(Topic.SYSTEM_STATUS,))
        return [e.data for e in events if isinstance(e.data, BrakesChanged)]

    risk.ask(SetFrozen(frozen=True, by="test"), timeout=5)
    wait_until(brakes, timeout=5)
    risk.ask(SetFrozen(frozen=False, by="test"), timeout=5)
    said = wait_until(lambda: brakes() if len(brakes()) == 2 else None, timeout=5)

    assert [b.frozen for b in said] == [True, False]
    assert not any(b.kill_switch for b in said)


def test_the_governor_tells_the_router_every_change_of_its_brakes(services: Services) -> None:
    """The router cancels working entries and re-sends no exit by what it was told: each
    brake is told as it moves, and a router that has just started asks for them."""
    router = Inbox.start()
    services.registry.register(ids.ROUTER, router)
    services.registry.register(ids.ACCOUNT, FakeAccount.start())
    risk = RiskGovernor.start(None, services)
    commands = (
        SetFrozen(frozen=True, by="test"),
        SetFrozen(frozen=False, by="test"),
        EngageKillSwitch(reason="drill", by="test"),
        ReleaseKillSwitch(by="test"),
        SetEntriesPaused(paused=True, by="test"),
    )
    for command in commands:
        risk.ask(command, timeout=5)

    def told() -> list[tuple[bool, bool]]:
        messages = router.proxy().messages().get(timeout=5)
        return [(m.frozen, m.entries_blocked) for m in messages if type(m) is GovernorBrakes]

    said = wait_until(lambda: told() if len(told()) == 6 else None, timeout=5)

    assert said == [
        (False, False),  # the governor's start
        (True, True),  # a freeze stops every automatic order, entries too
        (False, False),
        (False, True),  # the kill switch and the pause block entries only
        (False, False),
        (False, True),
    ]
    assert risk.ask(Wanted(), timeout=5) == GovernorBrakes(frozen=False, entries_blocked=True)


def test_a_router_that_missed_a_freeze_while_starting_hears_it_within_a_second(
    services: Services,
) -> None:
    services.registry.register(ids.ACCOUNT, FakeAccount.start())
    risk = RiskGovernor.start(None, services)
    risk.ask(SetFrozen(frozen=True, by="test"), timeout=5)  # no router registered: dropped
    router = Inbox.start()
    services.registry.register(ids.ROUTER, router)

    risk.ask(CheckExits(), timeout=5)  # the governor's tick, whatever the phase or the freeze

    assert told(router, GovernorBrakes) == [GovernorBrakes(frozen=True, entries_blocked=True)]
