"""Past R restarts in T seconds a supervisor gives up and fails to its parent."""

from __future__ import annotations

from typing import Any

from actors.supervision import (
    ChildState,
    EventKind,
    Strategy,
    SupervisorFlags,
    supervisor_spec,
)


def crash_and_wait(harness: Any, child_id: str) -> None:
    old = harness.crash(child_id)
    harness.wait_restarted(child_id, old)


def test_root_past_its_intensity_stops_children_in_reverse_and_calls_on_root_failure(
    harness: Any,
) -> None:
    root = harness.root(
        SupervisorFlags(intensity=1, period=10), [harness.spec("a"), harness.spec("b")]
    )
    crash_and_wait(harness, "a")

    harness.crash("a")

    harness.wait(lambda: harness.root_failures)
    assert harness.root_failures[0].abnormal
    assert harness.root_failures[0].reason.startswith("RestartIntensityExceeded")
    harness.wait(lambda: not root.is_alive())
    assert harness.journal.ids("stop") == ["b"]  # a had crashed; b stopped on the way out
    assert len(harness.events.of(EventKind.ESCALATED, "root")) == 1


def test_restarts_are_counted_across_all_children(harness: Any) -> None:
    harness.root(
        SupervisorFlags(intensity=2, period=10),
        [harness.spec("a"), harness.spec("b"), harness.spec("c")],
    )
    crash_and_wait(harness, "a")
    crash_and_wait(harness, "b")

    harness.crash("c")

    harness.wait(lambda: harness.root_failures)


def test_restarts_older_than_the_period_no_longer_count(harness: Any) -> None:
    root = harness.root(SupervisorFlags(intensity=1, period=10), [harness.spec("a")])
    crash_and_wait(harness, "a")
    harness.scheduler.advance(10)

    crash_and_wait(harness, "a")

    assert harness.root_failures == []
    assert root.proxy().snapshot().get(timeout=5).restarts_in_window == 1


def test_intensity_zero_escalates_on_the_first_restart(harness: Any) -> None:
    harness.root(SupervisorFlags(intensity=0), [harness.spec("a")])

    harness.crash("a")

    harness.wait(lambda: harness.root_failures)


def test_a_failing_child_supervisor_is_restarted_by_its_parent_as_an_abnormal_exit(
    harness: Any,
) -> None:
    inner = supervisor_spec(
        id="inner",
        flags=SupervisorFlags(intensity=0),
        children=[harness.spec("leaf")],
        context=harness.context,
    )
    root = harness.root(SupervisorFlags(strategy=Strategy.ONE_FOR_ONE), [inner])
    old_inner = harness.ref("inner").actor_urn
    old_leaf = harness.ref("leaf").actor_urn

    harness.crash("leaf")

    harness.wait_restarted("inner", old_inner)
    harness.wait_restarted("leaf", old_leaf)
    exited = harness.events.of(EventKind.EXITED, "inner")[0]
    assert exited.reason is not None
    assert exited.reason.startswith("RestartIntensityExceeded")
    snapshot = root.proxy().snapshot().get(timeout=5)
    assert snapshot.children[0].state is ChildState.RUNNING
    assert snapshot.children[0].restart_count == 1
    assert harness.root_failures == []
