"""A child with a Backoff spec is restarted only after its delay, on the injected clock."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from actors.supervision import (
    Backoff,
    ChildState,
    EventKind,
    SupervisorFlags,
    ThreadingScheduler,
)
from agent.clock import RealClock

NETWORK = Backoff(initial=1.0, multiplier=2.0, max_delay=8.0, jitter=0.5)


def test_restart_waits_for_the_backoff_delay(harness: Any) -> None:
    root = harness.root(
        SupervisorFlags(intensity=5, period=60), [harness.spec("gw", backoff=NETWORK)]
    )
    old = harness.crash("gw")

    harness.wait(lambda: harness.events.of(EventKind.RESTART_SCHEDULED, "gw"))
    assert harness.registry.get("gw") is None
    states = root.proxy().snapshot().get(timeout=5).children
    assert states[0].state is ChildState.RESTARTING
    harness.scheduler.advance(0.99)
    assert harness.registry.get("gw") is None

    harness.scheduler.advance(0.01)

    harness.wait_restarted("gw", old)


def test_backoff_grows_with_each_restart_of_the_same_child(harness: Any) -> None:
    harness.root(SupervisorFlags(intensity=5, period=60), [harness.spec("gw", backoff=NETWORK)])

    for expected in (1.0, 2.0, 4.0):
        before = len(harness.events.of(EventKind.RESTART_SCHEDULED, "gw"))
        old = harness.crash("gw")
        harness.wait(
            lambda before=before: len(harness.events.of(EventKind.RESTART_SCHEDULED, "gw")) > before
        )
        assert harness.events.of(EventKind.RESTART_SCHEDULED, "gw")[-1].delay == expected
        harness.scheduler.advance(expected)
        harness.wait_restarted("gw", old)


def test_jitter_from_the_injected_random_source_shortens_the_delay(harness: Any) -> None:
    harness.context = replace(harness.context, random=lambda: 0.5)
    harness.root(SupervisorFlags(), [harness.spec("gw", backoff=NETWORK)])

    harness.crash("gw")

    harness.wait(lambda: harness.events.of(EventKind.RESTART_SCHEDULED, "gw"))
    assert harness.events.of(EventKind.RESTART_SCHEDULED, "gw")[0].delay == pytest.approx(0.75)
    assert harness.scheduler.pending_delays()[0] == pytest.approx(0.75)


def test_a_failing_restart_is_retried_after_a_longer_delay(harness: Any) -> None:
    harness.root(SupervisorFlags(intensity=5, period=60), [harness.spec("gw", backoff=NETWORK)])
    harness.behaviours["gw"].fail_starts = 1
    old = harness.crash("gw")
    harness.wait(lambda: harness.events.of(EventKind.RESTART_SCHEDULED, "gw"))

    harness.scheduler.advance(1.0)

    harness.wait(lambda: len(harness.events.of(EventKind.RESTART_SCHEDULED, "gw")) == 2)
    assert (
        harness.events.of(EventKind.START_FAILED, "gw")[0].reason == "RuntimeError: cannot connect"
    )
    assert harness.events.of(EventKind.RESTART_SCHEDULED, "gw")[1].delay == 2.0
    harness.scheduler.advance(2.0)
    harness.wait_restarted("gw", old)


def test_a_pending_restart_does_not_happen_once_the_supervisor_stopped(harness: Any) -> None:
    root = harness.root(SupervisorFlags(), [harness.spec("gw", backoff=NETWORK)])
    harness.crash("gw")
    harness.wait(lambda: harness.events.of(EventKind.RESTART_SCHEDULED, "gw"))

    root.stop(timeout=5)
    harness.scheduler.advance(10)

    assert harness.registry.get("gw") is None
    assert harness.journal.ids("start") == ["gw"]


def crash_and_restart_after_backoff(harness: Any, child_id: str) -> float:
    """Crash ``child_id``, run its backoff delay on the manual clock; return the delay."""
    before = len(harness.events.of(EventKind.RESTART_SCHEDULED, child_id))
    old = harness.crash(child_id)
    harness.wait(lambda: len(harness.events.of(EventKind.RESTART_SCHEDULED, child_id)) > before)
    delay: float = harness.events.of(EventKind.RESTART_SCHEDULED, child_id)[-1].delay
    harness.scheduler.advance(delay)
    harness.wait_restarted(child_id, old)
    return delay


def test_a_long_outage_keeps_the_delay_at_its_cap(harness: Any) -> None:
    backoff = Backoff(initial=1.0, max_delay=4.0, jitter=0.0, reset_after=60.0)
    harness.root(SupervisorFlags(intensity=100, period=5), [harness.spec("gw", backoff=backoff)])

    delays = [crash_and_restart_after_backoff(harness, "gw") for _ in range(6)]

    assert delays == [1.0, 2.0, 4.0, 4.0, 4.0, 4.0]


def test_a_child_that_ran_long_enough_is_restarted_after_the_initial_delay(harness: Any) -> None:
    backoff = Backoff(initial=1.0, max_delay=8.0, jitter=0.0, reset_after=60.0)
    harness.root(SupervisorFlags(intensity=10, period=5), [harness.spec("gw", backoff=backoff)])
    crash_and_restart_after_backoff(harness, "gw")
    crash_and_restart_after_backoff(harness, "gw")
    harness.advance(60.0)

    delay = crash_and_restart_after_backoff(harness, "gw")

    assert delay == 1.0


def test_with_the_real_scheduler_a_backoff_restart_happens_on_a_timer(harness: Any) -> None:
    harness.context = replace(
        harness.context, scheduler=ThreadingScheduler(), clock=RealClock(), sweep_interval=0.05
    )
    harness.root(SupervisorFlags(), [harness.spec("gw", backoff=Backoff(initial=0.01))])

    old = harness.crash("gw")

    harness.wait_restarted("gw", old)
