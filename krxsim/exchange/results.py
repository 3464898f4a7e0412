"""What the exchange answers to an order: accepted (with what followed at once) or refused."""

from __future__ import annotations

from krxsim.exchange.orders import Order, OrderEvent
from krxsim.exchange.rules import Rejection


class Accepted:
    """An order (new, modify or cancel) the exchange took, with what followed at once."""

    def __init__(self, order: Order, events: list[OrderEvent]) -> None:
        self.order = order
        self.events = events


Result = Accepted | Rejection
