"""``/ws/live`` over a real WebSocket: token first, events pushed, slow readers coalesced."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import pytest
from sqlalchemy import Engine
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from actors.board import SnapshotBoard
from actors.board.events import LiveOrderFilled, LivePriceUpdate
from agent.settings import load_settings
from tests.support.live import filled, stock
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext
from web.token import load_or_create_token

T0 = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)


@pytest.fixture
def live(tmp_path: Path, engine: Engine) -> Iterator[tuple[str, str, SnapshotBoard]]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    board = SnapshotBoard()
    token = load_or_create_token(tmp_path)
    app = create_app(
        AppContext(
            settings=settings,
            engine=engine,
            started_at=T0,
            version="t",
            api_token=token,
            board=board,
        )
    )
    with serve(app) as base_url:
        yield base_url.replace("http://", "ws://") + "/ws/live", token.reveal(), board


async def _messages(socket: Any) -> list[dict[str, Any]]:
    """Read one frame: an event, or the events of a batch."""
    message: dict[str, Any] = json.loads(await socket.recv())
    return list(message["events"]) if message["type"] == "batch" else [message]


async def _next(socket: Any, kind: str) -> dict[str, Any]:
    with anyio.fail_after(5):
        while True:
            for message in await _messages(socket):
                if message["type"] == kind:
                    return message


@pytest.mark.anyio
async def test_a_wrong_token_closes_the_socket(live: tuple[str, str, SnapshotBoard]) -> None:
    url, _, _ = live
    async with connect(url) as socket:
        await socket.send(json.dumps({"type": "auth", "token": "nope"}))
        with pytest.raises(ConnectionClosed) as closed:
            with anyio.fail_after(5):
                await socket.recv()

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401


@pytest.mark.anyio
async def test_subscribed_events_are_pushed_after_authentication(
    live: tuple[str, str, SnapshotBoard],
) -> None:
    url, token, board = live
    async with connect(url) as socket:
        await socket.send(
            json.dumps(
                {"type": "auth", "token": token, "topics": ["order_filled"], "codes": ["005930"]}
            )
        )
        await _next(socket, "ready")
        board.publish(LivePriceUpdate, "stock:005930", stock(price=1), code="005930")
        board.publish(LiveOrderFilled, "router", filled(quantity=3), code="000660")
        board.publish(LiveOrderFilled, "router", filled(quantity=7), code="005930")

        received = await _next(socket, "order_filled")

    assert received["code"] == "005930"
    assert received["data"]["fill"]["quantity"] == 7


@pytest.mark.anyio
async def test_a_slow_reader_gets_the_latest_price_not_a_backlog(
    live: tuple[str, str, SnapshotBoard],
) -> None:
    url, token, board = live
    async with connect(url) as socket:
        await socket.send(json.dumps({"type": "auth", "token": token}))
        await _next(socket, "ready")
        for price in range(10_000):
            board.publish(LivePriceUpdate, "stock:005930", stock(price=price), code="005930")
        board.publish(LiveOrderFilled, "router", filled(quantity=1), code="005930")

        prices: list[int] = []
        done = False
        with anyio.fail_after(10):
            while not done:
                for message in await _messages(socket):
                    if message["type"] == "price_update":
                        prices.append(message["data"]["price"])
                    done = done or message["type"] == "order_filled"

    assert len(prices) < 10_000
    assert prices[-1] == 9_999
