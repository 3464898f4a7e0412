"""Starting one child: its factory, its on_start and its start timeout decide the outcome."""

from __future__ import annotations

import threading
from typing import Any

import pykka
import pytest

from actors.supervision import (
    ChildLink,
    ChildSpec,
    EventKind,
    StartFailed,
    SupervisedActor,
    SupervisorFlags,
)


class SlowStart(SupervisedActor):
    def __init__(self, link: ChildLink, release: threading.Event) -> None:
        super().__init__(link)
        self.release = release

    def on_start(self) -> None:
        self.release.wait(5)


def test_a_factory_that_raises_fails_the_start_with_its_reason(harness: Any) -> None:
    def factory(_link: ChildLink) -> pykka.ActorRef[Any]:
        raise ConnectionError("broker unreachable")

    with pytest.raises(StartFailed, match="ConnectionError: broker unreachable"):
        harness.root(SupervisorFlags(), [ChildSpec(id="gw", factory=factory)])


def test_a_factory_that_returns_no_actor_ref_fails_the_start(harness: Any) -> None:
    def factory(_link: ChildLink) -> Any:
        return None  # e.g. forgot to return Actor.start(...)

    with pytest.raises(StartFailed, match="not an ActorRef"):
        harness.root(SupervisorFlags(), [ChildSpec(id="gw", factory=factory)])


def test_an_on_start_slower_than_start_timeout_fails_the_start(harness: Any) -> None:
    release = threading.Event()
    spec = ChildSpec(
        id="gw", factory=lambda link: SlowStart.start(link, release), start_timeout=0.05
    )
    try:
        with pytest.raises(StartFailed, match="did not finish"):
            harness.root(SupervisorFlags(), [spec])

        failed = harness.events.of(EventKind.START_FAILED, "gw")
        assert len(failed) == 1
        assert failed[0].abnormal
    finally:
        release.set()
