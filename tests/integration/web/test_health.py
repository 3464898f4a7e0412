"""The API answers its health endpoint over real HTTP on loopback."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx

from agent.secret import Secret
from agent.settings import load_settings
from agent.store.engine import create_db_engine
from agent.store.migrate import upgrade
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext


def _app(tmp_path: Path, migrated: bool) -> object:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    engine = create_db_engine(settings.database_url)
    if migrated:
        upgrade(engine)
    return create_app(
        AppContext(
            settings=settings,
            engine=engine,
            started_at=datetime.now(UTC),
            version="t",
            api_token=Secret("test-token-123456"),
        )
    )


def test_health_reports_ok_on_a_migrated_database(tmp_path: Path) -> None:
    with serve(_app(tmp_path, migrated=True)) as base_url:
        response = httpx.get(f"{base_url}/api/v1/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["mode"] == "demo"


def test_health_reports_degraded_before_migration(tmp_path: Path) -> None:
    with serve(_app(tmp_path, migrated=False)) as base_url:
        body = httpx.get(f"{base_url}/api/v1/health").json()

    assert body["status"] == "degraded"
    assert body["database"] == "not_migrated"
