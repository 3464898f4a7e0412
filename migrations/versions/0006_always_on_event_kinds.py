"""always on: system events for the broker lost and back, token failures, clock jumps, the
day's close (what notifications are sent from) and an actor found stuck by the watchdog

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 20:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KINDS = (
    "agent_started",
    "agent_stopped",
    "actor_started",
    "actor_restarted",
    "actor_escalated",
    "actor_shutdown_timeout",
    "kill_switch_engaged",
    "kill_switch_released",
    "mode_changed",
    "emergency_liquidation",
    "daily_loss_limit_hit",
    "reconciliation_mismatch",
    "broker_error",
    "freeze_engaged",
    "freeze_released",
    "lot_reduced",
    "external_order",
    "stale_price",
    "limit_locked",
    "exit_refused",
)
_NEW_KINDS = (
    *_OLD_KINDS,
    "broker_lost",
    "broker_restored",
    "token_failed",
    "clock_jump",
    "day_closed",
    "actor_stuck",
)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _swap_kinds(kinds: Sequence[str]) -> None:
    """Replace the kind CHECK (SQLite rebuilds the table, PostgreSQL alters it)."""
    with op.batch_alter_table("system_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_system_events_event_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_system_events_event_kind"), sa.text(_in("kind", kinds))
        )


def upgrade() -> None:
    _swap_kinds(_NEW_KINDS)


def downgrade() -> None:
    added = [k for k in _NEW_KINDS if k not in _OLD_KINDS]
    op.execute(sa.text(f"DELETE FROM system_events WHERE {_in('kind', added)}"))  # noqa: S608 (constants)
    _swap_kinds(_OLD_KINDS)
