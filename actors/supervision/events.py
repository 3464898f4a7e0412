"""Messages and observability events of the supervision tree.

:class:`ChildExited` is the message a child sends its supervisor when it dies.
:class:`SupervisionEvent` is what every supervisor hands its injected sink for each start,
exit, restart, escalation, abandoned shutdown and stuck child; the app wires the sink to the
database and the snapshot board. Snapshots report each supervisor's children by lifecycle state.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import datetime

import msgspec

from actors.supervision.lifecycle import ChildState
from actors.supervision.spec import Strategy

logger = logging.getLogger(__name__)


class ChildExited(msgspec.Struct, frozen=True, kw_only=True):
    """A supervised actor stopped: normally, or because of an exception."""

    id: str
    """The child's stable id."""
    actor_urn: str
    """Which incarnation exited; reports from an incarnation already replaced are ignored."""
    abnormal: bool
    """True when it crashed (an exception), False for a normal stop."""
    reason: str
    """``"Type: message"`` of the exception, or ``"normal"``."""
    traceback_digest: str | None = None
    """Stable hash of where it crashed (see :func:`~actors.supervision.digest.traceback_digest`)."""


class EventKind(enum.StrEnum):
    """What a supervision event records."""

    STARTED = "started"
    START_FAILED = "start_failed"
    EXITED = "exited"
    RESTART_SCHEDULED = "restart_scheduled"
    RESTARTED = "restarted"
    STOPPED = "stopped"
    SHUTDOWN_ABANDONED = "shutdown_abandoned"
    STUCK = "stuck"
    """The watchdog found the child's mailbox standing still; it is abandoned and restarted."""
    ESCALATED = "escalated"


class SupervisionEvent(
    msgspec.Struct, frozen=True, kw_only=True, tag_field="event", tag="supervision"
):
    """One thing that happened to a supervised child (or to the supervisor itself).

    Tagged: on the board's ``actor_event`` stream it is one kind among the actors' alerts.
    """

    kind: EventKind
    supervisor_id: str
    """The supervisor that saw it."""
    child_id: str
    """The child concerned; the supervisor's own id for an escalation."""
    at: datetime
    """When, from the injected clock."""
    restart_count: int = 0
    """Restarts of this child so far (for an escalation: restarts in the window)."""
    reason: str | None = None
    traceback_digest: str | None = None
    delay: float | None = None
    """For ``RESTART_SCHEDULED``: seconds until the restart."""
    abnormal: bool = False
    """Something went wrong: a crash, a failed start, an escalation, an abandoned shutdown, a
    stuck child."""


EventSink = Callable[[SupervisionEvent], None]
"""Receives every event, in the supervisor's thread: must be quick and must not block."""


def discard_events(event: SupervisionEvent) -> None:
    """Drop an event (the default sink)."""


_LOG_LEVELS = {
    EventKind.ESCALATED: logging.ERROR,
    EventKind.SHUTDOWN_ABANDONED: logging.ERROR,
    EventKind.STUCK: logging.ERROR,
}


def emit_safely(sink: EventSink, event: SupervisionEvent) -> None:
    """Log ``event`` and hand it to ``sink``; a failing sink never breaks supervision."""
    level = _LOG_LEVELS.get(event.kind, logging.WARNING if event.abnormal else logging.INFO)
    logger.log(
        level,
        "%s: %s %s (restarts %d)%s",
        event.supervisor_id,
        event.child_id,
        event.kind,
        event.restart_count,
        f": {event.reason}" if event.reason else "",
    )
    try:
        sink(event)
    except Exception:
        logger.exception("Supervision event sink failed on %s", event.kind)


class ChildSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """One child as its supervisor sees it."""

    id: str
    state: ChildState
    restart_count: int
    key: str | None = None
    """The runtime key (e.g. a stock code) of a dynamic child."""
    last_failure: str | None = None
    last_failure_at: datetime | None = None
    traceback_digest: str | None = None


class SupervisorSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """A supervisor's children in start order."""

    id: str
    strategy: Strategy
    children: tuple[ChildSnapshot, ...]
    restarts_in_window: int
