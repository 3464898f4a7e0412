"""What happened to the agent itself, who changed its parameters, and how each day went."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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
from agent.store.models.enums import ChangedBy, EventKind, Severity
from agent.store.types import UTCDateTime, str_enum


class ParameterChange(Base):
    """One change of a strategy or risk parameter: when, old, new, by whom."""

    __tablename__ = "parameter_changes"
    __table_args__ = (Index(None, "component", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    component: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    changed_by: Mapped[ChangedBy] = mapped_column(str_enum(ChangedBy, "changed_by"))
    note: Mapped[str | None] = mapped_column(Text)


class SettingOverride(Base):
    """A strategy or risk value changed while the agent ran, applied on top of the settings
    file at every start until ``stockagent config reset`` drops it (agent.settings.layers)."""

    __tablename__ = "settings_overrides"

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    """The dotted setting name, ``risk.stop_loss_pct``."""
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    """The value as JSON; null for an optional setting left unset (``risk.capital_won``)."""
    changed_by: Mapped[ChangedBy] = mapped_column(str_enum(ChangedBy, "changed_by"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SystemEvent(Base):
    """Actor restarts and escalations, the kill switch, mode changes and other system facts."""

    __tablename__ = "system_events"
    __table_args__ = (
        CheckConstraint("restart_count IS NULL OR restart_count >= 0", name="restart_count_ok"),
        Index(None, "at"),
        Index(None, "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, "event_kind"))
    severity: Mapped[Severity] = mapped_column(str_enum(Severity, "event_severity"))
    actor_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    restart_count: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LearningMetrics(Base):
    """The day's results and the parameters that produced them (the design's learning_metrics)."""

    __tablename__ = "learning_metrics"
    __table_args__ = (
        CheckConstraint("trades >= 0", name="trades_non_negative"),
        CheckConstraint("wins >= 0 AND wins <= trades", name="wins_within_trades"),
        CheckConstraint("max_drawdown <= 0", name="drawdown_non_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date, unique=True)
    trades: Mapped[int] = mapped_column(Integer)
    wins: Mapped[int] = mapped_column(Integer)
    realized_pnl: Mapped[int] = mapped_column(BigInteger)
    commission: Mapped[int] = mapped_column(BigInteger, default=0)
    tax: Mapped[int] = mapped_column(BigInteger, default=0)
    max_drawdown: Mapped[int] = mapped_column(BigInteger, default=0)
    avg_return_bps: Mapped[int | None] = mapped_column(Integer)
    starting_equity: Mapped[int | None] = mapped_column(BigInteger)
    ending_equity: Mapped[int | None] = mapped_column(BigInteger)
    capital: Mapped[int | None] = mapped_column(BigInteger)
    """The agent's capital budget that day (``risk.capital_won`` or the cash at the first start)."""
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    best_pattern: Mapped[str | None] = mapped_column(String(160))
    """The day's pattern with the best expectancy among those with the minimum sample
    (:mod:`agent.learning.patterns`); None when none had enough trades."""
    worst_pattern: Mapped[str | None] = mapped_column(String(160))


class PatternDay(Base):
    """One pattern's closed trades of one day, as sums (a span's figures add them up)."""

    __tablename__ = "learning_patterns"
    __table_args__ = (
        UniqueConstraint("date", "name"),
        CheckConstraint("trades > 0", name="trades_positive"),
        CheckConstraint("wins >= 0 AND wins <= trades", name="wins_within_trades"),
        CheckConstraint("gross_profit_won >= 0 AND gross_loss_won >= 0", name="gross_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(160))
    reasons: Mapped[str] = mapped_column(String(96))
    minute: Mapped[str] = mapped_column(String(8))
    news: Mapped[str] = mapped_column(String(16))
    rank: Mapped[str] = mapped_column(String(16))
    exit: Mapped[str] = mapped_column(String(24))
    trades: Mapped[int] = mapped_column(Integer)
    wins: Mapped[int] = mapped_column(Integer)
    gross_profit_won: Mapped[int] = mapped_column(BigInteger)
    gross_loss_won: Mapped[int] = mapped_column(BigInteger)
    return_bps_sum: Mapped[int] = mapped_column(BigInteger)


class Report(Base):
    """A stored report: a day's at its close, a week's after its last session."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("kind", "period"),
        CheckConstraint("kind IN ('daily', 'weekly')", name="kind_known"),
        CheckConstraint("first_day <= last_day", name="days_in_order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    period: Mapped[str] = mapped_column(String(10))
    """``2026-12-02`` for a day, ``2026-W49`` (ISO week) for a week."""
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class BacktestRun(Base):
    """One ``stockagent backtest``: what it ran over, with which parameters, and its result."""

    __tablename__ = "backtest_runs"
    __table_args__ = (
        CheckConstraint("source IN ('seeds', 'days')", name="source_known"),
        CheckConstraint("days >= 0", name="days_non_negative"),
        CheckConstraint("trades >= 0", name="trades_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(8))
    """``seeds`` (synthetic days) or ``days`` (fetched or recorded market days)."""
    span: Mapped[str] = mapped_column(String(64))
    """The seeds (``1-5``) or the dates (``2026-11-02..2026-11-06``) it covered."""
    days: Mapped[int] = mapped_column(Integer)
    trades: Mapped[int] = mapped_column(Integer)
    realized_pnl: Mapped[int] = mapped_column(BigInteger)
    max_drawdown: Mapped[int] = mapped_column(BigInteger)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The whole result as ``backtest --json`` prints it."""
