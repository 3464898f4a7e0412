"""The governor's brakes: the operator's kill switch, pause and freeze, recorded as system
events and rebuilt from them on every start (a restart never releases a brake).

A mixin of :class:`actors.risk.actor.RiskGovernor`: the kill switch and the pause halt entries
only (stops and end-of-day exits keep working); the freeze stops every automatic order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import msgspec

from actors import ids
from actors.risk.durable import restore_state
from actors.risk.messages import EngageKillSwitch, ReleaseKillSwitch, SetEntriesPaused, SetFrozen
from actors.router.messages import CancelEntries
from actors.runtime.services import Services
from agent import journal
from agent.clock import KST
from agent.core.governor import GovernorCore
from agent.risk.state import Trigger
from agent.store.models import EventKind, Severity
from agent.store.repositories import SystemEventRepository

log = logging.getLogger(__name__)


def brake_event(message: Any) -> tuple[EventKind, str, Severity, dict[str, bool]]:
    """Return the system event an operator's brake is recorded as: (kind, reason, severity,
    detail). The governor records these, and the API records them while the agent is stopped;
    the next start rebuilds the brakes from them (:func:`actors.risk.durable.restore_state`)."""
    match message:
        case EngageKillSwitch(reason=reason):
            return EventKind.KILL_SWITCH_ENGAGED, reason, Severity.WARNING, {}
        case ReleaseKillSwitch():
            return EventKind.KILL_SWITCH_RELEASED, "", Severity.WARNING, {}
        case SetFrozen(frozen=True):
            return EventKind.FREEZE_ENGAGED, "every automatic order stopped", Severity.WARNING, {}
        case SetFrozen(frozen=False):
            return EventKind.FREEZE_RELEASED, "automatic orders resumed", Severity.WARNING, {}
        case SetEntriesPaused(paused=paused):
            return (
                EventKind.MODE_CHANGED,
                f"entries paused={paused}",
                Severity.INFO,
                {"paused": paused},
            )
    raise TypeError(f"not a brake: {type(message).__name__}")


class Brakes:
    """The operator's commands and the governor's durable state, for the governor that mixes
    this in."""

    _services: Services
    _events: SystemEventRepository
    _core: GovernorCore
    _publish: Callable[[], None]

    def _command(self, message: Any) -> None:
        """Carry out an operator's command."""
        match message:
            case EngageKillSwitch(reason=reason, by=by):
                self._trigger(
                    Trigger.KILL_SWITCH_ENGAGED, EventKind.KILL_SWITCH_ENGAGED, reason, by
                )
                self._services.tell(ids.ROUTER, CancelEntries(reason="kill switch"))
            case ReleaseKillSwitch(by=by):
                self._trigger(Trigger.KILL_SWITCH_RELEASED, EventKind.KILL_SWITCH_RELEASED, "", by)
            case SetEntriesPaused(paused=paused, by=by):
                self._core.paused = paused
                kind, reason, severity, detail = brake_event(message)
                self._record(kind, reason, by, severity=severity, **detail)
                self._publish()
            case SetFrozen():
                self._set_frozen(message)

    def _drain(self, reason: str) -> None:
        """Refuse entries from now on in this process and cancel the working ones; unlike the
        operator's pause it is not recorded, so the next start is not paused."""
        log.warning("risk governor: entries stopped (%s)", reason)
        self._core.paused = True
        self._services.tell(ids.ROUTER, CancelEntries(reason=reason))
        self._publish()

    def _set_frozen(self, message: SetFrozen) -> None:
        frozen, by = message.frozen, message.by
        self._core.frozen = frozen
        kind, reason, severity, _ = brake_event(message)
        log.warning("risk governor: %s (by %s)", reason, by)
        self._record(kind, reason, by, severity=severity)
        if frozen:
            self._services.tell(ids.ROUTER, CancelEntries(reason="freeze"))
        self._publish()

    def _trigger(self, trigger: Trigger, kind: EventKind, reason: str, by: str) -> None:
        before = self._core.state
        self._core.trigger(trigger)
        if self._core.state is not before:
            log.warning("risk governor %s -> %s (%s)", before.value, self._core.state.value, reason)
        self._announce(kind, reason, by)

    def _announce(self, kind: EventKind, reason: str, by: str) -> None:
        """Record a change of the governor's state (the core made it) and publish it."""
        self._record(kind, reason, by, severity=Severity.WARNING)
        self._publish()

    def _record(
        self,
        kind: EventKind,
        reason: str,
        by: str,
        severity: Severity = Severity.INFO,
        **detail: Any,
    ) -> None:
        self._events.record(
            kind,
            self._services.clock.now(),
            severity=severity,
            actor_id=ids.RISK,
            reason=reason or None,
            detail={"by": by, "state": self._core.state.value, **detail},
        )

    def _restore(self) -> None:
        """Rebuild the kill switch, the freeze, the pause and today's loss halt from events."""
        today = self._services.clock.now().astimezone(KST).date()
        core = self._core
        core.day = today
        # The newest event of each kind, however many others came since (the user's orders
        # and price alerts are events too: a window of the newest N would forget the brakes).
        kinds = (
            EventKind.FREEZE_ENGAGED,
            EventKind.FREEZE_RELEASED,
            EventKind.KILL_SWITCH_ENGAGED,
            EventKind.KILL_SWITCH_RELEASED,
            EventKind.DAILY_LOSS_LIMIT_HIT,
        )
        events = [e for kind in kinds for e in self._events.recent(limit=1, kind=kind)]
        events += self._events.recent(limit=1, kind=EventKind.MODE_CHANGED)
        events.sort(key=lambda e: e.id, reverse=True)
        core.state, core.paused, core.frozen = restore_state(events, today)


def journaled(message: Any) -> journal.Command:
    """Return an operator's command as the journal keeps it."""
    fields = msgspec.structs.asdict(message)
    by = str(fields.pop("by", ""))
    fields.pop("attempt", None)
    return journal.Command(name=type(message).__name__, by=by, detail=fields)
