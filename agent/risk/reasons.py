"""Reason codes the governor writes into :class:`~agent.domain.Rejected` and ``Approved``."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ApprovalNote", "RejectReason"]


class RejectReason(StrEnum):
    """Why an intent was refused; several may apply at once."""

    KILL_SWITCH = "KILL_SWITCH"
    DAILY_LOSS_LIMIT = "DAILY_LOSS_LIMIT"
    MAX_POSITIONS = "MAX_POSITIONS"
    MAX_WEIGHT = "MAX_WEIGHT"  # no whole share fits under the weight limit
    INSUFFICIENT_CASH = "INSUFFICIENT_CASH"  # not one share affordable with its commission
    VI_ACTIVE = "VI_ACTIVE"
    HALTED = "HALTED"  # the stock (or the market) is halted
    OUT_OF_WINDOW = "OUT_OF_WINDOW"  # market open, but not the entries' window or phase
    MARKET_CLOSED = "MARKET_CLOSED"  # no session that takes our order types now
    PRICE_LIMIT = "PRICE_LIMIT"  # entry at (or above) the upper limit
    DUPLICATE_ENTRY = "DUPLICATE_ENTRY"
    STRATEGY_DISABLED = "STRATEGY_DISABLED"
    STALE_INTENT = "STALE_INTENT"  # an entry signal older than max_entry_age
    NO_POSITION = "NO_POSITION"  # an exit for a code not held
    EXIT_ALREADY_PENDING = "EXIT_ALREADY_PENDING"  # every held share is already in an exit
    NO_MARKET_DATA = "NO_MARKET_DATA"  # no usable last price or daily limits for the code
    INVALID_INTENT = "INVALID_INTENT"  # wrong side for the purpose, bad quantity or price, code


class ApprovalNote(StrEnum):
    """How an approved order was shaped, for the audit trail."""

    SIZED_BY_WEIGHT = "SIZED_BY_WEIGHT"
    SIZED_BY_CASH = "SIZED_BY_CASH"
    SIZED_BY_REQUEST = "SIZED_BY_REQUEST"  # the intent asked for fewer shares than allowed
    CLIPPED_TO_UPPER_LIMIT = "CLIPPED_TO_UPPER_LIMIT"
    CLIPPED_TO_LOWER_LIMIT = "CLIPPED_TO_LOWER_LIMIT"
    CLIPPED_TO_AVAILABLE = "CLIPPED_TO_AVAILABLE"  # exit reduced to held minus pending exits
    MARKETABLE_LIMIT = "MARKETABLE_LIMIT"  # market order not allowed now: limit at the bound
