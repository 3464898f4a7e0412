"""The backtest's order router: the live router's rules over the ledger's orders.

Slicing (:func:`agent.orders.slicing.slice_approved`), the chase
(:func:`agent.orders.chase.chase`: entries that rest too long are cancelled, stops pulled for
re-pricing, slow limit exits re-sent at market) and the market follow-up
(:func:`agent.orders.chase.market_exit`) are the live router's own functions.
"""

from __future__ import annotations

from datetime import datetime

from agent.backtest.ledger import BtOrder, Ledger
from agent.domain import Approved, OrderPurpose
from agent.orders.chase import (
    Action,
    ChaseTimes,
    Working,
    chase,
    market_exit,
    priced_at_lower_limit,
)
from agent.orders.slicing import SlicePolicy, child_ids, slice_approved


class BtRouter:
    """Sends, cancels and chases the backtest's orders through its ledger."""

    def __init__(self, ledger: Ledger, slicing: SlicePolicy, times: ChaseTimes) -> None:
        self.ledger = ledger
        self.slicing = slicing
        self.times = times

    def submit(self, approved: Approved, client_order_id: str, now: datetime) -> None:
        children = slice_approved(approved, self.slicing)
        ids = child_ids(client_order_id, len(children))
        for child, child_id in zip(children, ids, strict=True):
            self.ledger.send(child, child_id, now)

    def cancel_entries(self, now: datetime) -> None:
        for order in self.ledger.working():
            if order.purpose is OrderPurpose.ENTRY:
                self.ledger.cancel(order, now)

    def chase(self, now: datetime, *, entries_blocked: bool) -> None:
        """The router's chase over the ledger's working orders."""
        working = {order.id: order for order in self.ledger.working()}
        actions = chase(
            (_working(order) for order in working.values()),
            now,
            self.times,
            frozen=False,
            entries_blocked=entries_blocked,
            locked=lambda _: False,  # nobody to alert
        )
        for step in actions:
            order = working[step.order_id]
            if step.action is Action.CANCEL:
                self.ledger.cancel(order, now)
            elif step.action is Action.RESEND_AT_MARKET:
                self.resend_at_market(order, now)

    def resend_at_market(self, order: BtOrder, now: datetime) -> None:
        if not self.ledger.cancel(order, now):
            return
        remaining = order.quantity - order.filled
        if remaining <= 0:
            return
        intent = order.approved.intent
        self.submit(
            market_exit(
                order.code,
                order.purpose,
                order.price or intent.reference_price,
                intent.strategy_tag or "risk",
                remaining,
                now,
            ),
            f"{order.client_order_id}-m",
            now,
        )


def _working(order: BtOrder) -> Working:
    approved = order.approved
    return Working(
        order_id=order.id,
        code=order.code,
        side=order.side,
        purpose=order.purpose,
        order_type=approved.order_type,
        price=order.price,
        sent_at=order.sent_at,
        at_lower_limit=priced_at_lower_limit(approved.reasons),
    )
