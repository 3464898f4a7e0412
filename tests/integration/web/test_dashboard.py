"""The Litestar app serves the built dashboard at ``/`` without shadowing the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from agent.secret import Secret
from agent.settings import load_settings
from agent.store.engine import create_db_engine
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext

INDEX = "<!doctype html><title>StockAgent</title><div id=root></div>"


def _app(data_dir: Path, static_dir: Path) -> object:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(data_dir)})
    return create_app(
        AppContext(
            settings=settings,
            engine=create_db_engine(settings.database_url),
            started_at=datetime.now(UTC),
            version="t",
            api_token=Secret("test-token-123456"),
        ),
        static_dir=static_dir,
    )


@pytest.fixture
def built(tmp_path: Path) -> Iterator[str]:
    static = tmp_path / "static"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text(INDEX, encoding="utf-8")
    (static / "assets" / "index-abc123.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    with serve(_app(tmp_path / "data", static)) as base_url:
        yield base_url


def test_root_serves_the_dashboard_index(built: str) -> None:
    response = httpx.get(f"{built}/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == INDEX
    assert response.headers["cache-control"] == "no-cache"


def test_deep_links_load_the_index_for_the_dashboards_router(built: str) -> None:
    for path in ("/trades", "/trades/17", "/system"):
        response = httpx.get(f"{built}{path}")
        assert response.status_code == 200, path
        assert response.text == INDEX, path


def test_built_assets_are_served_with_their_type_and_cached_for_good(built: str) -> None:
    response = httpx.get(f"{built}/assets/index-abc123.js")

    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert "immutable" in response.headers["cache-control"]
    assert httpx.get(f"{built}/assets/missing-000.js").status_code == 404


def test_the_api_the_websocket_and_the_schema_are_not_shadowed(built: str) -> None:
    assert httpx.get(f"{built}/api/v1/health").json()["status"] in {"ok", "degraded"}
    assert httpx.get(f"{built}/api/v1/account/balance").status_code == 401
    assert httpx.get(f"{built}/api/v1/no-such-endpoint").status_code == 404
    assert httpx.get(f"{built}/ws/nothing").status_code == 404
    assert httpx.get(f"{built}/ws/live").status_code == 426  # the WebSocket's, documented
    schema = httpx.get(f"{built}/schema/openapi.json")
    assert schema.status_code == 200
    assert [p for p in schema.json()["paths"] if not p.startswith("/api/")] == ["/ws/live"]


def test_files_outside_the_build_are_never_served(built: str) -> None:
    response = httpx.get(f"{built}/..%2fsecret.txt")

    assert "outside" not in response.text


def test_without_a_build_the_root_says_how_to_build_it(tmp_path: Path) -> None:
    with serve(_app(tmp_path / "data", tmp_path / "no-build")) as base_url:
        response = httpx.get(f"{base_url}/")
        deep = httpx.get(f"{base_url}/trades")

    assert response.status_code == 200
    assert "make ui" in response.text
    assert deep.status_code == 200
