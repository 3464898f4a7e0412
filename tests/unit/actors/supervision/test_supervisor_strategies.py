"""Each strategy restarts exactly the children it should, in start order."""

from __future__ import annotations

from typing import Any

from actors.supervision import ChildState, EventKind, Strategy, SupervisorFlags


def urns(harness: Any, *ids: str) -> dict[str, str]:
    return {cid: harness.ref(cid).actor_urn for cid in ids}


def test_one_for_one_restarts_only_the_crashed_child(harness: Any) -> None:
    harness.root(
        SupervisorFlags(strategy=Strategy.ONE_FOR_ONE),
        [harness.spec("a"), harness.spec("b"), harness.spec("c")],
    )
    before = urns(harness, "a", "b", "c")

    harness.crash("b")

    harness.wait_restarted("b", before["b"])
    assert harness.ref("a").actor_urn == before["a"]
    assert harness.ref("c").actor_urn == before["c"]
    assert harness.journal.ids("stop") == []


def test_one_for_all_restarts_every_child_stopping_the_others_in_reverse(harness: Any) -> None:
    harness.root(
        SupervisorFlags(strategy=Strategy.ONE_FOR_ALL),
        [harness.spec("a"), harness.spec("b"), harness.spec("c")],
    )
    before = urns(harness, "a", "b", "c")

    harness.crash("b")

    for cid in ("a", "b", "c"):
        harness.wait_restarted(cid, before[cid])
    assert harness.journal.ids("stop") == ["c", "a"]
    assert harness.journal.ids("start") == ["a", "b", "c", "a", "b", "c"]


def test_rest_for_one_restarts_the_crashed_child_and_those_started_after_it(
    harness: Any,
) -> None:
    harness.root(
        SupervisorFlags(strategy=Strategy.REST_FOR_ONE),
        [harness.spec("a"), harness.spec("b"), harness.spec("c")],
    )
    before = urns(harness, "a", "b", "c")

    harness.crash("b")

    harness.wait_restarted("b", before["b"])
    harness.wait_restarted("c", before["c"])
    assert harness.ref("a").actor_urn == before["a"]
    assert harness.journal.ids("stop") == ["c"]
    assert harness.journal.ids("start")[3:] == ["b", "c"]


def test_a_restart_is_reported_as_exit_then_restart_with_its_count(harness: Any) -> None:
    harness.root(SupervisorFlags(), [harness.spec("a")])
    old = harness.crash("a")

    harness.wait_restarted("a", old)

    kinds = [e.kind for e in harness.events.all() if e.child_id == "a"]
    assert kinds == [EventKind.STARTED, EventKind.EXITED, EventKind.RESTARTED]
    exited = harness.events.of(EventKind.EXITED, "a")[0]
    assert exited.reason == "RuntimeError: boom"
    assert exited.traceback_digest is not None
    assert harness.events.of(EventKind.RESTARTED, "a")[0].restart_count == 1


def test_one_for_all_retries_the_whole_group_when_a_restart_fails_midway(harness: Any) -> None:
    root = harness.root(
        SupervisorFlags(strategy=Strategy.ONE_FOR_ALL, intensity=5),
        [harness.spec("a"), harness.spec("b"), harness.spec("c")],
    )
    before = urns(harness, "a", "b", "c")
    harness.behaviours["b"].fail_starts = 1

    harness.crash("a")

    for cid in ("a", "b", "c"):
        harness.wait_restarted(cid, before[cid])
    snapshot = root.proxy().snapshot().get(timeout=5)
    assert [c.state for c in snapshot.children] == [ChildState.RUNNING] * 3
    assert snapshot.restarts_in_window == 2
    assert len(harness.events.of(EventKind.START_FAILED, "b")) == 1
    assert harness.journal.ids("start")[3:] == ["a", "a", "b", "c"]


def test_terminate_child_stops_a_static_child_for_good(harness: Any) -> None:
    root = harness.root(SupervisorFlags(), [harness.spec("a"), harness.spec("b")])

    assert root.proxy().terminate_child("b").get(timeout=5) is True

    snapshot = root.proxy().snapshot().get(timeout=5)
    assert [(c.id, c.state) for c in snapshot.children] == [
        ("a", ChildState.RUNNING),
        ("b", ChildState.STOPPED),
    ]
    assert harness.registry.get("b") is None
    assert harness.events.of(EventKind.RESTARTED) == []
    assert root.proxy().terminate_child("zzz").get(timeout=5) is False
