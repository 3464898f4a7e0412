"""Recorded market data and news, kept for replay, backtests and tuning."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
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


class DailyBar(Base):
    """One day's candle of one code (ka10081); ``base`` is the previous close it moved from."""

    __tablename__ = "bars_1d"
    __table_args__ = (
        UniqueConstraint("code", "day"),
        CheckConstraint("low > 0 AND low <= open AND low <= close", name="low_is_lowest"),
        CheckConstraint("high >= open AND high >= close", name="high_is_highest"),
        CheckConstraint("volume >= 0", name="volume_non_negative"),
        CheckConstraint("turnover >= 0", name="turnover_non_negative"),
        Index(None, "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12))
    day: Mapped[date] = mapped_column(Date)
    open: Mapped[int] = mapped_column(BigInteger)
    high: Mapped[int] = mapped_column(BigInteger)
    low: Mapped[int] = mapped_column(BigInteger)
    close: Mapped[int] = mapped_column(BigInteger)
    volume: Mapped[int] = mapped_column(BigInteger)
    turnover: Mapped[int] = mapped_column(BigInteger)
    base: Mapped[int] = mapped_column(BigInteger)


class Instrument(Base):
    """A listed stock as ka10099 names it: what a backtest of fetched days needs of it."""

    __tablename__ = "instruments"
    __table_args__ = (CheckConstraint("board IN ('KOSPI', 'KOSDAQ')", name="board_known"),)

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    board: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    listed_shares: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HistoryFetch(Base):
    """One finished read of ``stockagent data fetch``: the daily bars of a code up to ``day``
    (``kind`` daily) or a code's minute bars of ``day`` (``kind`` minute). A fetch resumes by
    skipping what is here; ``bars`` is how many came (0 for a day the code did not trade)."""

    __tablename__ = "history_fetches"
    __table_args__ = (
        UniqueConstraint("kind", "code", "day"),
        CheckConstraint("kind IN ('daily', 'minute')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(12))
    day: Mapped[date] = mapped_column(Date)
    bars: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())


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
