"""Supervision events to the database and the board, without blocking a supervisor.

Supervisors call the sink in their own thread; a database write there could stall a restart.
The sink only queues; one writer thread persists restarts, escalations, abandoned shutdowns and
stuck actors as system events. Everything also goes to the board at once.
"""

from __future__ import annotations

import logging
import queue
import threading

from actors.board import SnapshotBoard
from actors.board.events import LiveActorEvent, LiveActorRestarted
from actors.supervision.events import EventKind as SupKind
from actors.supervision.events import SupervisionEvent
from agent.store.models import EventKind, Severity
from agent.store.repositories import SystemEventRepository

log = logging.getLogger(__name__)

PERSISTED: dict[SupKind, tuple[EventKind, Severity]] = {
    SupKind.RESTARTED: (EventKind.ACTOR_RESTARTED, Severity.WARNING),
    SupKind.ESCALATED: (EventKind.ACTOR_ESCALATED, Severity.CRITICAL),
    SupKind.SHUTDOWN_ABANDONED: (EventKind.ACTOR_SHUTDOWN_TIMEOUT, Severity.ERROR),
    SupKind.STUCK: (EventKind.ACTOR_STUCK, Severity.ERROR),
    SupKind.START_FAILED: (EventKind.ACTOR_RESTARTED, Severity.ERROR),
}


class SupervisionEventWriter:
    """The tree's event sink: board now, database from a background thread."""

    def __init__(self, board: SnapshotBoard, events: SystemEventRepository) -> None:
        self._board = board
        self._events = events
        self._queue: queue.Queue[SupervisionEvent | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="event-writer", daemon=True)
        self._thread.start()

    def __call__(self, event: SupervisionEvent) -> None:
        if event.kind is SupKind.RESTARTED:
            self._board.publish(LiveActorRestarted, event.supervisor_id, event, at=event.at)
        else:
            self._board.publish(LiveActorEvent, event.supervisor_id, event, at=event.at)
        if event.kind in PERSISTED:
            self._queue.put(event)

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued, then stop the writer."""
        self._queue.put(None)
        self._thread.join(timeout)

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far is written (for tests and shutdown)."""
        done = threading.Event()
        self._queue.put(_Marker(done))  # type: ignore[arg-type]
        return done.wait(timeout)

    def _run(self) -> None:
        while True:
            event = self._queue.get()
            if event is None:
                return
            if isinstance(event, _Marker):
                event.done.set()
                continue
            kind, severity = PERSISTED[event.kind]
            try:
                self._events.record(
                    kind,
                    event.at,
                    severity=severity,
                    actor_id=event.child_id,
                    reason=event.reason,
                    restart_count=event.restart_count,
                    detail={
                        "supervisor": event.supervisor_id,
                        "event": event.kind.value,
                        "digest": event.traceback_digest,
                    },
                )
            except Exception:
                log.exception("could not record supervision event %s", event.kind.value)


class _Marker:
    def __init__(self, done: threading.Event) -> None:
        self.done = done
