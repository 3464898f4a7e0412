"""The backtest's order router: the core's decisions (:class:`agent.core.orders.OrderManager`:
slicing, the chase and its market re-sends) carried out on the ledger's orders."""

from __future__ import annotations

from datetime import datetime

from agent.backtest.ledger import Ledger
from agent.core.orders import Cancel, OrderManager, Send
from agent.domain import Approved, OrderPurpose


class BtRouter:
    """Sends, cancels and chases the backtest's orders through its ledger."""

    def __init__(self, ledger: Ledger, orders: OrderManager) -> None:
        self.ledger = ledger
        self.orders = orders

    def submit(self, approved: Approved, client_order_id: str, now: datetime) -> None:
        self._send(self.orders.orders_of(approved, client_order_id), now)

    def _send(self, sends: list[Send], now: datetime) -> None:
        for send in sends:
            self.ledger.send(send.approved, send.client_order_id, now)

    def cancel_entries(self, now: datetime) -> None:
        for order in self.ledger.working():
            if order.purpose is OrderPurpose.ENTRY:
                self.ledger.cancel(order, now)

    def chase(self, now: datetime, *, entries_blocked: bool) -> None:
        """The router's chase over the ledger's working orders (no operator to freeze it, no
        one to alert of a locked stop)."""
        working = {order.id: order for order in self.ledger.working()}
        rows = [order.chase_row() for order in working.values()]
        for command in self.orders.chase(rows, now, frozen=False, entries_blocked=entries_blocked):
            if not isinstance(command, Cancel):
                continue
            order = working[command.order_id]
            self.ledger.cancel(order, now)
            self._send(
                self.orders.closed(order.id, order.status, order.remaining, frozen=False), now
            )
