"""Fixtures of the router's test bed (:mod:`tests.unit.actors.router.bed`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.board import SnapshotBoard
from actors.runtime.broker import BrokerHolder
from actors.runtime.services import Services
from actors.supervision import ManualScheduler, Registry
from agent.clock import ManualClock
from agent.kiwoom.config import ClientConfig
from agent.market.calendar import default_calendar
from agent.risk.limits import RiskLimits
from agent.secret import Secret
from agent.settings import Settings
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
    settings = Settings()
    built = Services(
        settings=settings,
        clock=clock,
        scheduler=ManualScheduler(clock),  # the router's own timer never fires: tests drive it
        board=SnapshotBoard(clock=clock),
        registry=Registry(),
        sessions=sessions,
        broker=BrokerHolder(),
        client_config=ClientConfig(appkey=Secret("k"), secretkey=Secret("s")),
        calendar=default_calendar(),
        risk_limits=RiskLimits.from_settings(settings.risk, settings.strategy),
    )
    built.broker.set(cast(Any, broker))
    yield built
    pykka.ActorRegistry.stop_all()


@pytest.fixture
def account(services: Services) -> pykka.ActorRef[Any]:
    """The Account double, registered where the router tells it."""
    ref = AccountDouble.start()
    services.registry.register(ids.ACCOUNT, ref)
    return ref
