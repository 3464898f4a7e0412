"""learning: patterns per day, best and worst pattern, reports

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import agent.store.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learning_patterns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("reasons", sa.String(length=96), nullable=False),
        sa.Column("minute", sa.String(length=8), nullable=False),
        sa.Column("news", sa.String(length=16), nullable=False),
        sa.Column("rank", sa.String(length=16), nullable=False),
        sa.Column("exit", sa.String(length=24), nullable=False),
        sa.Column("trades", sa.Integer(), nullable=False),
        sa.Column("wins", sa.Integer(), nullable=False),
        sa.Column("gross_profit_won", sa.BigInteger(), nullable=False),
        sa.Column("gross_loss_won", sa.BigInteger(), nullable=False),
        sa.Column("return_bps_sum", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "gross_profit_won >= 0 AND gross_loss_won >= 0",
            name=op.f("ck_learning_patterns_gross_non_negative"),
        ),
        sa.CheckConstraint("trades > 0", name=op.f("ck_learning_patterns_trades_positive")),
        sa.CheckConstraint(
            "wins >= 0 AND wins <= trades", name=op.f("ck_learning_patterns_wins_within_trades")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_patterns")),
        sa.UniqueConstraint("date", "name", name=op.f("uq_learning_patterns_date_name")),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("created_at", agent.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('daily', 'weekly')", name=op.f("ck_reports_kind_known")),
        sa.CheckConstraint("first_day <= last_day", name=op.f("ck_reports_days_in_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("kind", "period", name=op.f("uq_reports_kind_period")),
    )
    with op.batch_alter_table("learning_metrics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("best_pattern", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("worst_pattern", sa.String(length=160), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("learning_metrics", schema=None) as batch_op:
        batch_op.drop_column("worst_pattern")
        batch_op.drop_column("best_pattern")

    op.drop_table("reports")
    op.drop_table("learning_patterns")
