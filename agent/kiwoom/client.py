"""KiwoomClient: the one object the Gateway holds; every TR as an async method.

Create one per process and share its :class:`RateLimiter` with nothing else: it is the process'
single budget keeper. Use it as an async context manager so the token is revoked at shutdown, or
call ``aclose(revoke=False)`` to leave it to a :class:`~agent.kiwoom.token_cache.TokenCache`.
"""

from __future__ import annotations

import random
from datetime import date
from types import TracebackType

import anyio
import httpx

from agent.broker.account import Balance, Deposit
from agent.broker.market import (
    Bar,
    DailyBar,
    Listed,
    ListingInfo,
    OrderBook,
    Quote,
    RankedStock,
    StockInfo,
    ViStock,
)
from agent.broker.orders import FilledOrder, OpenOrder
from agent.clock import Clock, RealClock
from agent.kiwoom.auth import Token, TokenManager
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.errors import InvalidRequestError
from agent.kiwoom.limiter import RateLimiter, Sleep
from agent.kiwoom.models.trading import (
    CancelAck,
    CancelRequest,
    ModifyAck,
    ModifyRequest,
    OrderAck,
    OrderRequest,
)
from agent.kiwoom.realtime.feed import RealtimeFeed
from agent.kiwoom.transport import KiwoomHttp
from agent.kiwoom.trs import account as account_trs
from agent.kiwoom.trs import charts as chart_trs
from agent.kiwoom.trs import listing as listing_trs
from agent.kiwoom.trs import orders as order_trs
from agent.kiwoom.trs import quotes as quote_trs
from agent.kiwoom.trs import rankings as rank_trs


class KiwoomClient:
    """Async Kiwoom REST client (httpx + anyio)."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        clock: Clock | None = None,
        limiter: RateLimiter | None = None,
        http: httpx.AsyncClient | None = None,
        sleep: Sleep = anyio.sleep,
        rng: random.Random | None = None,
        pace_clock: Clock | None = None,
    ) -> None:
        self.config = config
        self.clock = clock or RealClock()
        # Kiwoom counts its budget in real seconds, whatever the market clock does (a simulator
        # at 60x, a followed clock): the limiter paces on real time unless a test injects a
        # sleep that moves ``clock`` instead, in which case both must follow that clock.
        if pace_clock is None:
            pace_clock = RealClock() if sleep is anyio.sleep else self.clock
        self.limiter = limiter or RateLimiter(config.profile, pace_clock, sleep)
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            base_url=config.base_url,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
        )
        self.auth = TokenManager(config, self._http, self.clock, self.limiter)
        self.http = KiwoomHttp(
            config,
            http=self._http,
            auth=self.auth,
            limiter=self.limiter,
            clock=self.clock,
            sleep=sleep,
            rng=rng,
        )
        self._client_ids: set[str] = set()
        self._sleep = sleep

    async def __aenter__(self) -> KiwoomClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self, *, revoke: bool = True) -> None:
        """Revoke the token (unless ``revoke`` is False) and close the HTTP connections.

        Keep the token (``revoke=False``) when another process will reuse it from a cache: on
        Kiwoom every newly issued token may invalidate the one a running agent holds.
        """
        with anyio.CancelScope(shield=True):
            if revoke:
                await self.auth.revoke()
            if self._owns_http:
                await self._http.aclose()

    def realtime_feed(self) -> RealtimeFeed:
        """A realtime feed sharing this client's token (one LOGIN token per app key)."""
        return RealtimeFeed(self.config, self.auth, clock=self.clock, sleep=self._sleep)

    async def login(self) -> Token:
        """Make sure a valid token is in hand (issuing one if needed) and return it."""
        return await self.auth.token()

    # Market data
    async def stock_info(self, code: str) -> StockInfo:
        return await quote_trs.stock_info(self.http, code)

    async def listing_info(self, code: str) -> ListingInfo:
        """ka10100: security kind, trading halt and designations of ``code``."""
        return await listing_trs.listing_info(self.http, code)

    async def listings(self, market_code: str) -> list[Listed]:
        """ka10099: every listing of one market (``0`` KOSPI, ``10`` KOSDAQ)."""
        return await listing_trs.listings(self.http, market_code)

    async def quotes(self, codes: list[str]) -> list[Quote]:
        return await quote_trs.quotes(self.http, codes)

    async def order_book(self, code: str) -> OrderBook:
        return await quote_trs.order_book(self.http, code)

    async def vi_stocks(self, request: quote_trs.ViRequest | None = None) -> list[ViStock]:
        return await quote_trs.vi_stocks(self.http, request)

    async def minute_bars(
        self, code: str, minutes: int = 1, *, base_date: date | None = None, max_pages: int = 1
    ) -> list[Bar]:
        return await chart_trs.minute_bars(
            self.http, code, minutes, base_date=base_date, max_pages=max_pages
        )

    async def daily_bars(
        self, code: str, *, base_date: date | None = None, max_pages: int = 1
    ) -> list[DailyBar]:
        return await chart_trs.daily_bars(self.http, code, base_date=base_date, max_pages=max_pages)

    async def turnover_leaders(
        self, request: rank_trs.TurnoverRankRequest | None = None
    ) -> list[RankedStock]:
        return await rank_trs.turnover_leaders(self.http, request)

    async def volume_leaders(
        self, request: rank_trs.VolumeRankRequest | None = None
    ) -> list[RankedStock]:
        return await rank_trs.volume_leaders(self.http, request)

    async def volume_surges(
        self, request: rank_trs.SurgeRankRequest | None = None
    ) -> list[RankedStock]:
        return await rank_trs.volume_surges(self.http, request)

    async def top_gainers(
        self, request: rank_trs.GainersRankRequest | None = None
    ) -> list[RankedStock]:
        return await rank_trs.top_gainers(self.http, request)

    # Orders
    async def place_order(self, request: OrderRequest, *, client_id: str | None = None) -> OrderAck:
        """Send a new order exactly once.

        ``client_id`` (the router's idempotency key) is remembered for the life of this client: a
        second call with the same id is refused before anything is sent.
        """
        if client_id is not None:
            if client_id in self._client_ids:
                raise InvalidRequestError(f"client order id {client_id!r} was already sent")
            self._client_ids.add(client_id)
        return await order_trs.place_order(self.http, request)

    async def modify_order(self, request: ModifyRequest) -> ModifyAck:
        return await order_trs.modify_order(self.http, request)

    async def cancel_order(self, request: CancelRequest) -> CancelAck:
        return await order_trs.cancel_order(self.http, request)

    # Account
    async def open_orders(self, code: str | None = None) -> list[OpenOrder]:
        return await account_trs.open_orders(self.http, code)

    async def fills(
        self, code: str | None = None, *, order_no: str | None = None
    ) -> list[FilledOrder]:
        return await account_trs.fills(self.http, code, order_no=order_no)

    async def deposit(self) -> Deposit:
        return await account_trs.deposit(self.http)

    async def balance(self) -> Balance:
        return await account_trs.balance(self.http)
