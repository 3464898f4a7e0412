"""backstops: stop-limit sells held at the broker (스톱지정가) for the agent's positions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-09 10:00:00

Adds the order type ``stop_limit`` with its trigger (``orders.stop_price``), the purpose
``backstop`` (for orders, signals and the trade log's exit reason) and the system event
``backstop_refused``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_TYPES = ("limit", "market", "best")
_NEW_TYPES = (*_OLD_TYPES, "stop_limit")
_OLD_PURPOSES = ("entry", "stop_loss", "take_profit", "eod_exit", "liquidation", "manual")
_NEW_PURPOSES = (*_OLD_PURPOSES, "backstop")
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
    "broker_lost",
    "broker_restored",
    "token_failed",
    "clock_jump",
    "day_closed",
    "actor_stuck",
)
_NEW_KINDS = (*_OLD_KINDS, "backstop_refused")
_STOP_PRICE = "(order_type = 'stop_limit') = (stop_price IS NOT NULL)"


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _swap_checks(table: str, checks: dict[str, str]) -> None:
    """Replace named CHECK constraints (SQLite rebuilds the table, PostgreSQL alters it)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name, condition in checks.items():
            batch_op.drop_constraint(op.f(name), type_="check")
            batch_op.create_check_constraint(op.f(name), sa.text(condition))


def _enums(types: Sequence[str], purposes: Sequence[str], kinds: Sequence[str]) -> None:
    _swap_checks(
        "orders",
        {
            "ck_orders_order_type": _in("order_type", types),
            "ck_orders_order_purpose": _in("purpose", purposes),
        },
    )
    _swap_checks("signals", {"ck_signals_signal_purpose": _in("purpose", purposes)})
    _swap_checks("trade_log", {"ck_trade_log_exit_reason": _in("exit_reason", purposes)})
    _swap_checks("system_events", {"ck_system_events_event_kind": _in("kind", kinds)})


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stop_price", sa.BigInteger(), nullable=True))
    _enums(_NEW_TYPES, _NEW_PURPOSES, _NEW_KINDS)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_orders_stop_price_of_stops"), sa.text(_STOP_PRICE)
        )


def downgrade() -> None:
    """Refused while any backstop is stored: dropping it would rewrite a trading record."""
    bind = op.get_bind()
    held = bind.execute(
        sa.text(
            "SELECT COUNT(*) FROM orders WHERE order_type = 'stop_limit' OR purpose = 'backstop'"
        )
    ).scalar_one()
    if held:
        raise RuntimeError(
            f"{held} backstop orders are stored: a downgrade below 0008 would lose them"
        )
    op.execute(sa.text("DELETE FROM system_events WHERE kind = 'backstop_refused'"))
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_stop_price_of_stops"), type_="check")
    _enums(_OLD_TYPES, _OLD_PURPOSES, _OLD_KINDS)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("stop_price")
