"""One realtime WebSocket session: LOGIN, REG/REMOVE, batched REAL pushes, PING enforcement."""

from __future__ import annotations

import contextlib
from typing import Any

import anyio
import msgspec
from litestar import WebSocket
from litestar.exceptions import WebSocketDisconnect

from krxsim.exchange.orders import OrderEvent
from krxsim.server.realtime import messages as m
from krxsim.server.realtime.feed import Feed
from krxsim.server.realtime.hub import SessionHub
from krxsim.venue import Venue

ENTRIES_PER_MESSAGE = 100


class RealtimeSession:
    """Serve one connection until it closes, is kicked, or stops answering PINGs."""

    def __init__(self, socket: WebSocket[Any, Any, Any], venue: Venue, hub: SessionHub) -> None:
        self.socket = socket
        self.venue = venue
        self.hub = hub
        self.config = venue.config
        self.feed = Feed(venue)
        self.app_key = ""
        self.unanswered = 0
        self._scope: anyio.CancelScope | None = None
        self._closed = False

    async def send(self, frame: dict[str, Any]) -> None:
        if self._closed:
            return
        try:
            await self.socket.send_text(msgspec.json.encode(frame).decode())
        except Exception:  # the peer went away mid-send: end the session quietly
            self._closed = True
            if self._scope is not None:
                self._scope.cancel()

    async def close(self, frame: dict[str, Any] | None = None) -> None:
        if self._closed:
            return
        if frame is not None:
            with contextlib.suppress(Exception):  # the peer may already be gone
                await self.send(frame)
        self._closed = True
        with contextlib.suppress(Exception):  # closing after a drop
            await self.socket.close()
        if self._scope is not None:
            self._scope.cancel()

    async def kick(self) -> None:
        await self.close(m.KICKED)

    async def run(self) -> None:
        await self.socket.accept()
        if not await self._login():
            return
        unsubscribe = self.venue.subscribe(self._on_order)
        await self.hub.attach(self.app_key, self)
        try:
            with anyio.CancelScope() as scope:
                self._scope = scope
                async with anyio.create_task_group() as tasks:
                    tasks.start_soon(self._read)
                    tasks.start_soon(self._push)
                    tasks.start_soon(self._ping)
                    if self.config.faults.ws_drop_after_seconds > 0:
                        tasks.start_soon(self._drop_later)
        finally:
            unsubscribe()
            self.hub.detach(self.app_key, self)
            await self.close()

    def _on_order(self, event: OrderEvent) -> None:
        self.feed.pending.append(event)

    async def _login(self) -> bool:
        frame: dict[str, Any] | None = None
        with anyio.move_on_after(self.config.ws_login_timeout_seconds):
            try:
                frame = msgspec.json.decode(await self.socket.receive_text())
            except (WebSocketDisconnect, msgspec.DecodeError):
                return False
        if frame is None or frame.get("trnm") != "LOGIN":
            await self.close(m.NO_LOGIN)
            return False
        issued = self.venue.tokens.check(str(frame.get("token", "")), self.venue.now())
        if issued is None:
            await self.close(m.LOGIN_FAILED)
            return False
        self.app_key = issued.app_key
        await self.send(m.LOGIN_OK)
        return True

    async def _read(self) -> None:
        while True:
            try:
                text = await self.socket.receive_text()
            except (WebSocketDisconnect, RuntimeError):
                await self.close()
                return
            try:
                frame = msgspec.json.decode(text)
            except msgspec.DecodeError:
                continue
            if not isinstance(frame, dict):
                continue
            trnm = frame.get("trnm")
            if trnm == "PING":
                if frame == m.PING:
                    self.unanswered = 0
            elif trnm in ("REG", "REMOVE"):
                await self._registration(frame)

    async def _registration(self, frame: dict[str, Any]) -> None:
        trnm = str(frame["trnm"])
        group = str(frame.get("grp_no", "1" if trnm == "REG" else ""))
        pairs: set[tuple[str, str]] = set()
        for block in frame.get("data") or []:
            items = block.get("item") or [""]
            kinds = block.get("type") or []
            items = [items] if isinstance(items, str) else items
            kinds = [kinds] if isinstance(kinds, str) else kinds
            pairs.update((str(i), str(k)) for i in items for k in kinds)
        if trnm == "REMOVE":
            self.feed.remove(group, pairs)
            await self.send(m.ack("REMOVE"))
            return
        refresh = str(frame.get("refresh", "1")) != "0"
        kept = self.feed.items() if refresh else set()
        wanted = kept | {i for i, _ in pairs if i}
        if len(wanted) > self.config.ws_max_items:
            await self.send(m.ack("REG", 1, m.TOO_MANY_ITEMS))
            return
        self.feed.register(group, pairs, refresh)
        await self.send(m.ack("REG"))

    async def _push(self) -> None:
        while True:
            await anyio.sleep(self.config.ws_push_seconds)
            data = self.feed.batch()
            # Several messages rather than one huge one: clients cap frame sizes (1 MiB default).
            for start in range(0, len(data), ENTRIES_PER_MESSAGE):
                await self.send({"trnm": "REAL", "data": data[start : start + ENTRIES_PER_MESSAGE]})

    async def _ping(self) -> None:
        while True:
            await anyio.sleep(self.config.ws_ping_seconds)
            if self.unanswered >= self.config.ws_missed_pings:
                await self.close(m.NO_HEARTBEAT)
                return
            self.unanswered += 1
            await self.send(m.PING)

    async def _drop_later(self) -> None:
        await anyio.sleep(self.config.faults.ws_drop_after_seconds)
        await self.close()
