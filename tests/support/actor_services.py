"""The services an actor under test runs on: settings, a clock, a scheduler, a board, a
registry, the database and a broker holder (set the broker double with ``broker``)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.orm import Session, sessionmaker

from actors.board import SnapshotBoard
from actors.runtime.broker import BrokerHolder
from actors.runtime.services import Services
from actors.supervision import ManualScheduler, Registry
from actors.supervision.scheduler import Scheduler
from agent.clock import ManualClock
from agent.kiwoom.config import ClientConfig
from agent.market.calendar import default_calendar
from agent.risk.limits import RiskLimits
from agent.secret import Secret
from agent.settings import Settings


def actor_services(
    sessions: sessionmaker[Session],
    clock: ManualClock,
    *,
    settings: Settings | None = None,
    scheduler: Scheduler | None = None,
    board: SnapshotBoard | None = None,
    broker: object | None = None,
) -> Services:
    """Return services on ``clock``; by default the timers fire only when the test advances
    the :class:`ManualScheduler`, and the board is stamped by ``clock``."""
    settings = settings or Settings()
    built = Services(
        settings=settings,
        clock=clock,
        scheduler=scheduler or ManualScheduler(clock),
        board=board or SnapshotBoard(clock=clock),
        registry=Registry(),
        sessions=sessions,
        broker=BrokerHolder(),
        client_config=ClientConfig(appkey=Secret("k"), secretkey=Secret("s")),
        calendar=default_calendar(),
        risk_limits=RiskLimits.from_settings(settings.risk, settings.strategy),
    )
    if broker is not None:
        built.broker.set(cast(Any, broker))
    return built
