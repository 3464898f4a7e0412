"""Fixtures for supervision tests: a manual clock and scheduler, an event log, test actors.

Nothing here sleeps on its own: waits poll a condition until a deadline, and time-driven
behaviour (backoff, sweeps, the restart window) moves only when a test advances the clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import msgspec
import pykka
import pytest

from actors.supervision import (
    Backoff,
    ChildExited,
    ChildLink,
    ChildSpec,
    EventKind,
    InvariantViolation,
    ManualScheduler,
    Registry,
    Restart,
    SupervisedActor,
    SupervisionContext,
    SupervisionEvent,
    SupervisorFlags,
    start_root,
)
from actors.supervision.supervisor import Supervisor
from agent.clock import ManualClock

WAIT_TIMEOUT = 5.0


def wait_for(condition: Callable[[], object], timeout: float = WAIT_TIMEOUT) -> None:
    """Poll ``condition`` until it is truthy; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout}s")
        time.sleep(0.002)


class EventLog:
    """A thread-safe sink that keeps every supervision event."""

    def __init__(self) -> None:
        self._events: list[SupervisionEvent] = []
        self._lock = threading.Lock()

    def __call__(self, event: SupervisionEvent) -> None:
        with self._lock:
            self._events.append(event)

    def all(self) -> list[SupervisionEvent]:
        with self._lock:
            return list(self._events)

    def of(self, kind: EventKind, child_id: str | None = None) -> list[SupervisionEvent]:
        return [e for e in self.all() if e.kind is kind and child_id in (None, e.child_id)]


@dataclass
class Journal:
    """What the test actors did, in order, across all of them."""

    entries: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, child_id: str) -> None:
        with self.lock:
            self.entries.append((what, child_id))

    def ids(self, what: str) -> list[str]:
        with self.lock:
            return [cid for w, cid in self.entries if w == what]


@dataclass
class Behaviour:
    """How a test worker behaves; shared by all its incarnations."""

    fail_starts: int = 0
    hang_on_stop: threading.Event | None = None


class Violate(msgspec.Struct, frozen=True):
    """A message struct whose handler finds a broken invariant."""


class Worker(SupervisedActor):
    """A supervised test actor: tell ``"crash"`` to crash it, ``"stop"`` to stop it normally."""

    def __init__(self, link: ChildLink | None, journal: Journal, behaviour: Behaviour) -> None:
        super().__init__(link)
        self.name = link.child_id if link is not None else "unlinked"
        self.journal = journal
        self.behaviour = behaviour

    def on_start(self) -> None:
        if self.behaviour.fail_starts > 0:
            self.behaviour.fail_starts -= 1
            raise RuntimeError("cannot connect")
        self.journal.add("start", self.name)

    def on_stop(self) -> None:
        self.journal.add("stop", self.name)
        if self.behaviour.hang_on_stop is not None:
            self.behaviour.hang_on_stop.wait(WAIT_TIMEOUT)

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, Violate):  # a message of this project's kind, told or asked
            raise InvariantViolation("cash went negative")
        if message == "crash":
            raise RuntimeError("boom")
        if message == "stop":
            self.stop()
            return None
        return super().on_receive(message)

    def ping(self) -> str:
        return "pong"

    def violate(self) -> None:
        raise InvariantViolation("cash went negative")

    def reject(self) -> None:
        raise ValueError("order rejected by risk")


class Harness:
    """One test's supervision world: manual time, an event log, a registry, a journal."""

    def __init__(self) -> None:
        self.clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
        self.scheduler = ManualScheduler(self.clock)
        self.events = EventLog()
        self.registry = Registry()
        self.journal = Journal()
        self.root_failures: list[ChildExited] = []
        self.behaviours: dict[str, Behaviour] = {}
        self.roots: list[pykka.ActorRef[Supervisor]] = []
        self.context = SupervisionContext(
            registry=self.registry,
            sink=self.events,
            clock=self.clock,
            scheduler=self.scheduler,
            random=lambda: 0.0,
            sweep_interval=1.0,
        )

    def spec(
        self,
        child_id: str,
        *,
        restart: Restart = Restart.PERMANENT,
        backoff: Backoff | None = None,
        shutdown_timeout: float = 2.0,
    ) -> ChildSpec:
        behaviour = self.behaviours.setdefault(child_id, Behaviour())

        def factory(link: ChildLink, *_args: Any) -> pykka.ActorRef[Any]:
            return Worker.start(link, self.journal, behaviour)

        return ChildSpec(
            id=child_id,
            factory=factory,
            restart=restart,
            backoff=backoff,
            shutdown_timeout=shutdown_timeout,
        )

    def root(self, flags: SupervisorFlags, children: list[ChildSpec]) -> pykka.ActorRef[Supervisor]:
        root = start_root(
            id="root",
            flags=flags,
            children=children,
            context=self.context,
            on_root_failure=self.root_failures.append,
        )
        self.roots.append(root)
        return root

    wait = staticmethod(wait_for)

    def start_unsupervised(self, link: ChildLink, fail_starts: int = 0) -> pykka.ActorRef[Worker]:
        """Start a worker outside any supervisor, reporting to ``link``."""
        return Worker.start(link, self.journal, Behaviour(fail_starts=fail_starts))

    def advance(self, seconds: float) -> None:
        """Move time on, then wait until every supervisor has handled what that triggered."""
        self.scheduler.advance(seconds)
        for child_id in self.registry.ids():
            ref = self.registry.get(child_id)
            if ref is not None and issubclass(ref.actor_class, Supervisor):
                ref.proxy().snapshot().get(timeout=WAIT_TIMEOUT)

    def ref(self, child_id: str) -> pykka.ActorRef[Any]:
        ref = self.registry.get(child_id)
        assert ref is not None, f"{child_id} is not running"
        return ref

    def crash(self, child_id: str) -> str:
        """Crash the running incarnation of ``child_id``; return its urn."""
        ref = self.ref(child_id)
        ref.tell("crash")
        return ref.actor_urn

    def wait_restarted(self, child_id: str, old_urn: str) -> pykka.ActorRef[Any]:
        """Wait until a new incarnation of ``child_id`` is registered; return it."""

        def replaced() -> bool:
            ref = self.registry.get(child_id)
            return ref is not None and ref.actor_urn != old_urn

        wait_for(replaced)
        return self.ref(child_id)


@pytest.fixture(autouse=True)
def _stop_every_actor() -> Iterator[None]:
    yield
    pykka.ActorRegistry.stop_all(timeout=WAIT_TIMEOUT)


@pytest.fixture
def harness() -> Iterator[Harness]:
    harness = Harness()
    yield harness
    # Stop trees from the top, as the app does: stop_all alone would stop children behind
    # their supervisors' backs and have permanent ones restarted on the way out.
    for root in reversed(harness.roots):
        root.stop(timeout=WAIT_TIMEOUT)
