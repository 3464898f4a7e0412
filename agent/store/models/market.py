"""Recorded market data and news, kept for replay, backtests and tuning."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from agent.store.models.base import Base
from agent.store.models.enums import NewsChannel
from agent.store.types import UTCDateTime, str_enum


class Bar(Base):
    """A one-minute bar; ``start`` is the bar's opening minute."""

    __tablename__ = "bars_1m"
    __table_args__ = (
        UniqueConstraint("code", "start"),
        CheckConstraint("low > 0 AND low <= open AND low <= close", name="low_is_lowest"),
        CheckConstraint("high >= open AND high >= close", name="high_is_highest"),
        CheckConstraint("volume >= 0", name="volume_non_negative"),
        CheckConstraint("turnover >= 0", name="turnover_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12))
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    open: Mapped[int] = mapped_column(BigInteger)
    high: Mapped[int] = mapped_column(BigInteger)
    low: Mapped[int] = mapped_column(BigInteger)
    close: Mapped[int] = mapped_column(BigInteger)
    volume: Mapped[int] = mapped_column(BigInteger)
    turnover: Mapped[int] = mapped_column(BigInteger)


class Tick(Base):
    """One trade print; ``quantity`` is signed (+ buyer-initiated, - seller-initiated)."""

    __tablename__ = "ticks"
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("quantity <> 0", name="quantity_non_zero"),
        Index(None, "code", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    code: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    price: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int] = mapped_column(BigInteger)
    cum_volume: Mapped[int] = mapped_column(BigInteger)
    cum_turnover: Mapped[int] = mapped_column(BigInteger)


class NewsEvent(Base):
    """A news score or breaking headline as it reached the agent."""

    __tablename__ = "news_events"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score BETWEEN 0 AND 100)", name="score_range"),
        Index(None, "code", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(12))
    channel: Mapped[NewsChannel] = mapped_column(str_enum(NewsChannel, "news_channel"))
    score: Mapped[int | None] = mapped_column(Integer)
    headline: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(128))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
