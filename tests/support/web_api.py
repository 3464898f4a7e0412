"""The API over real HTTP with an agent's services behind it, for the web layer's edge tests.

The risk governor and the scanner are stand-ins that remember what they were told, so a test
can tell a refused request from one that reached the agent; the dashboard is a small fake build.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from actors import ids
from actors.board import SnapshotBoard
from actors.supervision import ThreadingScheduler
from agent.clock import RealClock
from agent.settings import Settings, load_settings
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade
from stockagent.agent_process import AgentProcess
from tests.support.actor_services import RunSwitch, actor_services
from tests.support.inbox import Inbox
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext, SystemControl
from web.token import load_or_create_token

INDEX = "<!doctype html><title>StockAgent</title><div id=root></div>"


@dataclass(frozen=True)
class RunningApi:
    base_url: str
    auth: dict[str, str]
    settings: Settings
    inboxes: dict[str, Any]
    """Actor id (``ids.RISK``, ``ids.SCANNER``) to the stand-in's proxy."""

    def told(self, actor_id: str) -> list[Any]:
        """What the stand-in for ``actor_id`` was told so far."""
        return list(self.inboxes[actor_id].messages().get(timeout=5))


def fake_build(static_dir: Path) -> Path:
    """Write a minimal dashboard build (``index.html`` and one hashed asset) into ``static_dir``."""
    (static_dir / "assets").mkdir(parents=True)
    (static_dir / "index.html").write_text(INDEX, encoding="utf-8")
    (static_dir / "assets" / "index-abc123.js").write_text("console.log(1)", encoding="utf-8")
    return static_dir


@contextmanager
def running_api(
    data_dir: Path,
    *,
    system: SystemControl | None = None,
    environ: dict[str, str] | None = None,
) -> Iterator[RunningApi]:
    """Serve the app with an agent's services and a built dashboard on a loopback port."""
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(data_dir), **(environ or {})})
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    services = actor_services(
        session_factory(engine),
        RealClock(),
        settings=settings,
        scheduler=ThreadingScheduler(),
        board=SnapshotBoard(),
        live=True,
    )
    refs = {actor_id: Inbox.start() for actor_id in (ids.RISK, ids.SCANNER)}
    for actor_id, ref in refs.items():
        services.registry.register(actor_id, ref)
    token = load_or_create_token(data_dir)
    app = create_app(
        AppContext(
            settings=settings,
            engine=engine,
            started_at=RealClock().now(),
            version="t",
            api_token=token,
            board=services.board,
            services=services,
            system=system if system is not None else RunSwitch(),
        ),
        static_dir=fake_build(data_dir / "static"),
    )
    try:
        with serve(app) as base_url:
            yield RunningApi(
                base_url=base_url,
                auth={"Authorization": f"Bearer {token.reveal()}"},
                settings=settings,
                inboxes={actor_id: ref.proxy() for actor_id, ref in refs.items()},
            )
    finally:
        for ref in refs.values():
            ref.stop()
        engine.dispose()


@contextmanager
def agent_api(agent: AgentProcess, data_dir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Serve the API of a real agent process (tests.support.simulated); yield its base URL
    and the bearer header."""
    token = load_or_create_token(data_dir)
    app = create_app(
        AppContext(
            settings=agent.services.settings,
            engine=agent.services.sessions.kw["bind"],
            started_at=datetime.now(UTC),
            version="t",
            api_token=token,
            board=agent.board,
            services=agent.services,
            system=agent,
        )
    )
    with serve(app) as base_url:
        yield base_url, {"Authorization": f"Bearer {token.reveal()}"}
