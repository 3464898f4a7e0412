"""Children start in spec order, stop in reverse, each within its shutdown timeout."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from actors.supervision import (
    ChildState,
    EventKind,
    StartFailed,
    SupervisorFlags,
    supervisor_spec,
)


def test_children_start_in_spec_order_each_after_the_previous_on_start(harness: Any) -> None:
    harness.root(
        SupervisorFlags(), [harness.spec("gateway"), harness.spec("account"), harness.spec("risk")]
    )

    assert harness.journal.ids("start") == ["gateway", "account", "risk"]
    kinds = [(e.kind, e.child_id) for e in harness.events.all()]
    assert kinds == [
        (EventKind.STARTED, "gateway"),
        (EventKind.STARTED, "account"),
        (EventKind.STARTED, "risk"),
    ]


def test_stopping_a_supervisor_stops_children_in_reverse_start_order(harness: Any) -> None:
    root = harness.root(
        SupervisorFlags(), [harness.spec("gateway"), harness.spec("account"), harness.spec("risk")]
    )

    root.stop(timeout=5)

    assert harness.journal.ids("stop") == ["risk", "account", "gateway"]
    assert [e.child_id for e in harness.events.of(EventKind.STOPPED)] == [
        "risk",
        "account",
        "gateway",
    ]


def test_nested_supervisors_stop_depth_first_in_reverse(harness: Any) -> None:
    watch = supervisor_spec(
        id="watch",
        flags=SupervisorFlags(),
        children=[harness.spec("s1"), harness.spec("s2")],
        context=harness.context,
    )
    root = harness.root(
        SupervisorFlags(), [harness.spec("gateway"), watch, harness.spec("recorder")]
    )

    root.stop(timeout=5)

    assert harness.journal.ids("start") == ["gateway", "s1", "s2", "recorder"]
    assert harness.journal.ids("stop") == ["recorder", "s2", "s1", "gateway"]


def test_a_child_that_does_not_stop_in_time_is_abandoned_and_reported(harness: Any) -> None:
    release = threading.Event()
    root = harness.root(
        SupervisorFlags(),
        [harness.spec("gateway"), harness.spec("stuck", shutdown_timeout=0.05)],
    )
    harness.behaviours["stuck"].hang_on_stop = release
    try:
        root.stop(timeout=5)

        abandoned = harness.events.of(EventKind.SHUTDOWN_ABANDONED, "stuck")
        assert len(abandoned) == 1
        assert abandoned[0].reason is not None
        assert "abandoned" in abandoned[0].reason
        stops = [
            (e.kind, e.child_id)
            for e in harness.events.all()
            if e.kind in (EventKind.STOPPED, EventKind.SHUTDOWN_ABANDONED)
        ]
        assert stops == [
            (EventKind.SHUTDOWN_ABANDONED, "stuck"),
            (EventKind.STOPPED, "gateway"),
        ]
    finally:
        release.set()


def test_a_child_failing_in_on_start_fails_the_supervisor_start(harness: Any) -> None:
    harness.spec("gateway")
    broken = harness.spec("account")
    harness.behaviours["account"].fail_starts = 1

    with pytest.raises(StartFailed, match="cannot connect"):
        harness.root(SupervisorFlags(), [harness.spec("gateway"), broken, harness.spec("risk")])

    assert harness.journal.ids("start") == ["gateway"]
    assert harness.journal.ids("stop") == ["gateway"]
    harness.wait(lambda: harness.root_failures)
    failed = harness.events.of(EventKind.START_FAILED, "account")[0]
    assert failed.traceback_digest is not None


def test_crash_in_on_start_during_a_restart_is_retried_as_another_restart(harness: Any) -> None:
    root = harness.root(SupervisorFlags(intensity=3), [harness.spec("a")])
    harness.behaviours["a"].fail_starts = 2

    old = harness.crash("a")

    harness.wait_restarted("a", old)
    assert len(harness.events.of(EventKind.START_FAILED, "a")) == 2
    snapshot = root.proxy().snapshot().get(timeout=5)
    assert snapshot.children[0].state is ChildState.RUNNING
    assert snapshot.children[0].restart_count == 3
    assert snapshot.restarts_in_window == 3
