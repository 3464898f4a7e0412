"""Reason codes the governor writes into :class:`~agent.domain.Rejected` and ``Approved``."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["DESIGNATED_PREFIX", "SECURITY_KIND_PREFIX", "ApprovalNote", "RejectReason"]

DESIGNATED_PREFIX = "DESIGNATED_"
"""Entry refused for an exchange designation: the prefix plus the
:class:`~agent.broker.market.Designation` name (``DESIGNATED_WARNING`` = 투자경고)."""
SECURITY_KIND_PREFIX = "SECURITY_KIND_"
"""Entry refused for what the listing is: the prefix plus the
:class:`~agent.broker.market.SecurityKind` name (``SECURITY_KIND_ETF``)."""


class RejectReason(StrEnum):
    """Why an intent was refused; several may apply at once.

    The tradability check (:mod:`agent.risk.tradability`) adds ``DESIGNATED_*`` and
    ``SECURITY_KIND_*`` codes built from the prefixes above, one per designation or kind.
    """

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
    NOT_SELLABLE = "NOT_SELLABLE"  # the broker's 주문가능수량 is 0 (the user's pending sell)
    FROZEN = "FROZEN"  # the operator froze every automatic order
    NO_LISTING_INFO = "NO_LISTING_INFO"  # the broker could not say whether it is tradable
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
    THROUGH_THE_PRICE = "THROUGH_THE_PRICE"  # a stop's limit a few ticks below the last price
