"""Permanent children always come back, transient ones only after a crash, temporary never."""

from __future__ import annotations

from typing import Any

from actors.supervision import (
    ChildState,
    EventKind,
    Restart,
    Strategy,
    SupervisorFlags,
    SupervisorSnapshot,
)


def state_of(harness: Any, root: Any, child_id: str) -> ChildState:
    snapshot: SupervisorSnapshot = root.proxy().snapshot().get(timeout=5)
    return next(c.state for c in snapshot.children if c.id == child_id)


def test_permanent_child_is_restarted_after_a_crash(harness: Any) -> None:
    harness.root(SupervisorFlags(), [harness.spec("a", restart=Restart.PERMANENT)])

    old = harness.crash("a")

    harness.wait_restarted("a", old)


def test_permanent_child_is_restarted_after_a_normal_stop(harness: Any) -> None:
    harness.root(SupervisorFlags(), [harness.spec("a", restart=Restart.PERMANENT)])
    old = harness.ref("a")

    old.tell("stop")

    harness.wait_restarted("a", old.actor_urn)


def test_transient_child_is_restarted_after_a_crash(harness: Any) -> None:
    harness.root(SupervisorFlags(), [harness.spec("a", restart=Restart.TRANSIENT)])

    old = harness.crash("a")

    harness.wait_restarted("a", old)


def test_transient_child_stays_stopped_after_a_normal_stop(harness: Any) -> None:
    root = harness.root(SupervisorFlags(), [harness.spec("a", restart=Restart.TRANSIENT)])

    harness.ref("a").tell("stop")

    harness.wait(lambda: state_of(harness, root, "a") is ChildState.STOPPED)
    assert harness.registry.get("a") is None
    assert harness.events.of(EventKind.RESTARTED) == []


def test_temporary_child_is_not_restarted_after_a_crash(harness: Any) -> None:
    root = harness.root(SupervisorFlags(), [harness.spec("a", restart=Restart.TEMPORARY)])

    harness.crash("a")

    harness.wait(lambda: state_of(harness, root, "a") is ChildState.FAILED)
    assert harness.registry.get("a") is None
    assert harness.events.of(EventKind.RESTARTED) == []


def test_temporary_sibling_is_stopped_not_restarted_by_one_for_all(harness: Any) -> None:
    root = harness.root(
        SupervisorFlags(strategy=Strategy.ONE_FOR_ALL),
        [harness.spec("a"), harness.spec("t", restart=Restart.TEMPORARY)],
    )

    old = harness.crash("a")

    harness.wait_restarted("a", old)
    assert state_of(harness, root, "t") is ChildState.STOPPED
    assert harness.registry.get("t") is None
