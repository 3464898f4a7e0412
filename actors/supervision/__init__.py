"""OTP-style supervision for pykka actors: specs, supervisors, restart window, backoff.

pykka gives actors, not supervisors (no links, no monitors). This package adds them:
children described as data (:class:`ChildSpec`, :class:`SupervisorFlags`), the
:class:`Supervisor` actor (one_for_one, one_for_all, rest_for_one) and the
:class:`DynamicSupervisor` (simple_one_for_one, children by key), :class:`SupervisedActor` so
every kind of crash reaches the supervisor, a :class:`Registry` to find the current
incarnation of a peer by id, and events and snapshots for the dashboard.

Building a tree::

    context = SupervisionContext(registry=Registry(), sink=board.publish_event)
    watch = supervisor_spec(
        id="watch",
        flags=SupervisorFlags(strategy=Strategy.SIMPLE_ONE_FOR_ONE, intensity=20, period=60),
        children=[ChildSpec(id="stock", factory=lambda link, code: StockActor.start(link, code),
                            restart=Restart.TRANSIENT)],
        context=context,
    )
    root = start_root(
        id="root",
        flags=SupervisorFlags(strategy=Strategy.ONE_FOR_ONE, intensity=5, period=60),
        children=[
            ChildSpec(id="gateway", factory=lambda link: Gateway.start(link, settings),
                      backoff=Backoff(initial=1.0, max_delay=60.0)),
            ChildSpec(id="account", factory=lambda link: Account.start(link, store)),
            watch,
        ],
        context=context,
        on_root_failure=lambda exited: os._exit(1),
    )
    context.registry.proxy("watch").start_child("005930", "005930")
    context.registry.proxy("gateway")   # always the live incarnation, or None while down
    snapshot_tree(context.registry, "root")  # every supervisor's children, for the board
    root.stop()                         # children stop in reverse start order

How each death reaches the supervisor (pykka's own behaviour in docs/stack-notes.md):

* exception in a tell: pykka calls ``on_failure``; the wrapped hook reports it abnormal;
* exception in ``on_start``: pykka calls nothing; the wrapped ``on_start`` reports it, and a
  supervisor starting the child sees the failed start handshake with its reason;
* :class:`InvariantViolation` (or any of ``fatal_ask_errors``) in an ask: re-raised to the
  caller, and the actor is stopped and reported abnormal; other ask errors only reach the
  caller, the actor keeps running;
* ``stop()``: ``on_stop`` runs and a normal exit is reported (abnormal if ``on_stop`` raised
  or a ``BaseException`` is in flight, when pykka stops every actor of the process);
* an actor that dies without reporting (a plain pykka actor): the liveness sweep finds it
  dead on two consecutive ticks of the injected scheduler.

A child that is alive but stuck (its thread blocked in a handler) is found by the watchdog
(``SupervisionContext(watchdog=WatchdogThread(...))``): every running actor and the root are
asked :class:`Ping` in turn, and one whose answer is overdue past its threshold
(``ChildSpec.stuck_after``) is abandoned and restarted by its supervisor, counting toward its
restart intensity; a stuck supervisor ends the process (see :mod:`.probing`).

Limits: pykka cannot kill a thread, so a child that does not stop within its
``shutdown_timeout`` is abandoned (an event says so) and stops after its current message;
its non-daemon thread can keep the process alive, hence ``os._exit`` in ``on_root_failure``.
Stop a tree with ``root.stop()``, not ``ActorRegistry.stop_all()``, which stops children
behind their supervisors' backs (permanent ones get restarted on the way out). The root
stopping without the app asking (after a ``BaseException`` in some actor) is a failure the
app must notice itself: wait on ``root.actor_stopped`` and exit non-zero unless it asked.
"""

from __future__ import annotations

from actors.supervision.actor import SupervisedActor
from actors.supervision.backoff import backoff_delay, next_attempt
from actors.supervision.context import SupervisionContext
from actors.supervision.digest import describe, traceback_digest
from actors.supervision.dynamic import DynamicSupervisor, dynamic_child_id
from actors.supervision.errors import (
    Abandoned,
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
from actors.supervision.link import ChildLink, Fence, root_link
from actors.supervision.logs import configure_pykka_logging
from actors.supervision.messages import ChildStuck, Ping
from actors.supervision.probing import WatchdogThread
from actors.supervision.registry import DuplicateChildId, Registry
from actors.supervision.scheduler import ManualScheduler, Scheduler, ThreadingScheduler
from actors.supervision.spec import Backoff, ChildSpec, Restart, Strategy, SupervisorFlags
from actors.supervision.supervisor import Supervisor
from actors.supervision.tree import snapshot_tree, start_root, supervisor_spec
from actors.supervision.watchdog import Heartbeat, Stuck, Watchdog, WatchdogReport, WatchKind
from actors.supervision.window import RestartWindow, record_restart

__all__ = [
    "Abandoned",
    "Backoff",
    "ChildAlreadyStarted",
    "ChildExited",
    "ChildLink",
    "ChildSnapshot",
    "ChildSpec",
    "ChildState",
    "ChildStuck",
    "DuplicateChildId",
    "DynamicSupervisor",
    "EventKind",
    "EventSink",
    "Fence",
    "Heartbeat",
    "IllegalTransition",
    "InvariantViolation",
    "ManualScheduler",
    "Ping",
    "Registry",
    "Restart",
    "RestartIntensityExceeded",
    "RestartWindow",
    "Scheduler",
    "StartFailed",
    "Strategy",
    "Stuck",
    "SupervisedActor",
    "SupervisionContext",
    "SupervisionError",
    "SupervisionEvent",
    "Supervisor",
    "SupervisorFlags",
    "SupervisorSnapshot",
    "ThreadingScheduler",
    "Trigger",
    "WatchKind",
    "Watchdog",
    "WatchdogReport",
    "WatchdogThread",
    "backoff_delay",
    "configure_pykka_logging",
    "describe",
    "dynamic_child_id",
    "next_attempt",
    "next_state",
    "record_restart",
    "root_link",
    "snapshot_tree",
    "start_root",
    "supervisor_spec",
    "traceback_digest",
]
