"""Orders, their status history and their fills: the record of what we asked the broker to do."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from agent.store.models.base import Base
from agent.store.models.enums import OrderPurpose, OrderStatus, OrderType, Side
from agent.store.types import UTCDateTime, str_enum


class Order(Base):
    """One order intent, persisted before it is sent; ``client_order_id`` makes it idempotent.

    A broker order number belongs to one order of its trade date (Kiwoom numbers each day's
    orders of an account once): a second claim of it is refused, never attached to the holder.
    """

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("filled_quantity >= 0", name="filled_non_negative"),
        CheckConstraint("filled_quantity <= quantity", name="filled_within_quantity"),
        CheckConstraint("price IS NULL OR price > 0", name="price_positive"),
        CheckConstraint(
            "order_type IN ('market', 'best') OR price IS NOT NULL", name="limit_order_has_price"
        ),
        CheckConstraint(
            "(order_type = 'stop_limit') = (stop_price IS NOT NULL)", name="stop_price_of_stops"
        ),
        UniqueConstraint("trade_date", "broker_order_no"),
        Index(None, "trade_date", "code"),
        Index(None, "broker_order_no"),
        Index(None, "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_order_id: Mapped[str] = mapped_column(String(64), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    broker_order_no: Mapped[str | None] = mapped_column(String(16))
    contested_broker_order_no: Mapped[str | None] = mapped_column(String(16))
    """The number the broker gave this order that another order of the day already holds:
    executions and cancels by it are held back from both until a person looks."""
    trade_date: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(12))
    side: Mapped[Side] = mapped_column(str_enum(Side, "order_side"))
    order_type: Mapped[OrderType] = mapped_column(str_enum(OrderType, "order_type"))
    purpose: Mapped[OrderPurpose] = mapped_column(str_enum(OrderPurpose, "order_purpose"))
    quantity: Mapped[int] = mapped_column(Integer)
    price: Mapped[int | None] = mapped_column(BigInteger)
    stop_price: Mapped[int | None] = mapped_column(BigInteger)
    """A stop-limit's trigger (스톱지정가 ``cond_uv``); None for every other type."""
    status: Mapped[OrderStatus] = mapped_column(str_enum(OrderStatus, "order_status"))
    filled_quantity: Mapped[int] = mapped_column(Integer, default=0)
    avg_fill_price: Mapped[int | None] = mapped_column(BigInteger)
    signal_price: Mapped[int | None] = mapped_column(BigInteger)
    strategy_tag: Mapped[str | None] = mapped_column(String(64))
    reason_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    reject_code: Mapped[str | None] = mapped_column(String(32))
    reject_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OrderStatusChange(Base):
    """Every status an order went through, in order, with what caused it."""

    __tablename__ = "order_status_history"
    __table_args__ = (Index(None, "order_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    old_status: Mapped[OrderStatus | None] = mapped_column(
        str_enum(OrderStatus, "order_history_old_status")
    )
    new_status: Mapped[OrderStatus] = mapped_column(str_enum(OrderStatus, "order_history_status"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Fill(Base):
    """One execution reported by the broker; its number makes it unique, so it counts once."""

    __tablename__ = "fills"
    __table_args__ = (
        UniqueConstraint("order_id", "broker_fill_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("commission >= 0", name="commission_non_negative"),
        CheckConstraint("tax >= 0", name="tax_non_negative"),
        Index(None, "code", "filled_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"))
    broker_fill_no: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(12))
    side: Mapped[Side] = mapped_column(str_enum(Side, "fill_side"))
    quantity: Mapped[int] = mapped_column(Integer)
    price: Mapped[int] = mapped_column(BigInteger)
    commission: Mapped[int] = mapped_column(BigInteger, default=0)
    tax: Mapped[int] = mapped_column(BigInteger, default=0)
    filled_at: Mapped[datetime] = mapped_column(UTCDateTime())
