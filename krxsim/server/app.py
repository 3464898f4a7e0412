"""The Litestar application of the simulator: Kiwoom REST + WebSocket, market clock, news."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio
from litestar import Litestar, Request, Response, WebSocket, get, post, websocket
from litestar.enums import ScopeType
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from krxsim.market.session import phase_at
from krxsim.news.shapes import ScoresResponse
from krxsim.server.faults import ScriptedFaults
from krxsim.server.realtime.session import RealtimeSession
from krxsim.server.rest import handle_tr, reply, token_call
from krxsim.server.runtime import SimRuntime
from krxsim.server.views import account_view, special_stocks

EXPOSED = (b"access-control-expose-headers", b"api-id, cont-yn, next-key")
"""Kiwoom exposes its paging headers to browsers on every response (§3.3)."""


def expose_headers(app: ASGIApp) -> ASGIApp:
    """Wrap ``app`` so every HTTP response, errors included, carries ``EXPOSED``."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", ()), EXPOSED]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, sending)

    return wrapped


def asgi_app(runtime: SimRuntime) -> ASGIApp:
    """Return what the server runs: the app, every response exposing Kiwoom's headers."""
    return expose_headers(build_app(runtime))


def build_app(runtime: SimRuntime) -> Litestar:
    """Return the ASGI app serving ``runtime``."""

    @post("/oauth2/token", status_code=200)
    async def token(request: Request[Any, Any, Any]) -> Response[bytes]:
        return await token_call(runtime, "au10001", await request.body())

    @post("/oauth2/revoke", status_code=200)
    async def revoke(request: Request[Any, Any, Any]) -> Response[bytes]:
        return await token_call(runtime, "au10002", await request.body())

    @post("/api/dostk/{category:str}", status_code=200)
    async def tr(category: FromPath[str], request: Request[Any, Any, Any]) -> Response[bytes]:
        headers = {k.lower(): v for k, v in request.headers.items()}
        return await handle_tr(runtime, category, headers, await request.body())

    @websocket("/api/dostk/websocket")
    async def realtime(socket: WebSocket[Any, Any, Any]) -> None:
        await RealtimeSession(socket, runtime.venue, runtime.hub).run()

    @get("/sim/clock")
    async def clock() -> Response[bytes]:
        now = runtime.clock.now()
        return reply(
            {
                "now": now.isoformat(),
                "speed": runtime.config.speed,
                "phase": phase_at(now).value,
                "trading_date": runtime.venue.market.trading_date.isoformat(),
            }
        )

    @get("/sim/orders")
    async def orders() -> Response[bytes]:
        """Every order the exchange took today, cancelled ones included: the judge of "sent
        twice" in tests (over Kiwoom's paths an order cancelled unfilled is in no list)."""
        exchange = runtime.venue.exchange
        now = runtime.clock.now()
        rows = [
            {
                "ord_no": o.ord_no,
                "orig_ord_no": o.orig_ord_no,
                "action": o.action,
                "code": o.code,
                "side": o.side.name.lower(),
                "qty": o.qty,
                "price": o.price,
                "trade_type": o.trade_type,
                "stop_price": o.stop_price,
                "armed": o.armed,
                "filled": o.filled,
                "cancelled": o.cancelled,
                "open": o.is_open,
                "status": o.status.name.lower(),
                "at": o.at.isoformat(),
            }
            for o in sorted(exchange.orders.values(), key=lambda o: o.ord_no)
        ]
        return reply({"now": now.isoformat(), "orders": rows})

    @get("/sim/account")
    async def account() -> Response[bytes]:
        """The account beside Kiwoom's TRs: ``min_cash`` is the lowest cash reached today, so
        a test can tell whether the account was ever used on credit (미수)."""
        return reply(account_view(runtime.venue, runtime.clock.now()))

    @get("/sim/specials")
    async def specials() -> Response[bytes]:
        """The day's halted, designated and limit-down stocks (krxsim/market/specials.py)."""
        return reply(special_stocks(runtime.venue.market))

    @post("/sim/faults/next", status_code=200)
    async def script_faults(data: JSONBody[ScriptedFaults]) -> Response[bytes]:
        runtime.faults.next(data.api_id, *data.faults)
        return reply({"scripted": len(data.faults), "api_id": data.api_id})

    @get("/news/v1/scores")
    async def news(codes: FromQuery[str] = "") -> ScoresResponse:
        wanted = [c.strip() for c in codes.split(",") if c.strip()]
        return runtime.news.scores(wanted, runtime.clock.now())

    @contextlib.asynccontextmanager
    async def ticker(_: Litestar) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                runtime.step()
                await anyio.sleep(runtime.config.market_tick_seconds)

        task = asyncio.get_running_loop().create_task(loop())
        stopping = threading.Event()
        # A daemon thread, not the loop's executor: shutdown must not wait for it.
        warmer = threading.Thread(
            target=runtime.venue.market.warm, args=(stopping.is_set,), name="sim-warm", daemon=True
        )
        warmer.start()
        try:
            yield
        finally:
            stopping.set()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            runtime.publisher.close()

    return Litestar(
        route_handlers=[
            token,
            revoke,
            tr,
            realtime,
            clock,
            orders,
            account,
            specials,
            script_faults,
            news,
        ],
        lifespan=[ticker],
        openapi_config=None,
        # The process that embeds the simulator owns the logging configuration.
        logging_config=None,
    )
