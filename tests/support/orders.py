"""Orders persisted straight into the store, as the router would have left them."""

from __future__ import annotations

from datetime import datetime

from agent.domain import OrderPurpose, OrderType, Side
from agent.store.repositories.orders import NewOrder, OrderRepository


def persisted_entry(repo: OrderRepository, client_id: str, at: datetime) -> int:
    """Persist a PENDING limit buy of 10 x 005930 at 10,000 on ``at``'s date; return its id."""
    order, _ = repo.create(
        NewOrder(
            client_order_id=client_id,
            trade_date=at.date(),
            code="005930",
            side=Side.BUY,
            order_type=OrderType.LIMIT,
            purpose=OrderPurpose.ENTRY,
            quantity=10,
            price=10_000,
        ),
        at,
    )
    return order.id
