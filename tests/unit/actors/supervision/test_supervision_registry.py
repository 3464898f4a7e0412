"""Peers are found by stable id; the registry always answers with the current incarnation."""

from __future__ import annotations

from typing import Any

import pykka
import pytest

from actors.supervision import (
    Backoff,
    DuplicateChildId,
    Registry,
    StartFailed,
    SupervisorFlags,
    supervisor_spec,
)


class Plain(pykka.ThreadingActor):
    pass


def test_registry_returns_the_new_ref_after_a_restart(harness: Any) -> None:
    harness.root(SupervisorFlags(), [harness.spec("gateway")])
    first = harness.ref("gateway")

    harness.crash("gateway")

    second = harness.wait_restarted("gateway", first.actor_urn)
    assert harness.registry.get("gateway") is second
    assert harness.registry.proxy("gateway") is not None
    assert not first.is_alive()


def test_registry_answers_none_while_a_child_waits_for_its_backoff(harness: Any) -> None:
    harness.root(SupervisorFlags(), [harness.spec("gateway", backoff=Backoff(initial=5))])

    harness.crash("gateway")

    harness.wait(lambda: harness.registry.get("gateway") is None)
    assert harness.registry.proxy("gateway") is None


def test_registry_lists_the_root_and_every_child(harness: Any) -> None:
    harness.root(SupervisorFlags(), [harness.spec("a"), harness.spec("b")])

    assert harness.registry.ids() == ["a", "b", "root"]


def test_unregister_with_a_stale_ref_keeps_the_newer_incarnation() -> None:
    registry = Registry()
    old, new = Plain.start(), Plain.start()
    registry.register("x", old)
    old.stop()
    registry.register("x", new)

    registry.unregister("x", old)

    assert registry.get("x") is new


def test_registry_hides_a_dead_ref() -> None:
    registry = Registry()
    ref = Plain.start()
    registry.register("x", ref)

    ref.stop()

    assert registry.get("x") is None
    assert registry.proxy("x") is None


def test_registering_an_id_held_by_another_live_actor_is_refused() -> None:
    registry = Registry()
    first, second = Plain.start(), Plain.start()
    registry.register("gateway", first)

    with pytest.raises(DuplicateChildId):
        registry.register("gateway", second)

    assert registry.get("gateway") is first


def test_two_children_of_a_tree_with_one_id_fail_the_start(harness: Any) -> None:
    inner = supervisor_spec(
        id="inner", flags=SupervisorFlags(), children=[harness.spec("a")], context=harness.context
    )

    with pytest.raises(StartFailed, match="already held"):
        harness.root(SupervisorFlags(), [harness.spec("a"), inner])

    assert harness.registry.get("a") is None
