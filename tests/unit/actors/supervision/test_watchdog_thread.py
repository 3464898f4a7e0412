"""The watchdog's driver over real actors and loops, one round at a time on a made-up clock.

Rounds are run by calling ``tick()`` (the thread is never started); between rounds each
mailbox and loop is flushed with a blocking call, so a probe sent earlier has been answered
by every actor that is not stuck. No test sleeps.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Iterator
from typing import Any

import pykka
import pytest

from actors.supervision import (
    Abandoned,
    ChildExited,
    ChildLink,
    ChildSpec,
    EventKind,
    Ping,
    Restart,
    Strategy,
    SupervisedActor,
    SupervisorFlags,
    WatchdogThread,
    WatchKind,
    supervisor_spec,
)
from tests.unit.actors.supervision.conftest import WAIT_TIMEOUT, Harness, wait_for


class Blocker(SupervisedActor):
    """Blocks in its handler on ``"block"`` until ``gate`` opens; records what it handled."""

    def __init__(
        self,
        link: ChildLink | None,
        gate: threading.Event,
        handled: list[str],
        blocked: threading.Event,
        block_on_start: bool = False,
    ) -> None:
        super().__init__(link)
        self.gate, self.handled, self.blocked = gate, handled, blocked
        self.block_on_start = block_on_start

    def on_start(self) -> None:
        if self.block_on_start:
            self.blocked.set()
            self.gate.wait(WAIT_TIMEOUT)

    def on_receive(self, message: Any) -> Any:
        if message == "block":
            self.blocked.set()
            self.gate.wait(WAIT_TIMEOUT)
        self.handled.append(message)
        return None

    def ping(self) -> str:
        return "pong"


class World:
    """A harness whose supervisors report to a watchdog that runs on a made-up clock."""

    def __init__(self, harness: Harness, **thresholds: float) -> None:
        self.harness = harness
        self.now = 0.0
        self.fatal: list[ChildExited] = []
        self.watchdog = WatchdogThread(
            on_fatal=self.fatal.append,
            interval=30.0,  # rounds up to 150 s apart are not a pause of the watchdog itself
            worker_stuck_after=thresholds.get("worker", 60.0),
            supervisor_stuck_after=thresholds.get("supervisor", 300.0),
            loop_stuck_after=thresholds.get("loop", 60.0),
            monotonic=lambda: self.now,
        )
        harness.context = dataclasses.replace(harness.context, watchdog=self.watchdog)
        self.gate = threading.Event()
        self.blocked = threading.Event()
        self.handled: list[str] = []

    def blocker(self, child_id: str, **kw: Any) -> ChildSpec:
        def factory(link: ChildLink, *_: Any) -> pykka.ActorRef[Any]:
            return Blocker.start(link, self.gate, self.handled, self.blocked)

        return ChildSpec(id=child_id, factory=factory, **kw)

    def round(self, at: float, *, flush: tuple[str, ...] = ()) -> None:
        """Let the named actors answer what they were sent, then run a round at ``at``."""
        for child_id in flush:
            self.harness.ref(child_id).ask(Ping(), timeout=WAIT_TIMEOUT)
        self.now = at
        self.watchdog.tick()

    def block(self, child_id: str) -> pykka.ActorRef[Any]:
        ref = self.harness.ref(child_id)
        self.blocked.clear()
        ref.tell("block")
        assert self.blocked.wait(WAIT_TIMEOUT)
        return ref


@pytest.fixture
def world(harness: Harness) -> Iterator[World]:
    world = World(harness)
    yield world
    world.gate.set()  # let every blocked thread go before the harness stops the trees


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(WAIT_TIMEOUT)
    loop.close()


def _flush_loop(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop).result(WAIT_TIMEOUT)


def _block_loop(world: World, loop: asyncio.AbstractEventLoop) -> None:
    """Block ``loop`` in a callback (after what it was handed before) until the gate opens."""

    def hold() -> None:
        world.blocked.set()
        world.gate.wait(WAIT_TIMEOUT)

    world.blocked.clear()
    loop.call_soon_threadsafe(hold)
    assert world.blocked.wait(WAIT_TIMEOUT)


def test_actors_that_answer_are_never_found_stuck(world: World) -> None:
    world.harness.root(SupervisorFlags(), [world.blocker("a")])
    urn = world.harness.ref("a").actor_urn

    for at in (0.0, 50.0, 100.0, 150.0, 200.0):
        world.round(at, flush=("root", "a"))

    assert world.harness.events.of(EventKind.STUCK) == []
    assert world.harness.ref("a").actor_urn == urn
    ages = {b.id: (b.kind, b.age, b.stuck) for b in world.watchdog.report().beats}
    assert ages == {
        "a": (WatchKind.WORKER, 50.0, False),
        "root": (WatchKind.SUPERVISOR, 50.0, False),
    }


def test_a_blocked_worker_is_abandoned_and_restarted_as_a_new_incarnation(world: World) -> None:
    world.harness.root(SupervisorFlags(), [world.blocker("a")])
    old = world.block("a")
    world.round(0.0)  # the probe queues behind the blocked handler
    old.tell("queued for the old one")

    world.round(59.0, flush=("root",))
    assert world.harness.events.of(EventKind.STUCK) == []
    world.round(61.0, flush=("root",))

    new = world.harness.wait_restarted("a", old.actor_urn)
    stuck = world.harness.events.of(EventKind.STUCK, "a")
    assert len(stuck) == 1
    assert stuck[0].abnormal
    assert stuck[0].reason is not None
    assert "no heartbeat for 61s (limit 60s)" in stuck[0].reason
    assert [e.restart_count for e in world.harness.events.of(EventKind.RESTARTED, "a")] == [1]
    assert new.proxy().ping().get(timeout=WAIT_TIMEOUT) == "pong"
    # Once its handler returns, the old incarnation stops instead of handling what it was sent.
    world.gate.set()
    wait_for(lambda: not old.is_alive())
    assert world.handled == ["block"]


def test_asks_waiting_on_an_abandoned_incarnation_fail_instead_of_being_handled(
    world: World,
) -> None:
    world.harness.root(SupervisorFlags(), [world.blocker("a")])
    old = world.block("a")
    first = old.ask("asked during the stall", block=False)
    world.round(0.0)
    later = old.ask("asked after the probe", block=False)
    world.round(61.0, flush=("root",))
    world.harness.wait_restarted("a", old.actor_urn)

    world.gate.set()

    with pytest.raises(Abandoned):
        first.get(timeout=WAIT_TIMEOUT)  # the first message after the stall stops it
    with pytest.raises(pykka.ActorDeadError):
        later.get(timeout=WAIT_TIMEOUT)  # the rest of its mailbox is never handled
    assert world.handled == ["block"]


def test_stalls_past_the_restart_intensity_escalate_to_the_root(world: World) -> None:
    world.harness.root(SupervisorFlags(intensity=1, period=60.0), [world.blocker("a")])
    first = world.block("a")
    world.round(0.0)
    world.round(61.0, flush=("root",))
    world.harness.wait_restarted("a", first.actor_urn)

    world.block("a")
    world.round(62.0, flush=("root",))
    world.round(130.0, flush=("root",))

    wait_for(lambda: world.harness.root_failures)
    assert len(world.harness.events.of(EventKind.STUCK, "a")) == 2
    assert world.harness.events.of(EventKind.ESCALATED)
    assert world.fatal == []  # the tree ended itself, through its intensity


def test_a_stuck_supervisor_ends_the_process(world: World) -> None:
    template = ChildSpec(
        id="stock",
        factory=lambda link, *_: Blocker.start(
            link, world.gate, world.handled, world.blocked, block_on_start=True
        ),
        restart=Restart.TRANSIENT,
        start_timeout=None,
    )
    watch = supervisor_spec(
        id="watch",
        flags=SupervisorFlags(strategy=Strategy.SIMPLE_ONE_FOR_ONE),
        children=[template],
        context=world.harness.context,
    )
    world.harness.root(SupervisorFlags(), [watch])
    world.round(0.0, flush=("root", "watch"))
    world.harness.ref("watch").proxy().start_child("005930")  # blocks it in the child's start
    assert world.blocked.wait(WAIT_TIMEOUT)

    for at in (1.0, 150.0, 300.0):
        world.round(at, flush=("root",))
    assert world.fatal == []
    world.round(302.0, flush=("root",))
    world.round(400.0, flush=("root",))

    assert [(e.id, e.abnormal) for e in world.fatal] == [("watch", True)]
    assert "the supervisor watch is stuck" in world.fatal[0].reason
    assert world.watchdog.report().fatal == world.fatal[0].reason


def test_a_stuck_loop_of_nobody_ends_the_process(
    world: World, loop: asyncio.AbstractEventLoop
) -> None:
    world.watchdog.watch_loop("api", loop)
    world.round(0.0)
    _flush_loop(loop)
    world.round(10.0)  # answered: a beat at 0, and a probe sent at 10
    _block_loop(world, loop)  # after the probe of 10: something blocks the loop

    world.round(20.0)
    world.round(69.0)
    assert world.fatal == []
    world.round(71.0)

    assert [e.id for e in world.fatal] == ["loop/api"]
    assert "the event loop loop/api is stuck: no heartbeat for 61s" in world.fatal[0].reason
    world.gate.set()


def test_a_stuck_loop_of_an_actor_restarts_that_actor(
    world: World, loop: asyncio.AbstractEventLoop
) -> None:
    world.harness.root(SupervisorFlags(), [world.blocker("gateway")])
    owner = world.harness.ref("gateway")
    world.watchdog.watch_loop("broker", loop, owner=("gateway", owner.actor_urn))
    _block_loop(world, loop)
    world.round(0.0)
    world.round(30.0, flush=("root", "gateway"))

    world.round(61.0, flush=("root", "gateway"))

    world.harness.wait_restarted("gateway", owner.actor_urn)
    reason = world.harness.events.of(EventKind.STUCK, "gateway")[0].reason
    assert reason is not None
    assert "its event loop loop/broker has no heartbeat" in reason
    assert "loop/broker" not in {b.id for b in world.watchdog.report().beats}
    assert world.fatal == []
    world.gate.set()


def test_the_watchdogs_own_pause_is_not_counted_against_anyone(world: World) -> None:
    world.harness.root(SupervisorFlags(), [world.blocker("a")])
    old = world.block("a")
    world.round(0.0)

    world.round(1_000.0, flush=("root",))  # no round for 1000 s: the process was paused

    assert world.harness.events.of(EventKind.STUCK) == []
    world.round(1_061.0, flush=("root",))  # a real stall is still caught afterwards
    world.harness.wait_restarted("a", old.actor_urn)


def test_an_actor_taking_its_time_to_stop_is_dropped_not_reported(world: World) -> None:
    world.harness.root(SupervisorFlags(), [world.harness.spec("slow", restart=Restart.TEMPORARY)])
    world.harness.behaviours["slow"].hang_on_stop = world.gate
    world.round(0.0, flush=("root", "slow"))

    world.harness.ref("slow").stop(block=False)
    wait_for(lambda: world.harness.journal.ids("stop") == ["slow"])  # inside its on_stop
    for at in (1.0, 100.0, 200.0):
        world.round(at, flush=("root",))

    assert world.harness.events.of(EventKind.STUCK) == []
    assert [b.id for b in world.watchdog.report().beats] == ["root"]


def test_a_disabled_watchdog_watches_nothing(harness: Harness) -> None:
    watchdog = WatchdogThread(on_fatal=lambda _: None, enabled=False)
    harness.context = dataclasses.replace(harness.context, watchdog=watchdog)
    harness.root(SupervisorFlags(), [harness.spec("a")])

    watchdog.start()
    watchdog.tick()

    report = watchdog.report()
    assert (report.enabled, report.running, report.beats) == (False, False, ())


def test_a_stopped_watchdog_lets_nobodys_silence_grow_into_a_stall(
    world: World, loop: asyncio.AbstractEventLoop
) -> None:
    world.watchdog.watch_loop("api", loop)
    world.round(0.0)
    world.watchdog.stop()  # the tree was stopped on purpose; the API keeps serving

    world.now = 1_000.0

    [api] = world.watchdog.report().beats
    assert (api.id, api.age, api.stuck) == ("loop/api", 0.0, False)
