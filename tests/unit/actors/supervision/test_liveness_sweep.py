"""The liveness sweep catches a child that died without reporting, on the injected clock."""

from __future__ import annotations

from typing import Any

import pykka

from actors.supervision import ChildLink, ChildSpec, EventKind, SupervisorFlags


class Silent(pykka.ThreadingActor):
    """A plain pykka actor: it never reports its exit to anyone."""


def silent_spec() -> ChildSpec:
    def factory(_link: ChildLink) -> pykka.ActorRef[Any]:
        return Silent.start()

    return ChildSpec(id="silent", factory=factory)


def test_a_silent_death_is_found_after_two_sweeps_and_restarted(harness: Any) -> None:
    harness.root(SupervisorFlags(), [silent_spec()])
    old = harness.ref("silent")
    old.stop()
    harness.advance(1.0)  # first sweep: seen dead, grace for a report in flight

    harness.advance(1.0)

    harness.wait_restarted("silent", old.actor_urn)
    exited = harness.events.of(EventKind.EXITED, "silent")[0]
    assert exited.reason == "found dead by the liveness sweep"


def test_a_live_child_is_left_alone_by_the_sweep(harness: Any) -> None:
    harness.root(SupervisorFlags(), [silent_spec()])
    urn = harness.ref("silent").actor_urn

    for _ in range(5):
        harness.advance(1.0)

    assert harness.ref("silent").actor_urn == urn
    assert harness.events.of(EventKind.EXITED) == []
