"""The risk governor as pure functions: limits, sizing, exit triggers and its state machine."""

from agent.risk.account import AccountView, PendingOrder, Position
from agent.risk.check import check_intent
from agent.risk.exits import (
    daily_loss_hit,
    daily_loss_trigger,
    eod_exit_due,
    liquidation_intents,
    stop_loss_hit,
    stop_price,
)
from agent.risk.limits import OrderTerms, RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.reasons import ApprovalNote, RejectReason
from agent.risk.state import (
    GovernorState,
    Trigger,
    accepts_entries,
    transition,
)

__all__ = [
    "AccountView",
    "ApprovalNote",
    "GovernorState",
    "MarketView",
    "OrderTerms",
    "PendingOrder",
    "Position",
    "RejectReason",
    "RiskLimits",
    "Trigger",
    "accepts_entries",
    "check_intent",
    "daily_loss_hit",
    "daily_loss_trigger",
    "eod_exit_due",
    "liquidation_intents",
    "stop_loss_hit",
    "stop_price",
    "transition",
]
