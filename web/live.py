"""``WS /ws/live``: the board's events, pushed to the dashboard.

Protocol (JSON text frames):

* client, first message within 5 s: ``{"type": "auth", "token": "<api token>"}`` (the token
  never travels in the URL, where it would end up in logs); then optionally
  ``{"type": "subscribe", "topics": [...], "codes": [...]}`` (empty: everything);
* server: :data:`LiveFrame` messages: ``{"type": "ready"}``, then one board event per frame
  (:data:`actors.board.LiveEvent`: ``{"type": <topic>, "seq", "at", "source", "code",
  "data"}``, the payload typed by the topic), several at once as ``{"type": "batch",
  "events": [...]}``, ``{"type": "heartbeat", "at"}`` every 15 s, and ``{"type": "lagging",
  "dropped": n, "coalesced": m}`` when the client fell behind. A slow client gets the newest
  price instead of a backlog, or loses its oldest events; it never slows an actor or another
  client.

OpenAPI has no WebSocket operations: ``GET /ws/live`` (:func:`live_contract`) documents the
frames as its ``101`` response, and answers a plain GET with 426.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any, Union

import msgspec
from litestar import MediaType, Response, WebSocket, get, websocket
from litestar.di import NamedDependency
from litestar.exceptions import WebSocketDisconnect
from litestar.openapi import ResponseSpec
from litestar.status_codes import HTTP_426_UPGRADE_REQUIRED

from actors.board import LiveEvent, Topic
from actors.board.events import ActorReport, StatusChange
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


class LiveReady(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag="ready"):
    """The token was accepted: events follow."""


class LiveHeartbeat(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag="heartbeat"):
    """Nothing happened for 15 s; the connection is alive."""

    at: datetime


class LiveLagging(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag="lagging"):
    """The client fell behind: events dropped and coalesced for it so far."""

    dropped: int
    coalesced: int


class LiveBatch(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag="batch"):
    """Several events at once, oldest first."""

    events: tuple[LiveEvent, ...]


# typing.Union (hence the noqa), so the OpenAPI document can name it (web/unions.py).
LiveFrame = Union[LiveReady, LiveHeartbeat, LiveLagging, LiveBatch, LiveEvent]  # noqa: UP007
"""Every message the server sends, tagged by ``type``."""

NAMED_UNIONS = {
    "LiveFrame": LiveFrame,
    "LiveEvent": LiveEvent,
    "StatusChange": StatusChange,
    "ActorReport": ActorReport,
}
"""The live contract's unions, each a named component of the OpenAPI document."""

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
        await socket.send_text(_text(LiveReady()))
        while not reader.done():
            try:
                await asyncio.wait_for(wake.wait(), HEARTBEAT_S)
            except TimeoutError:
                await socket.send_text(_text(LiveHeartbeat(at=datetime.now(UTC))))
                continue
            wake.clear()
            while events := subscription.drain(BATCH):
                # One frame per wake-up, not per event: at the open a client may be owed
                # thousands of events a second, and the per-frame cost dominates.
                frame = events[0] if len(events) == 1 else LiveBatch(events=tuple(events))
                await socket.send_text(_text(frame))
            lag = (subscription.dropped, subscription.coalesced)
            if subscription.dropped > reported[0]:
                await socket.send_text(_text(LiveLagging(dropped=lag[0], coalesced=lag[1])))
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


def _text(frame: LiveFrame) -> str:
    return _encoder.encode(frame).decode()


@get(
    "/ws/live",
    operation_id="describeLiveEvents",
    summary="The live event stream: a WebSocket (a plain GET answers 426)",
    description=(
        "Open a WebSocket here and send, within 5 s, "
        '`{"type": "auth", "token": "<api token>"}` (optionally with `topics` and `codes` to '
        'narrow the stream; later, `{"type": "subscribe", "topics": [...], "codes": [...]}` '
        "narrows it again). The server then sends `LiveFrame` messages: `ready`, the board's "
        "events (one per frame, or several in a `batch`), a `heartbeat` every 15 s and "
        "`lagging` when the client fell behind. A refused token closes with 4401; no running "
        "agent with 4503."
    ),
    tags=("live",),
    status_code=HTTP_426_UPGRADE_REQUIRED,
    media_type=MediaType.TEXT,
    response_description="Upgrade required: this address speaks WebSocket only",
    responses={
        101: ResponseSpec(
            data_container=LiveFrame,
            description="Switching to the WebSocket; every message is a LiveFrame",
            generate_examples=False,
        )
    },
    sync_to_thread=False,
)
def live_contract() -> Response[str]:
    """Answer a GET without the upgrade: this address speaks WebSocket only."""
    return Response(
        "GET /ws/live with Upgrade: websocket",
        status_code=HTTP_426_UPGRADE_REQUIRED,
        headers={"Upgrade": "websocket", "Connection": "Upgrade"},
    )
