"""Snapshots and events tell the dashboard what every child is doing and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from actors.supervision import (
    ChildState,
    EventKind,
    InvariantViolation,
    Restart,
    Strategy,
    SupervisorFlags,
)


def test_snapshot_lists_children_in_start_order_with_state_and_last_failure(
    harness: Any,
) -> None:
    root = harness.root(
        SupervisorFlags(),
        [harness.spec("a"), harness.spec("b"), harness.spec("t", restart=Restart.TEMPORARY)],
    )
    harness.clock.advance(30)
    old = harness.crash("b")
    harness.wait_restarted("b", old)
    harness.crash("t")

    harness.wait(
        lambda: root.proxy().snapshot().get(timeout=5).children[2].state is ChildState.FAILED
    )
    snapshot = root.proxy().snapshot().get(timeout=5)
    assert snapshot.id == "root"
    assert snapshot.strategy is Strategy.ONE_FOR_ONE
    assert [(c.id, c.state, c.restart_count) for c in snapshot.children] == [
        ("a", ChildState.RUNNING, 0),
        ("b", ChildState.RUNNING, 1),
        ("t", ChildState.FAILED, 0),
    ]
    b = snapshot.children[1]
    assert b.last_failure == "RuntimeError: boom"
    assert b.traceback_digest is not None
    assert b.last_failure_at == harness.clock.now()
    assert snapshot.restarts_in_window == 1


def test_events_are_timed_by_the_injected_clock(harness: Any) -> None:
    start = harness.clock.now()
    harness.root(SupervisorFlags(), [harness.spec("a")])
    harness.clock.advance(90)

    old = harness.crash("a")

    harness.wait_restarted("a", old)
    started, exited, restarted = (e for e in harness.events.all() if e.child_id == "a")
    assert started.at == start
    assert exited.at == restarted.at == start + timedelta(seconds=90)
    assert {e.supervisor_id for e in harness.events.all()} == {"root"}


def test_reports_from_children_the_supervisor_stopped_itself_are_ignored(harness: Any) -> None:
    root = harness.root(
        SupervisorFlags(strategy=Strategy.ONE_FOR_ALL),
        [harness.spec("a"), harness.spec("b"), harness.spec("c")],
    )
    old = harness.crash("a")
    harness.wait_restarted("a", old)

    # b and c reported their stops before the restart finished, so this ask comes after them.
    snapshot = root.proxy().snapshot().get(timeout=5)

    assert [c.restart_count for c in snapshot.children] == [1, 1, 1]
    assert len(harness.events.of(EventKind.EXITED)) == 1
    assert snapshot.restarts_in_window == 1


def test_an_invariant_violation_in_an_ask_gets_the_child_restarted(harness: Any) -> None:
    harness.root(SupervisorFlags(), [harness.spec("account")])
    old = harness.ref("account")

    with pytest.raises(InvariantViolation):
        old.proxy().violate().get(timeout=5)

    harness.wait_restarted("account", old.actor_urn)
    exited = harness.events.of(EventKind.EXITED, "account")[0]
    assert exited.reason == "InvariantViolation: cash went negative"


def test_a_business_error_in_an_ask_leaves_the_child_running(harness: Any) -> None:
    root = harness.root(SupervisorFlags(), [harness.spec("risk")])
    ref = harness.ref("risk")

    with pytest.raises(ValueError, match="rejected"):
        ref.proxy().reject().get(timeout=5)

    root.proxy().snapshot().get(timeout=5)
    assert harness.ref("risk") is ref
    assert harness.events.of(EventKind.EXITED) == []


def test_a_failing_event_sink_does_not_break_supervision(harness: Any) -> None:
    def broken_sink(_event: Any) -> None:
        raise RuntimeError("database down")

    harness.context = replace(harness.context, sink=broken_sink)
    harness.root(SupervisorFlags(), [harness.spec("a")])

    old = harness.crash("a")

    harness.wait_restarted("a", old)
