"""``WS /ws/live``: the board's events, pushed to the dashboard.

Protocol (JSON text frames):

* client, first message within 5 s: ``{"type": "auth", "token": "<api token>"}`` (the token
  never travels in the URL, where it would end up in logs); then optionally
  ``{"type": "subscribe", "topics": [...], "codes": [...]}`` (empty: everything);
* server: ``{"type": "ready"}``, then one ``{"type": <topic>, "seq", "at", "source", "code",
  "data"}`` per event (topics: price_update, position_update, trade_signal, order_update,
  order_filled, system_status, actor_restarted, actor_event, scanner_update, news),
  several events at once as ``{"type": "batch", "events": [...]}``,
  ``{"type": "heartbeat", "at"}`` every 15 s, and ``{"type": "lagging", "dropped": n,
  "coalesced": m}`` when the client fell behind. A slow client gets the newest price instead
  of a backlog, or loses its oldest events; it never slows an actor or another client.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import msgspec
from litestar import WebSocket, websocket
from litestar.di import NamedDependency
from litestar.exceptions import WebSocketDisconnect

from actors.board import LiveEvent, Topic
from actors.board.subscription import Subscription, make_filter
from web.context import AppContext
from web.token import matches

log = logging.getLogger(__name__)

AUTH_TIMEOUT_S = 5.0
HEARTBEAT_S = 15.0
QUEUE_CAPACITY = 500
BATCH = 200
UNAUTHORIZED = 4401
NO_AGENT = 4503


class Hello(msgspec.Struct, frozen=True):
    type: str
    token: str | None = None
    topics: list[str] = []
    codes: list[str] = []


_encoder = msgspec.json.Encoder()


@websocket("/ws/live")
async def live(socket: WebSocket[Any, Any, Any], ctx: NamedDependency[AppContext]) -> None:
    await socket.accept()
    try:
        raw = await asyncio.wait_for(socket.receive_text(), AUTH_TIMEOUT_S)
        hello = msgspec.json.decode(raw, type=Hello)
    except (TimeoutError, msgspec.DecodeError, RecursionError, WebSocketDisconnect):
        # RecursionError: JSON nested deeper than the stack allows, no greeting either.
        await socket.close(code=UNAUTHORIZED, reason="send {type: auth, token} first")
        return
    if hello.type != "auth" or not matches(ctx.api_token, hello.token):
        await socket.close(code=UNAUTHORIZED, reason="invalid token")
        return
    if ctx.board is None:
        await socket.close(code=NO_AGENT, reason="the trading agent is not running")
        return
    await _stream(socket, ctx, _topics(hello.topics), hello.codes)


def _topics(names: list[str]) -> list[Topic]:
    return [Topic(name) for name in names if name in Topic._value2member_map_]


async def _stream(
    socket: WebSocket[Any, Any, Any], ctx: AppContext, topics: list[Topic], codes: list[str]
) -> None:
    board = ctx.board
    if board is None:
        return
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()

    def on_ready() -> None:
        loop.call_soon_threadsafe(wake.set)

    # The board calls on_ready from an actor's thread: cross into this loop thread-safely.
    subscription = board.subscribe(
        topics=topics,
        codes=codes,
        capacity=QUEUE_CAPACITY,
        on_ready=on_ready,
    )
    reader = asyncio.create_task(_read(socket, subscription, wake))
    reported = (0, 0)
    try:
        await socket.send_text(_encoder.encode({"type": "ready"}).decode())
        while not reader.done():
            try:
                await asyncio.wait_for(wake.wait(), HEARTBEAT_S)
            except TimeoutError:
                await socket.send_text(_heartbeat())
                continue
            wake.clear()
            while events := subscription.drain(BATCH):
                # One frame per wake-up, not per event: at the open a client may be owed
                # thousands of events a second, and the per-frame cost dominates.
                await socket.send_text(_frame(events[0]) if len(events) == 1 else _batch(events))
            lag = (subscription.dropped, subscription.coalesced)
            if subscription.dropped > reported[0]:
                await socket.send_text(
                    _encoder.encode(
                        {"type": "lagging", "dropped": lag[0], "coalesced": lag[1]}
                    ).decode()
                )
            reported = lag
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        subscription.close()
        reader.cancel()


async def _read(
    socket: WebSocket[Any, Any, Any], subscription: Subscription, wake: asyncio.Event
) -> None:
    """Follow the client's subscribe messages until it disconnects, then wake the sender."""
    try:
        while True:
            raw = await socket.receive_text()
            try:
                hello = msgspec.json.decode(raw, type=Hello)
            except (msgspec.DecodeError, RecursionError):
                continue
            if hello.type == "subscribe":
                subscription.filter = make_filter(_topics(hello.topics), hello.codes)
    except (WebSocketDisconnect, RuntimeError):
        return
    finally:
        wake.set()


def _event(event: LiveEvent) -> dict[str, Any]:
    return {
        "type": event.topic.value,
        "seq": event.seq,
        "at": event.at,
        "source": event.source,
        "code": event.code,
        "data": event.data,
    }


def _frame(event: LiveEvent) -> str:
    return _encoder.encode(_event(event)).decode()


def _batch(events: list[LiveEvent]) -> str:
    return _encoder.encode({"type": "batch", "events": [_event(e) for e in events]}).decode()


def _heartbeat() -> str:
    return _encoder.encode({"type": "heartbeat", "at": datetime.now(UTC)}).decode()
