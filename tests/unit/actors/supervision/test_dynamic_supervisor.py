"""simple_one_for_one: one template, children added and removed at runtime by key."""

from __future__ import annotations

from typing import Any

import pykka
import pytest

from actors.supervision import (
    ChildAlreadyStarted,
    ChildLink,
    ChildSpec,
    ChildState,
    EventKind,
    Restart,
    StartFailed,
    Strategy,
    SupervisedActor,
    SupervisorFlags,
    supervisor_spec,
)

WATCH = SupervisorFlags(strategy=Strategy.SIMPLE_ONE_FOR_ONE, intensity=3, period=10)


def stock_template(harness: Any, restart: Restart = Restart.PERMANENT) -> ChildSpec:
    class Stock(SupervisedActor):
        def __init__(self, link: ChildLink, code: str, fail: bool = False) -> None:
            super().__init__(link)
            self.code = code
            self.fail = fail

        def on_start(self) -> None:
            if self.fail:
                raise ValueError(f"no bars for {self.code}")
            harness.journal.add("start", self.code)

        def on_receive(self, message: Any) -> Any:
            if message == "crash":
                raise RuntimeError("bad tick")
            if message == "stop":
                self.stop()
            return None

        def code_(self) -> str:
            return self.code

    def factory(link: ChildLink, code: str, fail: bool = False) -> pykka.ActorRef[Any]:
        return Stock.start(link, code, fail)

    return ChildSpec(id="stock", factory=factory, restart=restart)


def start_watch(harness: Any, restart: Restart = Restart.PERMANENT) -> Any:
    watch = supervisor_spec(
        id="watch",
        flags=WATCH,
        children=[stock_template(harness, restart)],
        context=harness.context,
    )
    harness.root(SupervisorFlags(), [watch])
    return harness.ref("watch").proxy()


def test_start_child_adds_a_child_by_key_with_its_arguments(harness: Any) -> None:
    watch = start_watch(harness)

    child_id = watch.start_child("005930", "005930").get(timeout=5)

    assert child_id == "stock/005930"
    assert harness.ref("stock/005930").proxy().code_().get(timeout=5) == "005930"
    snapshot = watch.snapshot().get(timeout=5)
    assert [(c.id, c.key, c.state) for c in snapshot.children] == [
        ("stock/005930", "005930", ChildState.RUNNING)
    ]


def test_starting_the_same_key_twice_is_refused(harness: Any) -> None:
    watch = start_watch(harness)
    watch.start_child("005930", "005930").get(timeout=5)

    with pytest.raises(ChildAlreadyStarted):
        watch.start_child("005930", "005930").get(timeout=5)


def test_terminate_child_stops_and_forgets_it(harness: Any) -> None:
    watch = start_watch(harness)
    watch.start_child("005930", "005930").get(timeout=5)
    watch.start_child("000660", "000660").get(timeout=5)
    ref = harness.ref("stock/005930")

    assert watch.terminate_child("005930").get(timeout=5) is True

    assert not ref.is_alive()
    assert harness.registry.get("stock/005930") is None
    assert watch.which_children().get(timeout=5) == ["stock/000660"]
    assert watch.terminate_child("005930").get(timeout=5) is False


def test_a_crashed_dynamic_child_is_restarted_with_the_same_arguments(harness: Any) -> None:
    watch = start_watch(harness)
    watch.start_child("005930", "005930").get(timeout=5)
    watch.start_child("000660", "000660").get(timeout=5)
    other = harness.ref("stock/000660").actor_urn

    old = harness.crash("stock/005930")

    new = harness.wait_restarted("stock/005930", old)
    assert new.proxy().code_().get(timeout=5) == "005930"
    assert harness.ref("stock/000660").actor_urn == other


def test_a_transient_dynamic_child_that_stops_normally_is_forgotten(harness: Any) -> None:
    watch = start_watch(harness, Restart.TRANSIENT)
    watch.start_child("005930", "005930").get(timeout=5)

    harness.ref("stock/005930").tell("stop")

    harness.wait(lambda: watch.which_children().get(timeout=5) == [])
    assert harness.events.of(EventKind.RESTARTED) == []


def test_a_dynamic_child_failing_to_start_raises_to_the_caller_and_is_not_kept(
    harness: Any,
) -> None:
    watch = start_watch(harness)

    with pytest.raises(StartFailed, match="no bars for 005930"):
        watch.start_child("005930", "005930", True).get(timeout=5)

    assert watch.which_children().get(timeout=5) == []
    assert harness.ref("watch").is_alive()


def test_a_static_supervisor_has_no_start_child(harness: Any) -> None:
    root = harness.root(SupervisorFlags(), [harness.spec("a")])

    with pytest.raises(AttributeError):
        root.proxy().start_child("x")


def test_simple_one_for_one_needs_exactly_one_template(harness: Any) -> None:
    with pytest.raises(StartFailed, match="exactly one template"):
        harness.root(WATCH, [harness.spec("a"), harness.spec("b")])


def test_a_temporary_dynamic_child_that_crashes_is_forgotten(harness: Any) -> None:
    watch = start_watch(harness, Restart.TEMPORARY)
    watch.start_child("005930", "005930").get(timeout=5)

    harness.crash("stock/005930")

    harness.wait(lambda: watch.which_children().get(timeout=5) == [])
    assert harness.registry.get("stock/005930") is None


def test_a_dynamic_supervisor_past_its_intensity_comes_back_empty(harness: Any) -> None:
    watch = start_watch(harness)
    watch.start_child("005930", "005930").get(timeout=5)
    old_watch = harness.ref("watch").actor_urn
    for _ in range(WATCH.intensity):
        old = harness.crash("stock/005930")
        harness.wait_restarted("stock/005930", old)

    harness.crash("stock/005930")

    new_watch = harness.wait_restarted("watch", old_watch)
    assert new_watch.proxy().which_children().get(timeout=5) == []
    assert harness.registry.get("stock/005930") is None
