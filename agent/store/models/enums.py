"""Value sets stored in the database; each becomes a CHECK constraint."""

from __future__ import annotations

from enum import StrEnum

from agent.domain.enums import OrderPurpose, OrderStatus, OrderType, Side

__all__ = [
    "ChangedBy",
    "EventKind",
    "NewsChannel",
    "OrderPurpose",
    "OrderStatus",
    "OrderType",
    "Severity",
    "Side",
    "SignalDecision",
]


class ChangedBy(StrEnum):
    """Who changed a strategy or risk parameter."""

    CONFIG = "config"
    UI = "ui"
    CLI = "cli"
    TUNER = "tuner"


class EventKind(StrEnum):
    AGENT_STARTED = "agent_started"
    AGENT_STOPPED = "agent_stopped"
    ACTOR_STARTED = "actor_started"
    ACTOR_RESTARTED = "actor_restarted"
    ACTOR_ESCALATED = "actor_escalated"
    ACTOR_SHUTDOWN_TIMEOUT = "actor_shutdown_timeout"
    KILL_SWITCH_ENGAGED = "kill_switch_engaged"
    KILL_SWITCH_RELEASED = "kill_switch_released"
    MODE_CHANGED = "mode_changed"
    EMERGENCY_LIQUIDATION = "emergency_liquidation"
    DAILY_LOSS_LIMIT_HIT = "daily_loss_limit_hit"
    RECONCILIATION_MISMATCH = "reconciliation_mismatch"
    BROKER_ERROR = "broker_error"
    FREEZE_ENGAGED = "freeze_engaged"
    FREEZE_RELEASED = "freeze_released"
    LOT_REDUCED = "lot_reduced"
    EXTERNAL_ORDER = "external_order"
    STALE_PRICE = "stale_price"
    LIMIT_LOCKED = "limit_locked"
    EXIT_REFUSED = "exit_refused"
    BROKER_LOST = "broker_lost"
    BROKER_RESTORED = "broker_restored"
    TOKEN_FAILED = "token_failed"  # noqa: S105 (an event name, not a password)
    CLOCK_JUMP = "clock_jump"
    DAY_CLOSED = "day_closed"
    ACTOR_STUCK = "actor_stuck"
    BACKSTOP_REFUSED = "backstop_refused"
    """The broker refused a backstop: the position is guarded by the running agent only."""


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"


class SignalDecision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class NewsChannel(StrEnum):
    REST = "rest"
    BREAKING = "breaking"
