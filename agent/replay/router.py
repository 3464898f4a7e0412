"""The router's chase, replayed over the working orders it journaled seeing."""

from __future__ import annotations

from datetime import datetime

from agent import journal
from agent.domain import Approved
from agent.orders.chase import Action, ChaseTimes, chase, market_exit

__all__ = ["FollowUp", "follow_ups"]

FollowUp = tuple[datetime, Approved, str]
"""A market sell the router sends after a chase: when, its terms, its client order id."""


def follow_ups(chased: journal.Chased, now: datetime, times: ChaseTimes) -> list[FollowUp]:
    """Run the chase the router ran at ``now``: each slow limit exit it cancels to re-send at
    market is followed by that market sell of what remained (the live router sends it once the
    cancel is confirmed; a fill that came first would show as a difference)."""
    rows = {r.working.order_id: r for r in chased.rows}
    steps = chase(
        (r.working for r in chased.rows),
        now,
        times,
        frozen=chased.frozen,
        entries_blocked=chased.entries_blocked,
        locked=lambda w: rows[w.order_id].locked,
    )
    sells = []
    for step in steps:
        row = rows[step.order_id]
        if step.action is not Action.RESEND_AT_MARKET or row.remaining <= 0 or chased.frozen:
            continue
        sell = market_exit(
            row.working.code,
            row.working.purpose,
            row.working.price or row.signal_price or 1,
            row.strategy_tag or "risk",
            row.remaining,
            now,
        )
        sells.append((now, sell, f"{row.client_order_id}-m"))
    return sells
