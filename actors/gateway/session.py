"""The broker session: the async Kiwoom client on its own event loop, callable from actors,
and the one place Kiwoom is adapted to the domain's broker port (:class:`agent.broker.port.Broker`).

pykka actors are threads; the Kiwoom client is async. A :class:`BrokerSession` runs one anyio
event loop in a thread of its own (a blocking portal) holding the client, its rate limiter and
the realtime feed, and offers blocking calls to any actor thread. Every call waits at most a
deadline; an order whose call outlives it is reported as :class:`OrderOutcomeUnknown`, never as
failed, because it may have reached the broker.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

from agent.broker.account import Balance, Deposit
from agent.broker.link import BrokerLink
from agent.broker.market import Bar, DailyBar, ListingInfo, Quote, RankedStock, StockInfo, ViStock
from agent.broker.orders import (
    CancelAck,
    CancelRequest,
    FilledOrder,
    OpenOrder,
    OrderAck,
    OrderRequest,
)
from agent.clock import Clock
from agent.domain.enums import OrderType
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.errors import (
    AuthError,
    KiwoomError,
    OrderOutcomeUnknown,
    RateLimitedError,
    TransientError,
)
from agent.kiwoom.models import trading as kiwoom
from agent.kiwoom.realtime.events import RealtimeEvent
from agent.kiwoom.realtime.feed import RealtimeFeed
from agent.kiwoom.token_cache import TokenCache

log = logging.getLogger(__name__)

T = TypeVar("T")
EventSink = Callable[[RealtimeEvent], None]
"""Receives realtime events in the session's loop thread; must only hand them on (tell)."""


class BrokerSession:
    """One Kiwoom session for the process: REST client, limiter and realtime feed."""

    def __init__(
        self,
        config: ClientConfig,
        clock: Clock,
        *,
        call_timeout: float = 30.0,
        realtime: bool = True,
        token_cache: TokenCache | None = None,
        link: BrokerLink | None = None,
    ) -> None:
        self._config = config
        self._link = link
        self._clock = clock
        self._call_timeout = call_timeout
        self._realtime = realtime
        # With a cache the token is shared with other processes (stockagent broker): reused
        # from it at start, kept in it on renewal, and not revoked at close.
        self._token_cache = token_cache
        self._portal_cm: AbstractContextManager[BlockingPortal] | None = None
        self._portal: BlockingPortal | None = None
        self._client: KiwoomClient | None = None
        self._feed: RealtimeFeed | None = None
        self._feed_future: concurrent.futures.Future[None] | None = None
        self._revoke = token_cache is None

    # Life cycle
    def open(self, sink: EventSink | None = None) -> None:
        """Start the loop thread, log in, and (with a sink) start the realtime feed."""
        self._portal_cm = start_blocking_portal(backend="asyncio")
        self._portal = self._portal_cm.__enter__()
        self._client = self._portal.call(self._make_client)
        self.call(self._client.login)
        if self._realtime and sink is not None:
            feed = RealtimeFeed(self._config, self._client.auth, clock=self._clock)
            self._feed = feed

            async def forward(event: RealtimeEvent) -> None:
                sink(event)

            self._feed_future = self._portal.start_task_soon(feed.run, forward)

    async def _make_client(self) -> KiwoomClient:
        client = KiwoomClient(self._config, clock=self._clock)
        if self._token_cache is not None:
            self._token_cache.attach(client.auth)
        return client

    async def _close_client(self, client: KiwoomClient) -> None:
        await client.aclose(revoke=self._revoke)

    def close(self, *, revoke: bool = False) -> None:
        """Stop the feed, revoke the token (when not shared through the cache, or when
        ``revoke``: the agent's final shutdown), stop the loop thread; safe twice."""
        self._revoke = revoke or self._token_cache is None
        portal, self._portal = self._portal, None
        if portal is None:
            return
        try:
            if self._feed is not None:
                portal.call(self._feed.stop)
            if self._feed_future is not None:
                self._feed_future.cancel()
            if self._client is not None:
                portal.call(self._close_client, self._client)
        except Exception:
            log.exception("error while closing the broker session")
        finally:
            if self._portal_cm is not None:
                self._portal_cm.__exit__(None, None, None)
            self._portal_cm = None

    @property
    def is_open(self) -> bool:
        return self._portal is not None

    def event_loop(self) -> asyncio.AbstractEventLoop:
        """Return the loop the client and the feed run on (for the watchdog to probe)."""
        if self._portal is None:
            raise RuntimeError("the broker session is not open")
        return self._portal.call(asyncio.get_running_loop)

    @property
    def client(self) -> KiwoomClient:
        if self._client is None:
            raise RuntimeError("the broker session is not open")
        return self._client

    def call(self, fn: Callable[..., Awaitable[T]], *args: Any, timeout: float | None = None) -> T:
        """Run ``fn(*args)`` in the session's loop and wait for it (at most ``timeout``)."""
        if self._portal is None:
            raise TransientError("the broker session is closed")
        future = self._portal.start_task_soon(fn, *args)
        try:
            result = future.result(timeout or self._call_timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            self._report(failure="no answer within the call deadline")
            raise
        except (TransientError, AuthError) as exc:
            self._report(exc)
            raise
        except KiwoomError:
            self._report()  # the broker answered, with a refusal
            raise
        self._report()
        return result

    def _report(self, error: KiwoomError | None = None, failure: str | None = None) -> None:
        """Tell the link whether the broker answered: a rate limit or a refusal is an answer;
        no connection, a 5xx, a timeout or a failed login is not."""
        link = self._link
        if link is None:
            return
        if isinstance(error, AuthError):
            link.failed(str(error), token=True)
        elif failure is not None or (
            isinstance(error, TransientError) and not isinstance(error, RateLimitedError)
        ):
            link.failed(failure or str(error))
        else:
            link.ok()

    # The router's port (agent.broker.port.BrokerPort)
    def place_order(self, request: OrderRequest, *, client_id: str) -> OrderAck:
        order = kiwoom_order(request, stop_exchange=self._config.stop_order_exchange)
        try:
            ack = self.call(self._place, order, client_id)
        except concurrent.futures.TimeoutError:
            raise OrderOutcomeUnknown(
                "no answer to the order within the call deadline",
                request=order,
                sent_at=self._clock.now(),
            ) from None
        return OrderAck(order_no=ack.order_no, message=ack.message, sent_at=ack.sent_at)

    async def _place(self, order: kiwoom.OrderRequest, client_id: str) -> kiwoom.OrderAck:
        return await self.client.place_order(order, client_id=client_id)

    def cancel_order(self, request: CancelRequest) -> CancelAck:
        cancel = kiwoom.CancelRequest(
            orig_order_no=request.order_no,
            code=request.code,
            qty=request.quantity,
            exchange=self._config.stop_order_exchange if request.stop_limit else "KRX",
        )
        ack = self.call(self.client.cancel_order, cancel)
        return CancelAck(
            order_no=ack.order_no,
            cancelled_order_no=ack.orig_order_no,
            quantity=ack.qty,
            message=ack.message,
        )

    def open_orders(self) -> list[OpenOrder]:
        return self.call(self.client.open_orders)

    def fills(self) -> list[FilledOrder]:
        return self.call(self.client.fills)

    # Account and market data
    def deposit(self) -> Deposit:
        return self.call(self.client.deposit)

    def balance(self) -> Balance:
        return self.call(self.client.balance)

    def stock_info(self, code: str) -> StockInfo:
        return self.call(self.client.stock_info, code)

    def listing_info(self, code: str) -> ListingInfo:
        return self.call(self.client.listing_info, code)

    def vi_stocks(self) -> list[ViStock]:
        return self.call(self.client.vi_stocks)

    def minute_bars(self, code: str) -> list[Bar]:
        return self.call(self.client.minute_bars, code)

    def daily_bars(self, code: str) -> list[DailyBar]:
        return self.call(self.client.daily_bars, code)

    def quotes(self, codes: list[str]) -> list[Quote]:
        return self.call(self.client.quotes, codes)

    def turnover_leaders(self) -> list[RankedStock]:
        return self.call(self.client.turnover_leaders)

    def volume_surges(self) -> list[RankedStock]:
        return self.call(self.client.volume_surges)

    def top_gainers(self) -> list[RankedStock]:
        return self.call(self.client.top_gainers)

    def subscribe(self, codes: list[str], types: list[str]) -> None:
        """Register realtime ``types`` for ``codes`` (kept across reconnects)."""
        if self._feed is not None:
            self.call(self._feed.subscribe, codes, types)

    def unsubscribe(self, codes: list[str], types: list[str]) -> None:
        if self._feed is not None:
            self.call(self._feed.unsubscribe, codes, types)


TRADE_TYPES = {
    OrderType.LIMIT: kiwoom.TradeType.LIMIT,
    OrderType.MARKET: kiwoom.TradeType.MARKET,
    OrderType.BEST: kiwoom.TradeType.BEST_LIMIT,  # 최유리지정가
    OrderType.STOP_LIMIT: kiwoom.TradeType.STOP_LIMIT,  # 스톱지정가
}


def kiwoom_order(request: OrderRequest, *, stop_exchange: str = "NXT") -> kiwoom.OrderRequest:
    """Return the kt10000/kt10001 order ``request`` is sent as (a stop-limit on
    ``stop_exchange``, every other order on KRX)."""
    stop = request.order_type is OrderType.STOP_LIMIT
    return kiwoom.OrderRequest(
        exchange=stop_exchange if stop else "KRX",
        side=request.side,
        code=request.code,
        qty=request.quantity,
        price=request.price,  # the request holds one only for the types that take one
        trade_type=TRADE_TYPES[request.order_type],
        stop_price=request.stop_price,
    )
