"""``/ws/live`` over a real WebSocket: token first, events pushed, slow readers coalesced;
every frame decodes as the documented ``LiveFrame``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx
import msgspec
import pytest
from sqlalchemy import Engine
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from actors.board import LiveEvent, SnapshotBoard
from actors.board.events import LiveOrderFilled, LivePriceUpdate
from agent.settings import load_settings
from tests.support.live import filled, stock
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext
from web.live import LiveBatch, LiveFrame, LiveReady
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


async def _messages(socket: Any) -> list[LiveFrame]:
    """Read one frame, as the contract types it: an event, or the events of a batch."""
    frame = msgspec.json.decode(await socket.recv(), type=LiveFrame)
    return list(frame.events) if isinstance(frame, LiveBatch) else [frame]


async def _next(socket: Any, kind: type[Any]) -> Any:
    with anyio.fail_after(5):
        while True:
            for message in await _messages(socket):
                if isinstance(message, kind):
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
        await _next(socket, LiveReady)
        board.publish(LivePriceUpdate, "stock:005930", stock(price=1), code="005930")
        board.publish(LiveOrderFilled, "router", filled(quantity=3), code="000660")
        sent = board.publish(LiveOrderFilled, "router", filled(quantity=7), code="005930")

        received: LiveEvent = await _next(socket, LiveOrderFilled)

    assert received == sent  # the board's event itself, typed payload and all


@pytest.mark.anyio
async def test_a_slow_reader_gets_the_latest_price_not_a_backlog(
    live: tuple[str, str, SnapshotBoard],
) -> None:
    url, token, board = live
    async with connect(url) as socket:
        await socket.send(json.dumps({"type": "auth", "token": token}))
        await _next(socket, LiveReady)
        for price in range(10_000):
            board.publish(LivePriceUpdate, "stock:005930", stock(price=price), code="005930")
        board.publish(LiveOrderFilled, "router", filled(quantity=1), code="005930")

        prices: list[int | None] = []
        done = False
        with anyio.fail_after(10):
            while not done:
                for message in await _messages(socket):
                    if isinstance(message, LivePriceUpdate):
                        prices.append(message.data.price)
                    done = done or isinstance(message, LiveOrderFilled)

    assert len(prices) < 10_000
    assert prices[-1] == 9_999


def test_a_plain_get_is_told_to_upgrade(live: tuple[str, str, SnapshotBoard]) -> None:
    url, _, _ = live

    response = httpx.get(url.replace("ws://", "http://"))

    assert response.status_code == 426
    assert response.headers["upgrade"] == "websocket"
