"""The broker as the actors see it: blocking calls, made from an actor's thread.

:class:`BrokerPort` is what the router calls; :class:`Broker` is the whole port every other
actor reads through (the account, quotes, bars, rankings, realtime subscriptions). Only the
gateway holds the Kiwoom session behind it (``actors/gateway/session.py``); an actor gets the
port from ``services.broker.current()`` and never sees the Kiwoom client.
"""

from __future__ import annotations

from typing import Protocol

from agent.domain import OrderType, Side
from agent.kiwoom.models.market import (
    Bar,
    DailyBar,
    ListingInfo,
    Quote,
    RankedStock,
    StockInfo,
    ViStock,
)
from agent.kiwoom.models.trading import (
    Balance,
    CancelAck,
    CancelRequest,
    Deposit,
    Fill,
    OpenOrder,
    OrderAck,
    OrderRequest,
    TradeType,
)
from agent.kiwoom.models.trading import Side as BrokerSide
from agent.store.models import Order


class BrokerPort(Protocol):
    """The calls the router makes; the Gateway adapts the async Kiwoom client to them."""

    def place_order(self, request: OrderRequest, *, client_id: str) -> OrderAck: ...

    def cancel_order(self, request: CancelRequest) -> CancelAck: ...

    def open_orders(self) -> list[OpenOrder]: ...

    def fills(self) -> list[Fill]: ...

    def deposit(self) -> Deposit:
        """kt00001: the cash, read just before a buy is sent (no 미수, ever)."""
        ...


class Broker(BrokerPort, Protocol):
    """The whole port: the router's calls and every read and subscription of the others."""

    @property
    def is_open(self) -> bool: ...

    def balance(self) -> Balance: ...

    def stock_info(self, code: str) -> StockInfo: ...

    def listing_info(self, code: str) -> ListingInfo: ...

    def vi_stocks(self) -> list[ViStock]: ...

    def minute_bars(self, code: str) -> list[Bar]: ...

    def daily_bars(self, code: str) -> list[DailyBar]: ...

    def quotes(self, codes: list[str]) -> list[Quote]: ...

    def turnover_leaders(self) -> list[RankedStock]: ...

    def volume_surges(self) -> list[RankedStock]: ...

    def top_gainers(self) -> list[RankedStock]: ...

    def subscribe(self, codes: list[str], types: list[str]) -> None: ...

    def unsubscribe(self, codes: list[str], types: list[str]) -> None: ...


def broker_request(order: Order) -> OrderRequest:
    """Return the broker request an order is sent as (the same every time it is rebuilt)."""
    trade_type = _TRADE_TYPES[order.order_type]
    return OrderRequest(
        side=BrokerSide.BUY if order.side is Side.BUY else BrokerSide.SELL,
        code=order.code,
        qty=order.quantity,
        price=order.price if trade_type.needs_price else None,
        trade_type=trade_type,
    )


_TRADE_TYPES = {
    OrderType.LIMIT: TradeType.LIMIT,
    OrderType.MARKET: TradeType.MARKET,
    OrderType.BEST: TradeType.BEST_LIMIT,  # 최유리지정가
}
