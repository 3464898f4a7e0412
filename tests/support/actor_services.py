"""The services an actor under test runs on: settings, a clock, a scheduler, a board, a
registry, the database and a broker holder (set the broker double with ``broker``)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.orm import Session, sessionmaker

from actors.board import SnapshotBoard
from actors.runtime.broker import BrokerHolder
from actors.runtime.live_config import LiveConfig
from actors.runtime.services import Services
from actors.supervision import ManualScheduler, Registry
from actors.supervision.scheduler import Scheduler
from agent.clock import Clock, ManualClock, RealClock
from agent.kiwoom.config import ClientConfig
from agent.market.calendar import default_calendar
from agent.risk.limits import RiskLimits
from agent.secret import Secret
from agent.settings import Settings
from agent.store.repositories import SettingsOverrideRepository


def actor_services(
    sessions: sessionmaker[Session],
    clock: Clock,
    *,
    settings: Settings | None = None,
    scheduler: Scheduler | None = None,
    board: SnapshotBoard | None = None,
    registry: Registry | None = None,
    broker: object | None = None,
    live: bool = False,
) -> Services:
    """Return services on ``clock``. By default the timers fire only when the test advances
    the :class:`ManualScheduler` (``clock`` must then be a :class:`ManualClock`) and the board
    is stamped by ``clock``; ``live`` adds the operator's live configuration (the API's
    parameter changes, recorded in the database and kept as overrides)."""
    settings = settings or Settings()
    if scheduler is None:
        if not isinstance(clock, ManualClock):
            raise TypeError("a manual scheduler needs a ManualClock; pass a scheduler")
        scheduler = ManualScheduler(clock)
    built = Services(
        settings=settings,
        clock=clock,
        scheduler=scheduler,
        board=board or SnapshotBoard(clock=clock),
        registry=registry or Registry(),
        sessions=sessions,
        broker=BrokerHolder(),
        client_config=ClientConfig(appkey=Secret("k"), secretkey=Secret("s")),
        calendar=default_calendar(),
        risk_limits=RiskLimits.from_settings(settings.risk, settings.strategy),
        live=(
            LiveConfig(settings, SettingsOverrideRepository(sessions), RealClock().now)
            if live
            else None
        ),
    )
    if broker is not None:
        built.broker.set(cast(Any, broker))
    return built


class RunSwitch:
    """Stands in for the agent process's start and stop behind the API."""

    def __init__(self, on: bool = True) -> None:
        self.on = on

    def running(self) -> bool:
        return self.on

    def start(self) -> None:
        self.on = True

    def stop(self, timeout: float = 30.0) -> None:
        self.on = False

    def shutdown(self, *, flatten: bool | None = None, revoke: bool = True) -> list[str]:
        self.on = False
        return []
