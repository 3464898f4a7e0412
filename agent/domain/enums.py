"""Value sets of the trading domain, shared by strategy, risk, orders and storage."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    BUY = "buy"
    SELL = "sell"


class OrderType(StrEnum):
    LIMIT = "limit"
    MARKET = "market"
    BEST = "best"
    """최유리지정가 (Kiwoom ``trde_tp`` 6): a limit at the opposite best price, no price given."""
    STOP_LIMIT = "stop_limit"
    """스톱지정가 (Kiwoom ``trde_tp`` 28): armed at the broker until a trade reaches its stop
    price, then a limit at its price. The agent sends only sells, as backstops."""


class OrderStatus(StrEnum):
    """Life of an order; ``unknown`` means sent but the broker's answer was lost."""

    PENDING = "pending"  # persisted intent, not yet sent
    SENT = "sent"
    UNKNOWN = "unknown"
    ACCEPTED = "accepted"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCEL_REQUESTED = "cancel_requested"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"


class OrderPurpose(StrEnum):
    ENTRY = "entry"
    STOP_LOSS = "stop_loss"
    TAKE_PROFIT = "take_profit"
    EOD_EXIT = "eod_exit"
    LIQUIDATION = "liquidation"
    MANUAL = "manual"
    BACKSTOP = "backstop"
    """A sell stop held at the broker beyond the agent's own stop (:mod:`agent.core.backstops`):
    it sells the lot when the agent is not running to; the agent cancels it before its own
    exits."""
