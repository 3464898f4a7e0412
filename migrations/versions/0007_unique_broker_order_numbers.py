"""unique broker order numbers: one order per number and trade date; a contested number is
kept aside on the order that claimed it second

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 10:00:00

A database that already holds two orders of one trade date with the same broker number (two
brokers' or two simulator runs' orders of the same day) is not changed: the upgrade stops and
names them, since only a person can tell which order the broker's number is.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from agent.store.errors import MigrationRefused

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SHOWN = 20
"""Duplicated numbers named in the refusal (the count says how many more)."""


def _refuse_duplicates() -> None:
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT trade_date, broker_order_no, id, client_order_id FROM orders "
                "WHERE broker_order_no IS NOT NULL AND (trade_date, broker_order_no) IN ("
                "  SELECT trade_date, broker_order_no FROM orders "
                "  WHERE broker_order_no IS NOT NULL "
                "  GROUP BY trade_date, broker_order_no HAVING COUNT(*) > 1"
                ") ORDER BY trade_date, broker_order_no, id"
            )
        )
        .all()
    )
    if not rows:
        return
    groups: dict[tuple[str, str], list[str]] = {}
    later: list[int] = []
    for day, number, order_id, client_id in rows:
        ids = groups.setdefault((str(day), str(number)), [])
        if ids:
            later.append(int(order_id))
        ids.append(f"{order_id} ({client_id})")
    named = "; ".join(
        f"{day} number {number}: orders {', '.join(ids)}"
        for (day, number), ids in list(groups.items())[:_SHOWN]
    )
    more = f" and {len(groups) - _SHOWN} more" if len(groups) > _SHOWN else ""
    # Shown to the person, never run here.
    clear = f"UPDATE orders SET broker_order_no = NULL WHERE id IN ({', '.join(map(str, later))})"  # noqa: S608
    raise MigrationRefused(
        f"cannot make broker order numbers unique per trade date: {len(groups)} number(s) "
        f"belong to several orders of the same day ({named}{more}). The database holds "
        "orders of two broker sessions of one day (two demo runs, or paper and live sharing "
        "it). Nothing was changed. Keep the number on the order the broker you trade with "
        f"gave it and clear it on the others, e.g. for the later ones: {clear}; or start "
        "from a fresh database. Then run stockagent db upgrade again."
    )


def upgrade() -> None:
    _refuse_duplicates()
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contested_broker_order_no", sa.String(length=16), nullable=True)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_orders_trade_date_broker_order_no"), ["trade_date", "broker_order_no"]
        )


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_orders_trade_date_broker_order_no"), type_="unique")
        batch_op.drop_column("contested_broker_order_no")
