"""What the strategy asks for and what the risk governor answers (STYLE.md, point 1).

An :class:`Intent` is a wish to enter or leave a position, with its reasons. The risk governor
turns it into an :class:`Approved` order of a definite size, or a :class:`Rejected` with reason
codes; nothing reaches the order router any other way.
"""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.domain.enums import OrderPurpose, OrderType, Side


class Intent(Struct, frozen=True, kw_only=True):
    """A wish to trade ``code``; the governor decides the size (entries) or checks it (exits)."""

    code: str
    side: Side
    purpose: OrderPurpose
    reference_price: int
    """The price the decision was made at, in won (the signal price for slippage)."""
    at: datetime
    strategy_tag: str
    reasons: tuple[str, ...] = ()
    """Reason codes, e.g. ``TURNOVER_TOP``, ``NEWS_SCORE_OK``, ``OR_BREAKOUT``, ``ABOVE_VWAP``."""
    quantity: int | None = None
    """Exits name their quantity (the position); entries leave it to the governor."""
    news_score: int | None = None
    volume_rank: int | None = None
    include_user_shares: bool = False
    """An exit that may also sell the user's own shares of the code (only an emergency
    liquidation the operator ordered with scope ``all``); every other exit sells the agent's
    lot alone."""
    attempt: int = 0
    """A stop-loss re-issued after ``attempt`` limits of it went unfilled: priced further
    through the bid each time (:func:`agent.risk.order_terms.exit_terms`)."""


class Approved(Struct, frozen=True, kw_only=True):
    """An intent the governor accepted, sized in whole shares, ready for the router."""

    intent: Intent
    quantity: int
    order_type: OrderType
    limit_price: int | None
    """On the tick grid and inside the daily limits; None for market orders."""
    reasons: tuple[str, ...] = ()
    stop_price: int | None = None
    """A stop-limit's trigger (on the tick grid); None for every other type."""


class Rejected(Struct, frozen=True, kw_only=True):
    """An intent the governor refused; ``reasons`` say which rule (``MAX_POSITIONS``, …)."""

    intent: Intent
    reasons: tuple[str, ...]
    detail: str = ""


Decision = Approved | Rejected
