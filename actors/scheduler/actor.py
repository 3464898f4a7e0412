"""The Scheduler: watches the market clock and announces session phases to the trading actors."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from msgspec import Struct

from actors import ids
from actors.board.events import LiveSystemStatus
from actors.runtime.services import Services
from actors.scheduler.messages import CheckPhase, DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent.clock import KST
from agent.market.sessions import Phase, next_phase_change, phase_at

log = logging.getLogger(__name__)

LISTENERS = (ids.RISK, ids.ROUTER, ids.SCANNER, ids.ACCOUNT, ids.RECORDER)
OPEN_PHASES = frozenset({Phase.OPENING_AUCTION, Phase.CONTINUOUS, Phase.CLOSING_AUCTION})
MAX_WAIT_S = 30.0
MIN_WAIT_S = 0.5


class MarketStatus(Struct, frozen=True, kw_only=True):
    """The system status the dashboard shows: where the market day stands."""

    at: datetime
    trading_date: str
    phase: str
    mode: str
    next_change: datetime | None


class Scheduler(SupervisedActor):
    """Publishes the phase; tells listeners on every change and once when the day closes."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._phase: Phase | None = None
        self._day_open_seen = False
        self._timer: Cancellable | None = None

    def on_start(self) -> None:
        self._check()

    def on_stop(self) -> None:
        self._cancel()

    def on_failure(self, *_: Any) -> None:
        self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, CheckPhase):
            self._check()
            return None
        raise TypeError(f"scheduler got an unknown message {type(message).__name__}")

    def phase(self) -> Phase | None:
        """Ask: the phase last announced."""
        return self._phase

    def _check(self) -> None:
        services = self._services
        now = services.clock.now().astimezone(KST)
        phase = phase_at(now, services.calendar)
        try:
            change = next_phase_change(now, services.calendar)
        except (LookupError, ValueError):
            change = None
        if phase is not self._phase:
            self._announce(now, phase)
        wait = MAX_WAIT_S if change is None else (change - now).total_seconds() + 0.05
        self._timer = services.tell_later(
            min(max(wait, MIN_WAIT_S), MAX_WAIT_S), self.actor_ref, CheckPhase()
        )
        services.board.publish_snapshot(
            ids.SCHEDULER,
            MarketStatus(
                at=now,
                trading_date=now.date().isoformat(),
                phase=phase.value,
                mode=services.settings.mode.value,
                next_change=change,
            ),
        )

    def _announce(self, now: datetime, phase: Phase) -> None:
        previous, self._phase = self._phase, phase
        log.info("market phase %s -> %s", previous.value if previous else "-", phase.value)
        changed = PhaseChanged(trading_date=now.date(), phase=phase, previous=previous, at=now)
        for listener in LISTENERS:
            self._services.tell(listener, changed)
        self._services.board.publish(LiveSystemStatus, ids.SCHEDULER, changed, at=now)
        if phase in OPEN_PHASES:
            self._day_open_seen = True
        day_over = phase in (Phase.POST_CLOSE, Phase.AFTER_HOURS, Phase.CLOSED)
        if day_over and (self._day_open_seen or previous in OPEN_PHASES):
            self._day_open_seen = False
            closed = DayClosed(trading_date=now.date(), at=now)
            for listener in LISTENERS:
                self._services.tell(listener, closed)
