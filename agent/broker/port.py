"""The broker as the actors see it: blocking calls, made from an actor's thread.

:class:`BrokerPort` is what the router calls; :class:`Broker` is the whole port every other
actor reads through (the account, quotes, bars, rankings, realtime subscriptions). It speaks the
types of :mod:`agent.broker` only. The gateway's session (``actors/gateway/session.py``) is the
one implementation: it adapts the Kiwoom client to it and is the only holder of the Kiwoom
session; an actor gets the port from ``services.broker.current()``.
"""

from __future__ import annotations

from typing import Protocol

from agent.broker.account import Balance, Deposit
from agent.broker.market import (
    Bar,
    DailyBar,
    ListingInfo,
    Quote,
    RankedStock,
    StockInfo,
    ViStock,
)
from agent.broker.orders import (
    CancelAck,
    CancelRequest,
    FilledOrder,
    OpenOrder,
    OrderAck,
    OrderRequest,
)


class BrokerPort(Protocol):
    """The calls the router makes."""

    def place_order(self, request: OrderRequest, *, client_id: str) -> OrderAck: ...

    def cancel_order(self, request: CancelRequest) -> CancelAck: ...

    def open_orders(self) -> list[OpenOrder]: ...

    def fills(self) -> list[FilledOrder]: ...

    def deposit(self) -> Deposit:
        """The cash, read just before a buy is sent (no 미수, ever)."""
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
