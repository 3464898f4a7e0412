"""What the user is told about: one :class:`Notice` per fact, in the domain's words."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from msgspec import Struct


class NoticeKind(StrEnum):
    FILL = "fill"
    REJECTION = "rejection"
    STOP = "stop"
    BACKSTOP = "backstop"
    """A backstop held at the broker sold (the agent's own stop did not act first)."""
    BACKSTOP_REFUSED = "backstop_refused"
    KILL_SWITCH = "kill_switch"
    KILL_SWITCH_RELEASED = "kill_switch_released"
    FREEZE = "freeze"
    FREEZE_RELEASED = "freeze_released"
    LIQUIDATION = "liquidation"
    DAILY_LOSS_LIMIT = "daily_loss_limit"
    RESTART = "restart"
    ESCALATION = "escalation"
    STUCK = "stuck"
    BROKER_LOST = "broker_lost"
    BROKER_BACK = "broker_back"
    TOKEN_FAILED = "token_failed"  # noqa: S105 (an event name, not a password)
    CLOCK_JUMP = "clock_jump"
    EXIT_REFUSED = "exit_refused"
    RECONCILIATION = "reconciliation"
    AGENT_STARTED = "agent_started"
    AGENT_STOPPED = "agent_stopped"
    DAY_SUMMARY = "day_summary"
    TEST = "test"


URGENT: frozenset[NoticeKind] = frozenset(
    {
        NoticeKind.STOP,
        NoticeKind.BACKSTOP,
        NoticeKind.KILL_SWITCH,
        NoticeKind.FREEZE,
        NoticeKind.LIQUIDATION,
        NoticeKind.DAILY_LOSS_LIMIT,
        NoticeKind.ESCALATION,
        NoticeKind.BROKER_LOST,
        NoticeKind.TOKEN_FAILED,
        NoticeKind.CLOCK_JUMP,
        NoticeKind.DAY_SUMMARY,
        NoticeKind.TEST,
    }
)
"""Sent at once, ahead of the batching window and the rate limit: a phone should ring for
these. Everything else waits for the window so that a burst is one message."""

SEVERE: frozenset[NoticeKind] = frozenset(
    {
        NoticeKind.KILL_SWITCH,
        NoticeKind.LIQUIDATION,
        NoticeKind.ESCALATION,
        NoticeKind.BROKER_LOST,
        NoticeKind.TOKEN_FAILED,
        NoticeKind.STUCK,
        NoticeKind.DAILY_LOSS_LIMIT,
        NoticeKind.REJECTION,
        NoticeKind.RECONCILIATION,
        NoticeKind.BACKSTOP_REFUSED,
    }
)
"""Messages holding one of these are sent as failures (apprise's type), the rest as info."""


class Notice(Struct, frozen=True, kw_only=True):
    """One fact for the user; ``facts`` are what :mod:`agent.notify.texts` writes it from."""

    kind: NoticeKind
    at: datetime
    code: str | None = None
    facts: dict[str, Any] = {}

    @property
    def urgent(self) -> bool:
        return self.kind in URGENT
