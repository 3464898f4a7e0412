"""settings overrides: strategy and risk values changed while the agent ran

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 04:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import agent.store.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "settings_overrides",
        sa.Column("key", sa.String(length=96), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column(
            "changed_by",
            sa.Enum(
                "config",
                "ui",
                "cli",
                "tuner",
                name="changed_by",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("changed_at", agent.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings_overrides")),
    )


def downgrade() -> None:
    op.drop_table("settings_overrides")
