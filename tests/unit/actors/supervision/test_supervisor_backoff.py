"""A child with a Backoff spec is restarted only after its delay, on the injected clock."""

from __future__ import annotations

from typing import Any

import pytest

from actors.supervision import Backoff, ChildState, EventKind, SupervisorFlags

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
    from dataclasses import replace

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
