"""A hand-written broker for order-service unit tests: it remembers what it accepted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from agent.broker.account import Deposit
from agent.broker.errors import OrderOutcomeUnknown, OrderRefused
from agent.broker.orders import (
    CancelAck,
    CancelRequest,
    FilledOrder,
    OpenOrder,
    OrderAck,
    OrderAction,
    OrderRequest,
)
from agent.clock import Clock


@dataclass
class BrokerOrder:
    number: str
    request: OrderRequest
    at: datetime
    filled: int = 0
    amount: int = 0
    cancelled: bool = False


@dataclass
class FakeBroker:
    clock: Clock
    orders: list[BrokerOrder] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    next_outcome: list[str] = field(default_factory=list)
    """Scripted outcomes for the next place_order calls: accept, lost_after_accept,
    lost_before_accept, reject."""
    user_open: list[OpenOrder] = field(default_factory=list)
    """The user's own open orders, listed beside the agent's as Kiwoom lists the account."""
    user_fills: list[FilledOrder] = field(default_factory=list)
    """The user's own executions, likewise."""
    cash_only: int = 10**12
    """kt00001's 미수-free orderable cash (100stk_ord_alow_amt)."""
    deposit_reads: int = 0

    def place_order(self, request: OrderRequest, *, client_id: str) -> OrderAck:
        self.calls.append(client_id)
        outcome = self.next_outcome.pop(0) if self.next_outcome else "accept"
        if outcome == "reject":
            raise OrderRefused("[2000](RC4003:호가단위 오류)", reason="RC4003")
        if outcome == "lost_before_accept":
            raise OrderOutcomeUnknown("read timeout")
        order = self.accept(request)
        if outcome == "lost_after_accept":
            raise OrderOutcomeUnknown("read timeout")
        return OrderAck(order_no=order.number, message="ok", sent_at=self.clock.now())

    def deposit(self) -> Deposit:
        self.deposit_reads += 1
        cash = self.cash_only
        return Deposit(
            cash=cash, d1=cash, d2=cash, orderable=cash, withdrawable=cash, orderable_cash_only=cash
        )

    def accept(self, request: OrderRequest) -> BrokerOrder:
        order = BrokerOrder(f"{len(self.orders) + 1:07d}", request, self.clock.now())
        self.orders.append(order)
        return order

    def execute(self, number: str, qty: int, price: int) -> None:
        order = next(o for o in self.orders if o.number == number)
        order.filled += qty
        order.amount += qty * price

    def cancel_order(self, request: CancelRequest) -> CancelAck:
        order = next(o for o in self.orders if o.number == request.order_no)
        order.cancelled = True
        left = order.request.quantity - order.filled  # what Kiwoom's cncl_qty answers
        return CancelAck(
            order_no="9999999", cancelled_order_no=order.number, quantity=left, message="ok"
        )

    def open_orders(self) -> list[OpenOrder]:
        return [
            OpenOrder(
                order_no=o.number,
                code=o.request.code,
                name="",
                side=o.request.side,
                action=OrderAction.NEW,
                kind="+매수" if o.request.side.value == "buy" else "-매도",
                status="접수",
                trade_type="보통",
                qty=o.request.quantity,
                price=o.request.price or 0,
                open_qty=o.request.quantity - o.filled,
                filled_amount=o.amount,
                orig_order_no=None,
                time=o.at,
                exchange="KRX",
            )
            for o in self.orders
            if not o.cancelled and o.filled < o.request.quantity
        ] + list(self.user_open)

    def fills(self) -> list[FilledOrder]:
        return [
            FilledOrder(
                order_no=o.number,
                code=o.request.code,
                name="",
                side=o.request.side,
                action=OrderAction.NEW,
                kind="+매수" if o.request.side.value == "buy" else "-매도",
                status="체결",
                trade_type="보통",
                order_qty=o.request.quantity,
                order_price=o.request.price or 0,
                fill_qty=o.filled,
                fill_price=o.amount // o.filled,
                open_qty=o.request.quantity - o.filled,
                fee=o.amount * 15 // 100_000,
                tax=0,
                orig_order_no=None,
                time=o.at,
            )
            for o in self.orders
            if o.filled
        ] + list(self.user_fills)
