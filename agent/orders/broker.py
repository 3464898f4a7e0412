"""The broker as the order router sees it: blocking calls, made from an actor's thread."""

from __future__ import annotations

from typing import Protocol

from agent.kiwoom.models.trading import (
    CancelAck,
    CancelRequest,
    Deposit,
    Fill,
    OpenOrder,
    OrderAck,
    OrderRequest,
)


class BrokerPort(Protocol):
    """The calls the router makes; the Gateway adapts the async Kiwoom client to them."""

    def place_order(self, request: OrderRequest, *, client_id: str) -> OrderAck: ...

    def cancel_order(self, request: CancelRequest) -> CancelAck: ...

    def open_orders(self) -> list[OpenOrder]: ...

    def fills(self) -> list[Fill]: ...

    def deposit(self) -> Deposit:
        """kt00001: the cash, read just before a buy is sent (no 미수, ever)."""
        ...
