"""system events: actor_stuck (the watchdog found an actor's mailbox standing still)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
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
_NEW_KINDS = (*_OLD_KINDS, "actor_stuck")


def _swap_kinds(kinds: Sequence[str]) -> None:
    """Replace the kind's CHECK constraint (SQLite rebuilds the table, PostgreSQL alters it)."""
    name = "ck_system_events_event_kind"
    with op.batch_alter_table("system_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(name), type_="check")
        batch_op.create_check_constraint(
            op.f(name), sa.text(f"kind IN ({', '.join(repr(k) for k in kinds)})")
        )


def upgrade() -> None:
    _swap_kinds(_NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM system_events WHERE kind = 'actor_stuck'")
    _swap_kinds(_OLD_KINDS)
