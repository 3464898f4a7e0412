"""Fixtures of the router's test bed (:mod:`tests.unit.actors.router.bed`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.runtime.services import Services
from agent.clock import ManualClock
from tests.support.actor_services import actor_services
from tests.unit.actors.router.bed import NOW, AccountDouble, SharedSession


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def broker(clock: ManualClock) -> SharedSession:
    return SharedSession(clock)


@pytest.fixture
def services(
    sessions: sessionmaker[Session], clock: ManualClock, broker: SharedSession
) -> Iterator[Services]:
    # The scheduler is manual: the actor's own timers never fire, the tests drive them.
    yield actor_services(sessions, clock, broker=broker)
    pykka.ActorRegistry.stop_all()


@pytest.fixture
def account(services: Services) -> pykka.ActorRef[Any]:
    """The Account double, registered where the router tells it."""
    ref = AccountDouble.start()
    services.registry.register(ids.ACCOUNT, ref)
    return ref
