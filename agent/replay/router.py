"""The router's chase, replayed over the working orders it journaled seeing."""

from __future__ import annotations

from datetime import datetime

from agent import journal
from agent.core.orders import Cancel, OrderManager
from agent.domain import Approved, OrderStatus

__all__ = ["CancelAsked", "FollowUp", "chase_step"]

FollowUp = tuple[datetime, Approved, str]
"""A market sell the router sends after a chase: when, its terms, its client order id."""
CancelAsked = tuple[datetime, str]
"""A cancel the chase asked for: when, the order's client order id."""


def chase_step(
    chased: journal.Chased, now: datetime, orders: OrderManager
) -> tuple[list[CancelAsked], list[FollowUp]]:
    """Run the chase the router ran at ``now`` through the core: the cancels it asks for, and
    for each slow limit exit it cancels to re-send at market, the market sell of what remained
    (the live router sends it once the cancel is confirmed; a fill that came first would show
    as a difference)."""
    rows = {r.working.order_id: r for r in chased.rows}
    commands = orders.chase(
        chased.rows, now, frozen=chased.frozen, entries_blocked=chased.entries_blocked
    )
    sells: list[FollowUp] = []
    cancels: list[CancelAsked] = []
    for command in commands:
        if not isinstance(command, Cancel):
            continue
        cancels.append((now, rows[command.order_id].client_order_id))
        if not orders.awaiting_close(command.order_id):
            continue
        remaining = rows[command.order_id].remaining
        closed = orders.closed(
            command.order_id, OrderStatus.CANCELLED, remaining, frozen=chased.frozen
        )
        sells += [(now, send.approved, send.client_order_id) for send in closed]
    return cancels, sells
