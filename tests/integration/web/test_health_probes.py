"""``/api/v1/health/live`` and ``/ready`` over real HTTP, without a token, in their states."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pykka
import pytest
from sqlalchemy import Engine

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.board import SnapshotBoard
from actors.gateway.messages import GatewaySnapshot
from actors.runtime.services import Services
from actors.supervision import ChildExited, Registry, ThreadingScheduler, WatchdogThread
from agent.clock import KST, ManualClock
from agent.settings import load_settings
from agent.store.engine import session_factory
from tests.support.actor_services import actor_services
from tests.support.servers import serve
from tests.support.waiting import wait_until
from web.app import create_app
from web.context import AppContext
from web.token import load_or_create_token

NOW = datetime(2026, 3, 4, 9, 40, tzinfo=KST)


class Idle(pykka.ThreadingActor):
    """A live actor: stands in for the root of a running tree, or for a peer that ignores us."""


class Hung(pykka.ThreadingActor):
    """Blocks in its handler until the gate opens."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__()
        self.gate = gate

    def on_receive(self, message: Any) -> Any:
        self.gate.wait(10)


@dataclasses.dataclass
class Agent:
    base_url: str
    board: SnapshotBoard
    registry: Registry
    watchdog: WatchdogThread
    fatal: list[ChildExited]


@pytest.fixture
def agent(tmp_path: Path, engine: Engine) -> Iterator[Agent]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    board, registry = SnapshotBoard(), Registry()
    fatal: list[ChildExited] = []
    watchdog = WatchdogThread(on_fatal=fatal.append, interval=0.05, worker_stuck_after=0.5)
    services: Services = dataclasses.replace(
        actor_services(
            session_factory(engine),
            ManualClock(NOW),
            settings=settings,
            scheduler=ThreadingScheduler(),
            board=board,
            registry=registry,
        ),
        watchdog=watchdog,
    )
    root = Idle.start()
    registry.register(ids.ROOT, root)
    app = create_app(
        AppContext(
            settings=settings,
            engine=engine,
            started_at=NOW,
            version="t",
            api_token=load_or_create_token(tmp_path),
            board=board,
            services=services,
        )
    )
    watchdog.start()
    try:
        with serve(app) as base_url:
            yield Agent(base_url, board, registry, watchdog, fatal)
    finally:
        watchdog.stop()
        pykka.ActorRegistry.stop_all(timeout=10)


def _publish(agent: Agent, *, reconciled_ago: timedelta | None) -> None:
    agent.board.publish_snapshot(
        ids.ACCOUNT,
        AccountSnapshot(
            at=NOW,
            cash=50_000_000,
            orderable=40_000_000,
            orderable_cash_only=40_000_000,
            capital=30_000_000,
            equity=101_000_000,
            realized_pnl=0,
            open_pnl=0,
            positions=(),
            reconciled_at=None if reconciled_ago is None else NOW - reconciled_ago,
        ),
    )
    agent.board.publish_snapshot(
        ids.GATEWAY,
        GatewaySnapshot(session_open=True, realtime_connected=True, base_url="http://sim"),
    )


def test_ready_when_the_tree_runs_the_account_is_reconciled_and_the_feed_is_live(
    agent: Agent,
) -> None:
    _publish(agent, reconciled_ago=timedelta(seconds=5))

    response = httpx.get(f"{agent.base_url}/api/v1/health/ready")  # no token

    assert response.status_code == 200
    body = response.json()
    assert (body["ready"], body["failing"]) == (True, [])
    assert {c["name"]: c["state"] for c in body["checks"]} == {
        "tree": "running",
        "broker": "reconciled",
        "feed": "realtime",
    }
    assert "50000000" not in response.text  # names, states and ages; never account figures


def test_not_ready_while_the_broker_has_not_been_reconciled(agent: Agent) -> None:
    _publish(agent, reconciled_ago=None)

    response = httpx.get(f"{agent.base_url}/api/v1/health/ready")

    assert response.status_code == 503
    body = response.json()
    assert (body["ready"], body["failing"]) == (False, ["broker"])
    broker = next(c for c in body["checks"] if c["name"] == "broker")
    assert (broker["ok"], broker["state"]) == (False, "never")


def test_live_with_the_api_loop_beating_under_the_watchdog(agent: Agent) -> None:
    wait_until(
        lambda: any(b.id == "loop/api" for b in agent.watchdog.report().beats),
        message="for the app to hand its loop to the watchdog",
    )

    response = httpx.get(f"{agent.base_url}/api/v1/health/live")

    assert response.status_code == 200
    body = response.json()
    assert (body["live"], body["failing"]) == (True, [])
    states = {c["name"]: c["state"] for c in body["checks"]}
    assert states == {"watchdog": "running", "api_loop": "beating", "actors": "none watched"}


def test_not_live_while_an_actor_is_stuck_and_the_code_it_watches_stays_private(
    agent: Agent,
) -> None:
    gate = threading.Event()
    hung = Hung.start(gate)
    try:
        hung.tell("hang")
        agent.watchdog.watch_actor("stock/005930", hung, supervisor=Idle.start())
        wait_until(
            lambda: any(b.stuck for b in agent.watchdog.report().beats),
            message="for the watchdog to find it stuck",
        )

        response = httpx.get(f"{agent.base_url}/api/v1/health/live")
    finally:
        gate.set()

    assert response.status_code == 503
    body = response.json()
    assert (body["live"], body["failing"]) == (False, ["actors"])
    actors = next(c for c in body["checks"] if c["name"] == "actors")
    assert actors["state"] == "stuck: stock"
    assert "005930" not in response.text
    assert agent.fatal == []
