"""Every way a pykka actor can die reaches its supervisor as one ChildExited report."""

from __future__ import annotations

import threading
from typing import Any

import pykka
import pytest

from actors.supervision import ChildExited, ChildLink, InvariantViolation, SupervisedActor
from tests.unit.actors.supervision.conftest import Violate


class Reports:
    """A link target that records what the actor reported."""

    def __init__(self) -> None:
        self.items: list[ChildExited] = []
        self.lock = threading.Lock()

    def __call__(self, exited: ChildExited) -> None:
        with self.lock:
            self.items.append(exited)

    def link(self) -> ChildLink:
        return ChildLink(child_id="worker", notify=self)


@pytest.fixture
def reports() -> Reports:
    return Reports()


def test_normal_stop_reports_a_normal_exit(harness: Any, reports: Reports) -> None:
    ref = harness.start_unsupervised(reports.link())

    ref.stop()

    harness.wait(lambda: reports.items)
    assert reports.items == [
        ChildExited(id="worker", actor_urn=ref.actor_urn, abnormal=False, reason="normal")
    ]


def test_crash_in_a_tell_reports_an_abnormal_exit_with_reason_and_digest(
    harness: Any, reports: Reports
) -> None:
    ref = harness.start_unsupervised(reports.link())

    ref.tell("crash")

    harness.wait(lambda: reports.items)
    (exited,) = reports.items
    assert exited.abnormal
    assert exited.reason == "RuntimeError: boom"
    assert exited.traceback_digest is not None
    assert not ref.is_alive()


def test_crash_in_on_start_reports_an_abnormal_exit(harness: Any, reports: Reports) -> None:
    ref = harness.start_unsupervised(reports.link(), fail_starts=1)

    harness.wait(lambda: reports.items)
    assert reports.items[0].abnormal
    assert reports.items[0].reason == "RuntimeError: cannot connect"
    harness.wait(lambda: not ref.is_alive())


def test_invariant_violation_in_an_ask_reaches_the_caller_and_stops_the_actor(
    harness: Any, reports: Reports
) -> None:
    ref = harness.start_unsupervised(reports.link())

    with pytest.raises(InvariantViolation):
        ref.proxy().violate().get(timeout=5)

    harness.wait(lambda: reports.items)
    assert reports.items[0].abnormal
    assert reports.items[0].reason == "InvariantViolation: cash went negative"
    assert not ref.is_alive()
    with pytest.raises(pykka.ActorDeadError):
        ref.ask("anything", timeout=5)


def test_an_asked_message_struct_breaking_an_invariant_stops_the_actor_too(
    harness: Any, reports: Reports
) -> None:
    ref = harness.start_unsupervised(reports.link())

    with pytest.raises(InvariantViolation):
        ref.ask(Violate(), timeout=5)  # message structs skip pykka's own dispatch

    harness.wait(lambda: reports.items)
    assert reports.items[0].reason == "InvariantViolation: cash went negative"
    assert not ref.is_alive()


def test_business_error_in_an_ask_only_reaches_the_caller(harness: Any, reports: Reports) -> None:
    ref = harness.start_unsupervised(reports.link())
    proxy = ref.proxy()

    with pytest.raises(ValueError, match="rejected"):
        proxy.reject().get(timeout=5)

    assert proxy.ping().get(timeout=5) == "pong"
    assert reports.items == []


def test_an_actor_reports_only_once_even_when_its_failure_hook_also_runs(
    harness: Any, reports: Reports
) -> None:
    ref = harness.start_unsupervised(reports.link())

    ref.tell(pykka.messages.ProxyCall(attr_path=("violate",), args=(), kwargs={}))

    harness.wait(lambda: not ref.is_alive())
    harness.wait(lambda: reports.items)
    assert len(reports.items) == 1
    assert reports.items[0].abnormal


class BrokenCleanup(SupervisedActor):
    def on_stop(self) -> None:
        raise OSError("flush failed")


def test_crash_in_on_stop_reports_an_abnormal_exit(reports: Reports) -> None:
    ref = BrokenCleanup.start(reports.link())

    ref.stop()

    assert reports.items[0].abnormal
    assert reports.items[0].reason == "OSError: flush failed"


class Layered(SupervisedActor):
    def on_start(self) -> None:
        super().on_start()
        raise KeyError("missing config")


class Derived(Layered):
    def on_start(self) -> None:
        super().on_start()


def test_overridden_hooks_in_a_class_chain_still_report_once(reports: Reports) -> None:
    ref = Derived.start(reports.link())

    with pytest.raises(pykka.ActorDeadError):
        ref.ask("ping", timeout=5)

    assert len(reports.items) == 1
    assert reports.items[0].reason.startswith("KeyError")


class Exiter(SupervisedActor):
    def on_receive(self, message: Any) -> Any:
        raise SystemExit(3)


def test_base_exception_in_an_actor_is_reported_as_abnormal(harness: Any, reports: Reports) -> None:
    ref = Exiter.start(reports.link())

    ref.tell("exit")

    harness.wait(lambda: reports.items)
    assert not ref.is_alive()
    assert reports.items[0].abnormal
    assert reports.items[0].reason == "SystemExit: 3"


def test_unlinked_supervised_actor_runs_without_reporting() -> None:
    ref = SupervisedActor.start()

    assert ref.stop(timeout=5) is True


class Ledger(SupervisedActor):
    fatal_ask_errors = (InvariantViolation, ArithmeticError)

    def divide(self, a: int, b: int) -> float:
        return a / b


def test_an_actor_can_name_more_ask_errors_that_mean_it_is_broken(
    harness: Any, reports: Reports
) -> None:
    ref = Ledger.start(reports.link())

    with pytest.raises(ZeroDivisionError):
        ref.proxy().divide(1, 0).get(timeout=5)

    harness.wait(lambda: reports.items)
    assert reports.items[0].abnormal
    assert not ref.is_alive()
