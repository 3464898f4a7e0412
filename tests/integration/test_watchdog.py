"""A stuck actor in real time: the watchdog's thread finds it, the stall is recorded in the
database, and its supervisor replaces it with an incarnation that works.

Real threads, real clock, a real supervisor and the app's event writer on a migrated database
(SQLite and PostgreSQL). Waits are conditions with deadlines.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pykka
import pytest
from sqlalchemy import Engine

from actors.board import SnapshotBoard
from actors.runtime.events import SupervisionEventWriter
from actors.supervision import (
    ChildExited,
    ChildLink,
    ChildSpec,
    Registry,
    SupervisedActor,
    SupervisionContext,
    SupervisorFlags,
    WatchdogThread,
    start_root,
)
from agent.store.engine import session_factory
from agent.store.models import EventKind, Severity
from agent.store.repositories import SystemEventRepository
from tests.support.waiting import wait_until

STUCK_AFTER_S = 1.0
DEADLINE_S = 15.0


class Router(SupervisedActor):
    """Stands in for an actor whose handler hangs (a call that never returns)."""

    def __init__(
        self, link: ChildLink | None, gate: threading.Event, blocked: threading.Event
    ) -> None:
        super().__init__(link)
        self.gate, self.blocked = gate, blocked

    def on_receive(self, message: Any) -> Any:
        if message == "hang":
            self.blocked.set()
            self.gate.wait(DEADLINE_S)
        return None

    def ping(self) -> str:
        return "pong"


@dataclass
class Tree:
    registry: Registry
    watchdog: WatchdogThread
    writer: SupervisionEventWriter
    events: SystemEventRepository
    gate: threading.Event = field(default_factory=threading.Event)
    blocked: threading.Event = field(default_factory=threading.Event)
    root_failures: list[ChildExited] = field(default_factory=list)
    fatal: list[ChildExited] = field(default_factory=list)


@pytest.fixture
def tree(engine: Engine) -> Iterator[Tree]:
    events = SystemEventRepository(session_factory(engine))
    fatal: list[ChildExited] = []
    built = Tree(
        registry=Registry(),
        watchdog=WatchdogThread(
            on_fatal=fatal.append,
            interval=0.02,
            worker_stuck_after=STUCK_AFTER_S,
            supervisor_stuck_after=DEADLINE_S,
        ),
        writer=SupervisionEventWriter(SnapshotBoard(), events),
        events=events,
        fatal=fatal,
    )

    def factory(link: ChildLink) -> pykka.ActorRef[Any]:
        return Router.start(link, built.gate, built.blocked)

    root = start_root(
        id="root",
        flags=SupervisorFlags(intensity=3, period=60.0),
        children=[ChildSpec(id="router", factory=factory)],
        context=SupervisionContext(
            registry=built.registry, sink=built.writer, watchdog=built.watchdog
        ),
        on_root_failure=built.root_failures.append,
    )
    built.watchdog.start()
    try:
        yield built
    finally:
        built.gate.set()
        built.watchdog.stop()
        root.stop(timeout=DEADLINE_S)
        built.writer.close()


def _beating(tree: Tree, child_id: str, urn: str) -> bool:
    ref = tree.registry.get(child_id)
    beats = {b.id: b for b in tree.watchdog.report().beats}
    return (
        ref is not None and ref.actor_urn == urn and child_id in beats and not beats[child_id].stuck
    )


def test_a_hung_actor_is_found_recorded_and_replaced_by_one_that_works(tree: Tree) -> None:
    old = tree.registry.get("router")
    assert old is not None
    wait_until(lambda: _beating(tree, "router", old.actor_urn), timeout=DEADLINE_S)

    old.tell("hang")
    assert tree.blocked.wait(DEADLINE_S)

    def replaced() -> pykka.ActorRef[Any] | None:
        ref = tree.registry.get("router")
        return ref if ref is not None and ref.actor_urn != old.actor_urn else None

    new = wait_until(replaced, timeout=DEADLINE_S, message="for a new router")
    assert new is not None
    assert new.proxy().ping().get(timeout=DEADLINE_S) == "pong"
    wait_until(lambda: _beating(tree, "router", new.actor_urn), timeout=DEADLINE_S)
    assert tree.writer.drain(DEADLINE_S)
    stuck = tree.events.recent(kind=EventKind.ACTOR_STUCK)
    assert [(e.actor_id, e.severity) for e in stuck] == [("router", Severity.ERROR)]
    assert stuck[0].reason is not None
    assert "no heartbeat for" in stuck[0].reason
    restarted = tree.events.recent(kind=EventKind.ACTOR_RESTARTED)
    assert [(e.actor_id, e.restart_count) for e in restarted] == [("router", 1)]
    assert tree.root_failures == []
    assert tree.fatal == []
    # The old incarnation, once its call returns, stops rather than carry on.
    tree.gate.set()
    wait_until(lambda: not old.is_alive(), timeout=DEADLINE_S)
