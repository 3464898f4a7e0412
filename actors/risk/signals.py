"""What the risk governor tells others about a decision: the board event and the order id."""

from __future__ import annotations

import uuid
from datetime import datetime

from actors.risk.messages import TradeSignal
from agent.clock import KST
from agent.domain import Approved, Decision, Intent


def signal_event(intent: Intent, decision: Decision) -> TradeSignal:
    """Return the ``trade_signal`` event the dashboard shows for a decision."""
    approved = isinstance(decision, Approved)
    return TradeSignal(
        code=intent.code,
        side=intent.side.value,
        purpose=intent.purpose.value,
        price=intent.reference_price,
        decision="approved" if approved else "rejected",
        quantity=decision.quantity if isinstance(decision, Approved) else None,
        reasons=intent.reasons + decision.reasons,
    )


def new_client_order_id(intent: Intent, now: datetime) -> str:
    """Return a fresh, unique client order id (date, code and purpose for a reader)."""
    day = now.astimezone(KST).strftime("%Y%m%d")
    return f"{day}-{intent.code}-{intent.purpose.value}-{uuid.uuid4().hex[:10]}"
