"""Orders, their history and fills: written so that nothing is recorded twice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agent.orders.lifecycle import TERMINAL, after, check_transition, fill_event
from agent.store.models import (
    Fill,
    Order,
    OrderPurpose,
    OrderStatus,
    OrderStatusChange,
    OrderType,
    Side,
)
from agent.store.repositories.broker_numbers import (
    BrokerNumbers,
    BrokerOrderNoContested,
    BrokerOrderNoTaken,
    holder_of,
)


@dataclass(frozen=True, kw_only=True)
class NewOrder:
    """What the router persists before it sends anything."""

    client_order_id: str
    trade_date: date
    code: str
    side: Side
    order_type: OrderType
    purpose: OrderPurpose
    quantity: int
    price: int | None
    signal_price: int | None = None
    stop_price: int | None = None
    strategy_tag: str | None = None
    reason_codes: Sequence[str] = field(default_factory=tuple)
    parent_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class NewFill:
    """One execution as the broker reported it."""

    broker_fill_no: str
    quantity: int
    price: int
    commission: int
    tax: int
    filled_at: datetime


__all__ = [
    "BrokerOrderNoContested",
    "BrokerOrderNoTaken",
    "NewFill",
    "NewOrder",
    "OrderRepository",
]


class OrderRepository(BrokerNumbers):
    """Persist order intents, status changes and fills."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(self, new: NewOrder, at: datetime) -> tuple[Order, bool]:
        """Persist an intent as PENDING; return (order, created); a known id returns the old row."""
        with self._sessions() as session:
            existing = session.scalar(
                select(Order).where(Order.client_order_id == new.client_order_id)
            )
            if existing is not None:
                return existing, False
            order = Order(
                client_order_id=new.client_order_id,
                parent_id=new.parent_id,
                trade_date=new.trade_date,
                code=new.code,
                side=new.side,
                order_type=new.order_type,
                purpose=new.purpose,
                quantity=new.quantity,
                price=new.price,
                stop_price=new.stop_price,
                status=OrderStatus.PENDING,
                filled_quantity=0,
                signal_price=new.signal_price,
                strategy_tag=new.strategy_tag,
                reason_codes=list(new.reason_codes),
                created_at=at,
                updated_at=at,
            )
            session.add(order)
            session.flush()
            session.add(
                OrderStatusChange(
                    order_id=order.id,
                    old_status=None,
                    new_status=OrderStatus.PENDING,
                    at=at,
                    detail={},
                )
            )
            try:
                session.commit()
            except IntegrityError:
                # Another writer persisted the same client order id first.
                session.rollback()
                raced = session.scalar(
                    select(Order).where(Order.client_order_id == new.client_order_id)
                )
                if raced is None:
                    raise
                return raced, False
            return order, True

    def get(self, order_id: int) -> Order | None:
        with self._sessions() as session:
            return session.get(Order, order_id)

    def by_client_id(self, client_order_id: str) -> Order | None:
        with self._sessions() as session:
            return session.scalar(select(Order).where(Order.client_order_id == client_order_id))

    def open_orders(self) -> list[Order]:
        """Return every order not yet in a terminal status, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Order).where(Order.status.not_in(TERMINAL)).order_by(Order.id)
            )
            return list(rows)

    def open_before(self, trade_date: date) -> list[Order]:
        """Return the orders of trade dates before ``trade_date`` not yet terminal, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Order)
                .where(Order.trade_date < trade_date, Order.status.not_in(TERMINAL))
                .order_by(Order.id)
            )
            return list(rows)

    def transition(
        self,
        order_id: int,
        new_status: OrderStatus,
        at: datetime,
        detail: dict[str, Any] | None = None,
        broker_order_no: str | None = None,
        reject: tuple[str, str] | None = None,
        contested: str | None = None,
    ) -> Order:
        """Move an order to ``new_status`` (checked against the lifecycle table) and log it.

        A ``broker_order_no`` another order of the trade date holds raises
        :class:`BrokerOrderNoTaken` and changes nothing; ``contested`` notes such a number set
        aside (:meth:`contest`)."""
        with self._sessions() as session:
            order = session.get(Order, order_id, with_for_update=True)
            if order is None:
                raise LookupError(f"no order {order_id}")
            check_transition(order.status, new_status)
            if broker_order_no is not None and broker_order_no != order.broker_order_no:
                holder = holder_of(session, order, broker_order_no)
                if holder is not None:
                    raise BrokerOrderNoTaken(broker_order_no, order.trade_date, holder, order)
            session.add(
                OrderStatusChange(
                    order_id=order.id,
                    old_status=order.status,
                    new_status=new_status,
                    at=at,
                    detail=detail or {},
                )
            )
            order.status = new_status
            order.updated_at = at
            if new_status is OrderStatus.SENT:
                order.sent_at = at
            if broker_order_no is not None:
                order.broker_order_no = broker_order_no
            if reject is not None:
                order.reject_code, order.reject_message = reject
            if contested is not None:
                order.contested_broker_order_no = contested
            try:
                session.commit()
            except IntegrityError:
                session.rollback()  # another writer took the number in the meantime
                claimant = session.get(Order, order_id)
                holder = None
                if claimant is not None and broker_order_no is not None:
                    holder = holder_of(session, claimant, broker_order_no)
                if claimant is None or holder is None:
                    raise
                raise BrokerOrderNoTaken(
                    broker_order_no or "", claimant.trade_date, holder, claimant
                ) from None
            return order

    def record_fill(self, order_id: int, fill: NewFill) -> bool:
        """Record a fill once; return False when this fill number was already recorded."""
        with self._sessions() as session:
            order = session.get(Order, order_id, with_for_update=True)
            if order is None:
                raise LookupError(f"no order {order_id}")
            duplicate = session.scalar(
                select(Fill.id).where(
                    Fill.order_id == order_id, Fill.broker_fill_no == fill.broker_fill_no
                )
            )
            if duplicate is not None:
                return False
            if order.filled_quantity + fill.quantity > order.quantity:
                raise ValueError(
                    f"fill {fill.broker_fill_no} of {fill.quantity} overfills order {order_id}"
                )
            session.add(
                Fill(
                    order_id=order_id,
                    broker_fill_no=fill.broker_fill_no,
                    code=order.code,
                    side=order.side,
                    quantity=fill.quantity,
                    price=fill.price,
                    commission=fill.commission,
                    tax=fill.tax,
                    filled_at=fill.filled_at,
                )
            )
            previous_value = (order.avg_fill_price or 0) * order.filled_quantity
            order.filled_quantity += fill.quantity
            total = previous_value + fill.price * fill.quantity
            # Integer won, rounded half up: no binary floats in stored money.
            order.avg_fill_price = (total + order.filled_quantity // 2) // order.filled_quantity
            new_status = after(order.status, fill_event(order.quantity, order.filled_quantity))
            if new_status is not order.status:
                session.add(
                    OrderStatusChange(
                        order_id=order.id,
                        old_status=order.status,
                        new_status=new_status,
                        at=fill.filled_at,
                        detail={"fill": fill.broker_fill_no},
                    )
                )
                order.status = new_status
            order.updated_at = fill.filled_at
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
            return True

    def for_day(self, trade_date: date, statuses: Sequence[OrderStatus] = ()) -> list[Order]:
        """Return the day's orders (optionally only in ``statuses``), oldest first."""
        with self._sessions() as session:
            query = select(Order).where(Order.trade_date == trade_date).order_by(Order.id)
            if statuses:
                query = query.where(Order.status.in_(statuses))
            return list(session.scalars(query))

    def cancels_for_day(self, trade_date: date) -> list[tuple[datetime, str, str]]:
        """Return the day's cancel requests: (when, client order id, the reason kept with it,
        empty when none was), oldest first."""
        with self._sessions() as session:
            rows = session.execute(
                select(OrderStatusChange.at, Order.client_order_id, OrderStatusChange.detail)
                .join(Order, Order.id == OrderStatusChange.order_id)
                .where(
                    Order.trade_date == trade_date,
                    OrderStatusChange.new_status == OrderStatus.CANCEL_REQUESTED,
                )
                .order_by(OrderStatusChange.id)
            ).all()
        return [(at, cid, str((detail or {}).get("reason", ""))) for at, cid, detail in rows]

    def fill_totals(self, order_id: int) -> tuple[int, int, int, int]:
        """Return (quantity, amount, commission, tax) summed over the order's recorded fills."""
        with self._sessions() as session:
            row = session.execute(
                select(
                    func.coalesce(func.sum(Fill.quantity), 0),
                    func.coalesce(func.sum(Fill.quantity * Fill.price), 0),
                    func.coalesce(func.sum(Fill.commission), 0),
                    func.coalesce(func.sum(Fill.tax), 0),
                ).where(Fill.order_id == order_id)
            ).one()
            return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def history(self, order_id: int) -> list[OrderStatusChange]:
        with self._sessions() as session:
            rows = session.scalars(
                select(OrderStatusChange)
                .where(OrderStatusChange.order_id == order_id)
                .order_by(OrderStatusChange.id)
            )
            return list(rows)

    def fills(self, order_id: int) -> list[Fill]:
        with self._sessions() as session:
            return list(
                session.scalars(select(Fill).where(Fill.order_id == order_id).order_by(Fill.id))
            )
