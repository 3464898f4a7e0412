"""Broker order numbers: one order per number and trade date, and what a second claim raises.

Kiwoom numbers an account's orders once a day, so two local orders of one day with the same
number mean the database holds another broker session's orders of that day (a second simulator
run on the same day, paper and live sharing a database) or a bug. The number is never attached
to the second order, and nothing done by the number (an execution, a cancel) may reach either
order until a person has looked (:meth:`agent.store.repositories.OrderRepository.contest`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from agent.store.models import Order, OrderStatus

__all__ = ["BrokerNumbers", "BrokerOrderNoContested", "BrokerOrderNoTaken", "holder_of"]


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


class _Orders(Protocol):
    _sessions: sessionmaker[Session]

    def get(self, order_id: int) -> Order | None: ...

    def transition(
        self,
        order_id: int,
        new_status: OrderStatus,
        at: datetime,
        detail: dict[str, Any] | None = None,
        broker_order_no: str | None = None,
        reject: tuple[str, str] | None = None,
        contested: str | None = None,
    ) -> Order: ...


class BrokerNumbers:
    """The order repository's lookups by broker number, and the setting aside of a number two
    orders claim (:class:`agent.store.repositories.OrderRepository` takes these on)."""

    def by_broker_order_no(self: _Orders, broker_order_no: str, trade_date: date) -> Order | None:
        """Return the day's order the broker numbered ``broker_order_no``; a number two orders
        claim (:meth:`contest`) raises :class:`BrokerOrderNoContested`."""
        with self._sessions() as session:
            rows = list(
                session.scalars(
                    select(Order).where(
                        Order.trade_date == trade_date,
                        or_(
                            Order.broker_order_no == broker_order_no,
                            Order.contested_broker_order_no == broker_order_no,
                        ),
                    )
                )
            )
        holder = next((o for o in rows if o.broker_order_no == broker_order_no), None)
        claimant = next((o for o in rows if o.contested_broker_order_no == broker_order_no), None)
        if claimant is not None:
            raise BrokerOrderNoContested(
                broker_order_no, trade_date, holder.id if holder else 0, claimant.id
            )
        return holder

    def is_contested(self: _Orders, broker_order_no: str, trade_date: date) -> bool:
        """Tell whether two orders of ``trade_date`` claim ``broker_order_no``."""
        with self._sessions() as session:
            found = session.scalar(
                select(Order.id).where(
                    Order.trade_date == trade_date,
                    Order.contested_broker_order_no == broker_order_no,
                )
            )
        return found is not None

    def contest(self: _Orders, order_id: int, number: str, at: datetime, holder_id: int) -> Order:
        """Set aside ``number``, which the broker gave order ``order_id`` while order
        ``holder_id`` of the day holds it: the order is UNKNOWN (sent; which broker order is
        its own is for a person to settle) and lookups by the number answer for neither
        (:class:`BrokerOrderNoContested`)."""
        detail = {"contested_broker_order_no": number, "held_by": holder_id}
        order = self.get(order_id)
        if order is not None and order.status is OrderStatus.UNKNOWN:
            with self._sessions() as session:  # no move: UNKNOWN already, the number noted
                row = session.get(Order, order_id, with_for_update=True)
                if row is not None:
                    row.contested_broker_order_no, row.updated_at = number, at
                    session.commit()
                    return row
        return self.transition(order_id, OrderStatus.UNKNOWN, at, detail, contested=number)
