"""Broker order numbers: one order per number and trade date, and what a second claim raises.

Kiwoom numbers an account's orders once a day, so two local orders of one day with the same
number mean the database holds another broker session's orders of that day (a second simulator
run on the same day, paper and live sharing a database) or a bug. The number is never attached
to the second order, and nothing done by the number (an execution, a cancel) may reach either
order until a person has looked (:meth:`agent.store.repositories.OrderRepository.contest`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.store.models import Order

__all__ = ["BrokerOrderNoContested", "BrokerOrderNoTaken", "holder_of"]


class BrokerOrderNoTaken(Exception):
    """The broker gave an order a number another order of the same trade date already holds."""

    def __init__(self, number: str, trade_date: date, holder: Order, claimant: Order) -> None:
        self.number = number
        self.trade_date = trade_date
        self.holder_id = holder.id
        self.claimant_id = claimant.id
        self.code = claimant.code
        super().__init__(
            f"broker order number {number} of {trade_date} already belongs to order "
            f"{holder.id} ({holder.client_order_id}, {holder.code} {holder.side.value}); order "
            f"{claimant.id} ({claimant.client_order_id}, {claimant.code} {claimant.side.value}) "
            "cannot take it: executions and cancels by that number are held back until a "
            "person checks both orders against the broker's"
        )


class BrokerOrderNoContested(LookupError):
    """A lookup by a broker order number two orders of the day claim: it answers for neither."""

    def __init__(self, number: str, trade_date: date, holder_id: int, claimant_id: int) -> None:
        self.number = number
        self.holder_id = holder_id
        self.claimant_id = claimant_id
        super().__init__(
            f"broker order number {number} of {trade_date} is claimed by orders {holder_id} "
            f"and {claimant_id}: its executions are recorded for neither until a person "
            "checks them"
        )


def holder_of(session: Session, order: Order, number: str) -> Order | None:
    """Return the other order of ``order``'s trade date the broker numbered ``number``."""
    return session.scalar(
        select(Order).where(
            Order.trade_date == order.trade_date,
            Order.broker_order_no == number,
            Order.id != order.id,
        )
    )
