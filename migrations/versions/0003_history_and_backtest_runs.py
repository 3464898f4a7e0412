"""history: daily bars, instruments, fetch progress; backtest runs

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import agent.store.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "backtest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", agent.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("span", sa.String(length=64), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("trades", sa.Integer(), nullable=False),
        sa.Column("realized_pnl", sa.BigInteger(), nullable=False),
        sa.Column("max_drawdown", sa.BigInteger(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "source IN ('seeds', 'days')", name=op.f("ck_backtest_runs_source_known")
        ),
        sa.CheckConstraint("days >= 0", name=op.f("ck_backtest_runs_days_non_negative")),
        sa.CheckConstraint("trades >= 0", name=op.f("ck_backtest_runs_trades_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backtest_runs")),
    )
    op.create_table(
        "bars_1d",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("open", sa.BigInteger(), nullable=False),
        sa.Column("high", sa.BigInteger(), nullable=False),
        sa.Column("low", sa.BigInteger(), nullable=False),
        sa.Column("close", sa.BigInteger(), nullable=False),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.Column("turnover", sa.BigInteger(), nullable=False),
        sa.Column("base", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "high >= open AND high >= close", name=op.f("ck_bars_1d_high_is_highest")
        ),
        sa.CheckConstraint(
            "low > 0 AND low <= open AND low <= close", name=op.f("ck_bars_1d_low_is_lowest")
        ),
        sa.CheckConstraint("turnover >= 0", name=op.f("ck_bars_1d_turnover_non_negative")),
        sa.CheckConstraint("volume >= 0", name=op.f("ck_bars_1d_volume_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bars_1d")),
        sa.UniqueConstraint("code", "day", name=op.f("uq_bars_1d_code_day")),
    )
    with op.batch_alter_table("bars_1d", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bars_1d_day"), ["day"], unique=False)

    op.create_table(
        "history_fetches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("bars", sa.Integer(), nullable=False),
        sa.Column("fetched_at", agent.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('daily', 'minute')", name=op.f("ck_history_fetches_kind_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_fetches")),
        sa.UniqueConstraint("kind", "code", "day", name=op.f("uq_history_fetches_kind_code_day")),
    )
    op.create_table(
        "instruments",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("board", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("listed_shares", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", agent.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("board IN ('KOSPI', 'KOSDAQ')", name=op.f("ck_instruments_board_known")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_instruments")),
    )


def downgrade() -> None:

    op.drop_table("instruments")
    op.drop_table("history_fetches")
    with op.batch_alter_table("bars_1d", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bars_1d_day"))

    op.drop_table("bars_1d")
    op.drop_table("backtest_runs")
