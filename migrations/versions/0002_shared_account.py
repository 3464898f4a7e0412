"""shared account: lot adjustments, external orders, the day's capital, new enum values

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import agent.store.types

revision: str = "0002"
down_revision: str | None = "0001"
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
)
_NEW_KINDS = (
    *_OLD_KINDS,
    "freeze_engaged",
    "freeze_released",
    "lot_reduced",
    "external_order",
    "stale_price",
    "limit_locked",
    "exit_refused",
)
_OLD_TYPES = ("limit", "market")
_NEW_TYPES = ("limit", "market", "best")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _swap_checks(table: str, checks: dict[str, str]) -> None:
    """Replace named CHECK constraints (SQLite rebuilds the table, PostgreSQL alters it)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name, condition in checks.items():
            batch_op.drop_constraint(op.f(name), type_="check")
            batch_op.create_check_constraint(op.f(name), sa.text(condition))


def upgrade() -> None:
    op.create_table(
        "lot_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("at", agent.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_lot_adjustments_quantity_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lot_adjustments")),
    )
    with op.batch_alter_table("lot_adjustments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lot_adjustments_code_at"), ["code", "at"])
    op.create_table(
        "external_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trade_date", sa.Date(), nullable=False),
        sa.Column("broker_order_no", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "buy",
                "sell",
                name="external_order_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("filled_quantity", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", agent.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", agent.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_external_orders_quantity_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_orders")),
        sa.UniqueConstraint(
            "trade_date",
            "broker_order_no",
            name=op.f("uq_external_orders_trade_date_broker_order_no"),
        ),
    )
    with op.batch_alter_table("learning_metrics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capital", sa.BigInteger(), nullable=True))
    _swap_checks("system_events", {"ck_system_events_event_kind": _in("kind", _NEW_KINDS)})
    _swap_checks(
        "orders",
        {
            "ck_orders_order_type": _in("order_type", _NEW_TYPES),
            "ck_orders_limit_order_has_price": (
                "order_type IN ('market', 'best') OR price IS NOT NULL"
            ),
        },
    )


def downgrade() -> None:
    _swap_checks(
        "orders",
        {
            "ck_orders_order_type": _in("order_type", _OLD_TYPES),
            "ck_orders_limit_order_has_price": "order_type = 'market' OR price IS NOT NULL",
        },
    )
    _swap_checks("system_events", {"ck_system_events_event_kind": _in("kind", _OLD_KINDS)})
    with op.batch_alter_table("learning_metrics", schema=None) as batch_op:
        batch_op.drop_column("capital")
    op.drop_table("external_orders")
    with op.batch_alter_table("lot_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lot_adjustments_code_at"))
    op.drop_table("lot_adjustments")
