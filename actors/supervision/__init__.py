"""OTP-style supervision for pykka actors: specs, supervisors, restart window, backoff.

pykka gives actors, not supervisors (no links, no monitors). This package adds them:
children described as data (:class:`ChildSpec`, :class:`SupervisorFlags`), a
:class:`Supervisor` actor with the one_for_one, one_for_all, rest_for_one and
simple_one_for_one strategies, :class:`SupervisedActor` so every kind of crash reaches the
supervisor, a :class:`Registry` to find the current incarnation of a peer, and events and
snapshots for the dashboard.
"""

from __future__ import annotations

from actors.supervision.actor import SupervisedActor
from actors.supervision.backoff import backoff_delay
from actors.supervision.context import SupervisionContext
from actors.supervision.digest import describe, traceback_digest
from actors.supervision.dynamic import DynamicSupervisor, dynamic_child_id
from actors.supervision.errors import (
    ChildAlreadyStarted,
    InvariantViolation,
    RestartIntensityExceeded,
    StartFailed,
    SupervisionError,
)
from actors.supervision.events import (
    ChildExited,
    ChildSnapshot,
    EventKind,
    EventSink,
    SupervisionEvent,
    SupervisorSnapshot,
)
from actors.supervision.lifecycle import ChildState, IllegalTransition, Trigger, next_state
from actors.supervision.link import ChildLink, root_link
from actors.supervision.logs import configure_pykka_logging
from actors.supervision.registry import Registry
from actors.supervision.scheduler import ManualScheduler, Scheduler, ThreadingScheduler
from actors.supervision.spec import Backoff, ChildSpec, Restart, Strategy, SupervisorFlags
from actors.supervision.supervisor import Supervisor
from actors.supervision.tree import start_root, supervisor_spec
from actors.supervision.window import RestartWindow, record_restart, restarts_of

__all__ = [
    "Backoff",
    "ChildAlreadyStarted",
    "ChildExited",
    "ChildLink",
    "ChildSnapshot",
    "ChildSpec",
    "ChildState",
    "DynamicSupervisor",
    "EventKind",
    "EventSink",
    "IllegalTransition",
    "InvariantViolation",
    "ManualScheduler",
    "Registry",
    "Restart",
    "RestartIntensityExceeded",
    "RestartWindow",
    "Scheduler",
    "StartFailed",
    "Strategy",
    "SupervisedActor",
    "SupervisionContext",
    "SupervisionError",
    "SupervisionEvent",
    "Supervisor",
    "SupervisorFlags",
    "SupervisorSnapshot",
    "ThreadingScheduler",
    "Trigger",
    "backoff_delay",
    "configure_pykka_logging",
    "describe",
    "dynamic_child_id",
    "next_state",
    "record_restart",
    "restarts_of",
    "root_link",
    "start_root",
    "supervisor_spec",
    "traceback_digest",
]
