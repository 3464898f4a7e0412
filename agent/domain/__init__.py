"""The trading domain's shared vocabulary: enums and the intent/decision messages."""

from agent.domain.enums import OrderPurpose, OrderStatus, OrderType, Side
from agent.domain.intents import Approved, Decision, Intent, Rejected

__all__ = [
    "Approved",
    "Decision",
    "Intent",
    "OrderPurpose",
    "OrderStatus",
    "OrderType",
    "Rejected",
    "Side",
]
