"""The broker as the order router sees it: blocking calls, made from an actor's thread."""

from __future__ import annotations

from typing import Protocol

from agent.domain import OrderType, Side
from agent.kiwoom.models.trading import (
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
