"""Positions, closed trades and the decisions behind them."""

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
from agent.store.models.enums import OrderPurpose, Side, SignalDecision
from agent.store.types import UTCDateTime, str_enum


class Position(Base):
    """An open holding as the agent last reconciled it with the broker."""

    __tablename__ = "positions"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("avg_price > 0", name="avg_price_positive"),
        CheckConstraint("stop_price IS NULL OR stop_price > 0", name="stop_price_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str | None] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer)
    avg_price: Mapped[int] = mapped_column(BigInteger)
    stop_price: Mapped[int | None] = mapped_column(BigInteger)
    strategy_tag: Mapped[str | None] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TradeLog(Base):
    """A round trip: entry, exit, costs, P&L and why it was taken (the design's trade_log)."""

    __tablename__ = "trade_log"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("entry_price > 0", name="entry_price_positive"),
        CheckConstraint("exit_price IS NULL OR exit_price > 0", name="exit_price_positive"),
        CheckConstraint(
            "news_score_at_entry IS NULL OR (news_score_at_entry BETWEEN 0 AND 100)",
            name="news_score_range",
        ),
        Index(None, "trade_date", "code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trade_date: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str | None] = mapped_column(String(64))
    side: Mapped[Side] = mapped_column(str_enum(Side, "trade_side"))
    strategy_tag: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer)
    entry_time: Mapped[datetime] = mapped_column(UTCDateTime())
    entry_price: Mapped[int] = mapped_column(BigInteger)
    exit_time: Mapped[datetime | None] = mapped_column(UTCDateTime())
    exit_price: Mapped[int | None] = mapped_column(BigInteger)
    exit_reason: Mapped[OrderPurpose | None] = mapped_column(str_enum(OrderPurpose, "exit_reason"))
    commission: Mapped[int] = mapped_column(BigInteger, default=0)
    tax: Mapped[int] = mapped_column(BigInteger, default=0)
    realized_pnl: Mapped[int | None] = mapped_column(BigInteger)
    return_bps: Mapped[int | None] = mapped_column(Integer)
    slippage_won: Mapped[int] = mapped_column(BigInteger, default=0)
    news_score_at_entry: Mapped[int | None] = mapped_column(Integer)
    volume_rank_at_entry: Mapped[int | None] = mapped_column(Integer)
    reason_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    entry_order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    exit_order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))


class Signal(Base):
    """Every entry or exit intent and what the strategy and risk governor decided, with reasons."""

    __tablename__ = "signals"
    __table_args__ = (Index(None, "trade_date", "code"), Index(None, "decision"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trade_date: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    code: Mapped[str] = mapped_column(String(12))
    purpose: Mapped[OrderPurpose] = mapped_column(str_enum(OrderPurpose, "signal_purpose"))
    decision: Mapped[SignalDecision] = mapped_column(str_enum(SignalDecision, "signal_decision"))
    price: Mapped[int | None] = mapped_column(BigInteger)
    quantity: Mapped[int | None] = mapped_column(Integer)
    reason_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))


class LotAdjustment(Base):
    """Shares taken out of the agent's lot without an agent sell: the user sold them by hand."""

    __tablename__ = "lot_adjustments"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index(None, "code", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12))
    quantity: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ExternalOrder(Base):
    """An order in the account the agent did not place (영웅문, MTS, ``stockagent broker``)."""

    __tablename__ = "external_orders"
    __table_args__ = (
        UniqueConstraint("trade_date", "broker_order_no"),
        CheckConstraint("quantity >= 0", name="quantity_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trade_date: Mapped[date] = mapped_column(Date)
    broker_order_no: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(12))
    side: Mapped[Side | None] = mapped_column(str_enum(Side, "external_order_side"))
    kind: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(Integer)
    price: Mapped[int] = mapped_column(BigInteger)
    filled_quantity: Mapped[int] = mapped_column(Integer, default=0)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
