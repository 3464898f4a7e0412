"""Turning an approved order into the child orders the router sends, and checking them.

The router calls :func:`plan_children` once per approved order. It re-checks the governor's price
against the tick grid and the daily limits (the last line of defence: a bad price is an invariant
violation, so it raises instead of sending) and splits the quantity per the slicing policy. Each
child is then worked on its own with :func:`agent.orders.repricing.next_action`.
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from agent.domain.enums import OrderPurpose, OrderType
from agent.domain.intents import Approved
from agent.market.board import Board
from agent.orders.pricing import check_order_price
from agent.orders.repricing import RepricePolicy
from agent.orders.slicing import SlicePolicy, slice_approved

__all__ = ["ExecutionPolicy", "plan_children", "reprice_policy_for"]


class ExecutionPolicy(Struct, frozen=True, kw_only=True):
    """How the router executes approved orders: slicing, and chasing of unfilled limits."""

    slicing: SlicePolicy = SlicePolicy()
    entry_reprice: RepricePolicy = RepricePolicy(when_exhausted="cancel")
    """Entries give up after their re-prices: a missed breakout is not chased for ever."""
    exit_reprice: RepricePolicy = RepricePolicy(max_reprices=10, when_exhausted="rest")
    """Exits keep stepping down and, at their bound, rest rather than leave the position open."""


def reprice_policy_for(purpose: OrderPurpose, policy: ExecutionPolicy) -> RepricePolicy:
    """Return the re-pricing policy for an order placed for ``purpose``."""
    return policy.entry_reprice if purpose is OrderPurpose.ENTRY else policy.exit_reprice


def plan_children(
    approved: Approved,
    lower_limit: int,
    upper_limit: int,
    policy: ExecutionPolicy,
    board: Board = Board.KOSPI,
    on: date | None = None,
) -> tuple[Approved, ...]:
    """Return the child orders for ``approved``, after checking its price and quantity.

    Raises :class:`agent.orders.pricing.InvalidOrderPrice` for a limit price off the grid or
    outside [lower_limit, upper_limit], and ValueError for an inconsistent order.
    """
    if approved.quantity <= 0:
        raise ValueError(f"approved quantity must be positive, got {approved.quantity}")
    if approved.order_type is OrderType.LIMIT:
        if approved.limit_price is None:
            raise ValueError("a limit order needs a limit price")
        check_order_price(approved.limit_price, lower_limit, upper_limit, board, on)
    elif approved.limit_price is not None:
        raise ValueError("a market order carries no limit price")
    return slice_approved(approved, policy.slicing)
