"""A whole tree as the app builds it: root, workers, and a dynamic watch supervisor."""

from __future__ import annotations

from typing import Any

import pykka

from actors.supervision import (
    Backoff,
    ChildLink,
    ChildSpec,
    EventKind,
    Restart,
    Strategy,
    SupervisedActor,
    SupervisorFlags,
    snapshot_tree,
    supervisor_spec,
)


class Stock(SupervisedActor):
    def __init__(self, link: ChildLink, code: str) -> None:
        super().__init__(link)
        self.code = code


def stock_factory(link: ChildLink, code: str) -> pykka.ActorRef[Any]:
    return Stock.start(link, code)


def test_a_tree_starts_in_order_and_a_peer_finds_the_current_gateway(harness: Any) -> None:
    watch = supervisor_spec(
        id="watch",
        flags=SupervisorFlags(strategy=Strategy.SIMPLE_ONE_FOR_ONE, intensity=10, period=60),
        children=[ChildSpec(id="stock", factory=stock_factory, restart=Restart.TRANSIENT)],
        context=harness.context,
    )
    harness.root(
        SupervisorFlags(strategy=Strategy.ONE_FOR_ONE, intensity=3, period=60),
        [
            harness.spec("gateway", backoff=Backoff(initial=1.0)),
            harness.spec("account"),
            harness.spec("risk"),
            watch,
        ],
    )
    harness.registry.proxy("watch").start_child("005930", "005930").get(timeout=5)
    old = harness.crash("gateway")
    harness.wait(lambda: harness.events.of(EventKind.RESTART_SCHEDULED, "gateway"))
    assert harness.registry.get("gateway") is None

    harness.scheduler.advance(1.0)

    gateway = harness.wait_restarted("gateway", old)
    assert harness.registry.get("gateway") is gateway
    assert harness.registry.ids() == [
        "account",
        "gateway",
        "risk",
        "root",
        "stock/005930",
        "watch",
    ]
    assert harness.root_failures == []


def test_snapshot_tree_reads_every_supervisor_parents_first(harness: Any) -> None:
    inner = supervisor_spec(
        id="inner",
        flags=SupervisorFlags(),
        children=[harness.spec("leaf")],
        context=harness.context,
    )
    harness.root(SupervisorFlags(), [harness.spec("gateway"), inner])

    snapshots = snapshot_tree(harness.registry, "root")

    assert [s.id for s in snapshots] == ["root", "inner"]
    assert [c.id for c in snapshots[0].children] == ["gateway", "inner"]
    assert [c.id for c in snapshots[1].children] == ["leaf"]


def test_snapshot_tree_of_a_missing_root_is_empty(harness: Any) -> None:
    assert snapshot_tree(harness.registry, "root") == []
