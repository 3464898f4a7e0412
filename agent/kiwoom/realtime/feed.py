"""The realtime WebSocket session: LOGIN, REG/REMOVE, PING echo, SYSTEM frames, reconnects.

Use :meth:`RealtimeFeed.run` with an async callback, or :meth:`RealtimeFeed.stream` for an async
iterator. Registrations are remembered and restored after every reconnect (with a fresh token
when the server refused the old one). R10001 (another session took the app key) ends the feed
unless ``ws_reconnect_on_kick`` is set, so two sessions never fight over the key.
"""

from __future__ import annotations

import logging
import random
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import anyio
import msgspec
from anyio.streams.memory import MemoryObjectReceiveStream
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from agent.clock import KST, Clock, RealClock
from agent.kiwoom.auth import return_code_of
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.errors import AuthError, TransientError, fine_code_of
from agent.kiwoom.limiter import Sleep
from agent.kiwoom.realtime.decode import RealEntry, decode_entry
from agent.kiwoom.realtime.events import (
    FeedConnected,
    FeedDisconnected,
    RealtimeEvent,
    RegistrationRejected,
    SessionKicked,
    SystemNotice,
)
from agent.kiwoom.realtime.frames import (
    Ack,
    Frame,
    Kicked,
    LoginRejected,
    RealtimeError,
    TokenSource,
    parse_frame,
)
from agent.kiwoom.realtime.registry import RegFrame, Registry, reg_frames

log = logging.getLogger(__name__)

# websockets dumps every frame at DEBUG, the LOGIN frame (with the raw token) included: its
# logger for our connections drops DEBUG records so no log level can leak the token.
_socket_log = logging.getLogger(f"{__name__}.socket")
_socket_log.addFilter(lambda record: record.levelno > logging.DEBUG)

__all__ = ["Handler", "RealtimeError", "RealtimeFeed", "TokenSource"]

Handler = Callable[[RealtimeEvent], Awaitable[None]]

KICKED = "R10001"


class RealtimeFeed:
    """One realtime session per app key; reconnects with backoff until stopped."""

    def __init__(
        self,
        config: ClientConfig,
        tokens: TokenSource,
        *,
        clock: Clock | None = None,
        sleep: Sleep = anyio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._config = config
        self._tokens = tokens
        self._clock = clock or RealClock()
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self._registry = Registry()
        self._ws: ClientConnection | None = None
        self._send_lock = anyio.Lock()
        self._pending: deque[Ack] = deque()
        self._stopping = False
        self._logged_in = False
        self._scope: anyio.CancelScope | None = None

    @property
    def connected(self) -> bool:
        """Whether a logged-in socket is open right now."""
        return self._ws is not None

    def registered(self, grp_no: str = "1") -> set[tuple[str, str]]:
        """The (item, type) pairs that will be restored after a reconnect."""
        return self._registry.pairs(grp_no)

    async def subscribe(
        self, items: list[str], types: list[str], *, grp_no: str = "1", refresh: bool = True
    ) -> None:
        """REG ``types`` for ``items`` (account/market types 00, 04, 0s, 1h need no item).

        Recorded first, so it is restored after reconnects; when connected, waits for the ack
        and raises :class:`RealtimeError` if the server refuses.
        """
        self._registry.add(grp_no, items, types, refresh=refresh)
        frames = reg_frames(
            "REG",
            grp_no,
            items,
            types,
            refresh=refresh,
            max_items=self._config.ws_max_items_per_reg,
        )
        await self._send_frames(frames, wait=True)

    async def unsubscribe(self, items: list[str], types: list[str], *, grp_no: str = "1") -> None:
        """REMOVE registrations."""
        self._registry.remove(grp_no, items, types)
        frames = reg_frames(
            "REMOVE",
            grp_no,
            items,
            types,
            refresh=True,
            max_items=self._config.ws_max_items_per_reg,
        )
        await self._send_frames(frames, wait=True)

    async def stop(self) -> None:
        """Close the socket and end :meth:`run`."""
        self._stopping = True
        ws = self._ws
        if ws is not None:
            with anyio.CancelScope(shield=True):
                await ws.close()
        if self._scope is not None:
            self._scope.cancel()

    @asynccontextmanager
    async def stream(
        self, buffer: int = 4096
    ) -> AsyncIterator[MemoryObjectReceiveStream[RealtimeEvent]]:
        """Run the feed in the background and yield a stream of its events."""
        send, receive = anyio.create_memory_object_stream[RealtimeEvent](buffer)

        async def runner() -> None:
            async with send:
                await self.run(send.send)

        async with anyio.create_task_group() as tg:
            tg.start_soon(runner)
            try:
                async with receive:
                    yield receive
            finally:
                await self.stop()
                tg.cancel_scope.cancel()

    async def run(self, handler: Handler) -> None:
        """Connect, log in, restore registrations and deliver events until stopped or kicked."""
        self._stopping = False
        failures = 0
        login_failures = 0
        with anyio.CancelScope() as scope:
            self._scope = scope
            try:
                while not self._stopping:
                    self._logged_in = False
                    try:
                        await self._session(handler)
                        reason = "closed"
                    except Kicked:
                        if not self._config.ws_reconnect_on_kick:
                            return
                        reason = "kicked by another session"
                    except LoginRejected as exc:
                        login_failures += 1
                        if (
                            not exc.error.token_invalid
                            or login_failures >= self._config.ws_max_login_failures
                        ):
                            raise exc.error from None
                        await self._tokens.invalidate(exc.token)
                        reason = f"login rejected ({exc.error.fine_code})"
                    except (OSError, TimeoutError, WebSocketException, TransientError) as exc:
                        reason = type(exc).__name__
                    if self._stopping:
                        return
                    if self._logged_in:
                        failures = login_failures = 0
                    failures += 1
                    log.warning("realtime feed disconnected: %s", reason)
                    await handler(FeedDisconnected(at=self._clock.now(), reason=reason))
                    await self._sleep(self._backoff(failures))
            finally:
                self._scope = None

    async def _session(self, handler: Handler) -> None:
        async with connect(
            self._config.ws_url,
            open_timeout=self._config.connect_timeout,
            close_timeout=2,
            logger=_socket_log,
        ) as ws:
            try:
                await self._login(ws, handler)
                self._logged_in = True
                self._ws = ws
                await handler(FeedConnected(at=self._clock.now()))
                await self._send_frames(
                    self._registry.frames(self._config.ws_max_items_per_reg), wait=False
                )
                await self._receive(ws, handler)
            finally:
                self._ws = None
                self._release_pending()

    async def _login(self, ws: ClientConnection, handler: Handler) -> None:
        token = await self._tokens.token()
        login = {"trnm": "LOGIN", "token": token.value.reveal()}
        await ws.send(msgspec.json.encode(login).decode())
        with anyio.fail_after(self._config.ws_ack_timeout):
            while True:
                raw = await ws.recv()
                frame = parse_frame(raw)
                if frame is None:
                    continue
                if frame.trnm == "LOGIN":
                    code = return_code_of(frame.return_code)
                    if code != 0:
                        message = frame.return_msg
                        error = AuthError(
                            message,
                            code=code,
                            fine_code=fine_code_of(code, message),
                            api_id="LOGIN",
                        )
                        raise LoginRejected(token, error)
                    return
                await self._dispatch(ws, raw, frame, handler)

    async def _receive(self, ws: ClientConnection, handler: Handler) -> None:
        idle = self._config.ws_ping_timeout
        while True:
            if idle is None:
                raw = await ws.recv()
            else:
                with anyio.fail_after(idle):
                    raw = await ws.recv()
            frame = parse_frame(raw)
            if frame is not None:
                await self._dispatch(ws, raw, frame, handler)

    async def _dispatch(
        self, ws: ClientConnection, raw: str | bytes, frame: Frame, handler: Handler
    ) -> None:
        if frame.trnm == "PING":
            async with self._send_lock:
                await ws.send(raw)  # unchanged, byte for byte
        elif frame.trnm == "REAL":
            day = self._clock.now().astimezone(KST).date()
            try:
                entries = msgspec.json.decode(frame.data, type=list[RealEntry])
            except msgspec.DecodeError as exc:
                log.error("REAL frame with an unexpected shape skipped: %s", exc)
                return
            for entry in entries:
                try:
                    event = decode_entry(entry, day)
                except ValueError as exc:
                    log.error("REAL %s for %s skipped: %s", entry.type, entry.item, exc)
                    continue
                await handler(event)
        elif frame.trnm in {"REG", "REMOVE"}:
            await self._acknowledge(frame, handler)
        elif frame.trnm == "SYSTEM":
            now = self._clock.now()
            if frame.code == KICKED:
                log.error("realtime session taken over: %s", frame.message)
                await handler(SessionKicked(at=now, message=frame.message))
                raise Kicked
            log.warning("realtime SYSTEM %s: %s", frame.code, frame.message)
            await handler(SystemNotice(at=now, code=frame.code, message=frame.message))

    async def _acknowledge(self, frame: Frame, handler: Handler) -> None:
        ack = self._pending.popleft() if self._pending else None
        code = return_code_of(frame.return_code)
        if ack is not None and ack.done is not None:
            ack.code, ack.message = code, frame.return_msg
            ack.done.set()
        elif code != 0:
            await handler(
                RegistrationRejected(
                    at=self._clock.now(), trnm=frame.trnm, code=code, message=frame.return_msg
                )
            )

    async def _send_frames(self, frames: list[RegFrame], *, wait: bool) -> None:
        ws = self._ws
        if ws is None or not frames:
            return
        acks: list[Ack] = []
        try:
            async with self._send_lock:
                for frame in frames:
                    ack = Ack(frame.trnm, anyio.Event() if wait else None)
                    self._pending.append(ack)
                    acks.append(ack)
                    await ws.send(msgspec.json.encode(frame).decode())
        except WebSocketException:
            return  # the registry restores it after the reconnect
        if not wait:
            return
        try:
            with anyio.fail_after(self._config.ws_ack_timeout):
                for ack in acks:
                    if ack.done is not None:
                        await ack.done.wait()
        except TimeoutError:
            raise RealtimeError(
                f"no {frames[0].trnm} acknowledgement", api_id=frames[0].trnm
            ) from None
        for ack in acks:
            if ack.code != 0:
                raise RealtimeError(
                    ack.message or "refused",
                    code=ack.code,
                    api_id=ack.trnm,
                    fine_code=fine_code_of(ack.code, ack.message),
                )

    def _release_pending(self) -> None:
        """Wake waiters of a dropped socket: their registrations are restored on reconnect."""
        while self._pending:
            ack = self._pending.popleft()
            if ack.done is not None:
                ack.done.set()

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self._config.ws_backoff_max, self._config.backoff_base * 2 ** (attempt - 1))
        return float(ceiling / 2 + self._rng.uniform(0, ceiling / 2))
