"""``GET /market/bars``: today's recorded minute bars, guarded by the token like every route."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from actors import ids
from actors.board import SnapshotBoard
from actors.scheduler.actor import MarketStatus
from agent.marketdata import Bar
from agent.settings import load_settings
from agent.store.engine import session_factory
from agent.store.repositories.market import BarRepository
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext
from web.token import load_or_create_token

OPEN = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # 09:00 KST


def bar(code: str, start: datetime, close: int) -> Bar:
    return Bar(
        code=code,
        start=start,
        open=close - 100,
        high=close + 100,
        low=close - 200,
        close=close,
        volume=1_000,
        turnover_won=close * 1_000,
        trades=10,
    )


@pytest.fixture
def market_api(tmp_path: Path, engine: Engine) -> Iterator[tuple[str, dict[str, str]]]:
    BarRepository(session_factory(engine)).insert_many(
        [
            bar("005930", OPEN + timedelta(minutes=1), 72_100),
            bar("005930", OPEN, 72_000),
            bar("005930", OPEN - timedelta(days=1), 70_000),  # yesterday
            bar("000660", OPEN, 190_000),
        ]
    )
    board = SnapshotBoard()
    board.publish_snapshot(
        ids.SCHEDULER,
        MarketStatus(
            at=OPEN, trading_date="2026-11-24", phase="continuous", mode="demo", next_change=None
        ),
    )
    token = load_or_create_token(tmp_path)
    app = create_app(
        AppContext(
            settings=load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)}),
            engine=engine,
            started_at=OPEN,
            version="t",
            api_token=token,
            board=board,
        )
    )
    with serve(app) as base_url:
        yield base_url, {"Authorization": f"Bearer {token.reveal()}"}


def test_market_bars_lists_todays_bars_of_one_code_oldest_first(
    market_api: tuple[str, dict[str, str]],
) -> None:
    base, auth = market_api

    response = httpx.get(f"{base}/api/v1/market/bars", params={"code": "005930"}, headers=auth)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "005930"
    assert body["trading_date"] == "2026-11-24"
    assert [b["close"] for b in body["bars"]] == [72_000, 72_100]
    assert body["bars"][0]["start"].startswith("2026-11-24T00:00:00")
    assert body["bars"][0]["turnover"] == 72_000_000


def test_market_bars_refuses_a_malformed_code_with_a_message(
    market_api: tuple[str, dict[str, str]],
) -> None:
    base, auth = market_api

    response = httpx.get(f"{base}/api/v1/market/bars", params={"code": "59'30"}, headers=auth)

    assert response.status_code == 400
    assert "not a KRX stock code" in response.json()["detail"]


def test_market_bars_requires_a_code(market_api: tuple[str, dict[str, str]]) -> None:
    base, auth = market_api

    response = httpx.get(f"{base}/api/v1/market/bars", headers=auth)

    assert response.status_code == 400


def test_market_bars_needs_the_token(market_api: tuple[str, dict[str, str]]) -> None:
    base, _ = market_api

    response = httpx.get(f"{base}/api/v1/market/bars", params={"code": "005930"})

    assert response.status_code == 401
