"""Turning an approved order into the child orders the router sends, and working them.

The router calls :func:`plan_children` once per approved order. It re-checks the governor's price
against the tick grid and the daily limits (the last line of defence: a bad price is an invariant
violation, so it raises instead of sending) and splits the quantity per the slicing policy.

A buy's approved limit is the price the governor sized it with, so it is also the ceiling of any
re-pricing: a re-priced entry never costs more than the weight and cash checks allowed. An entry
child therefore starts ``entry_start_ticks_back`` ticks below that ceiling and climbs one tick per
timeout to it, then gives up. A sell has no such ceiling (an exit only lowers risk): it starts at
its approved limit and steps down, at most to the lower limit, where it rests.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from msgspec import Meta, Struct, structs

from agent.domain.enums import OrderPurpose, OrderType, Side
from agent.domain.intents import Approved
from agent.market.board import Board
from agent.market.tick_size import ticks_away
from agent.orders.pricing import check_order_price, clip_to_limits
from agent.orders.repricing import RepricePolicy, WorkingOrder
from agent.orders.slicing import SlicePolicy, slice_approved

__all__ = ["ExecutionPolicy", "plan_children", "reprice_policy_for", "working_order"]


class ExecutionPolicy(Struct, frozen=True, kw_only=True):
    """How the router executes approved orders: slicing, and chasing of unfilled limits."""

    slicing: SlicePolicy = SlicePolicy()
    entry_start_ticks_back: Annotated[int, Meta(ge=0, le=20)] = 2
    """An entry child starts this many ticks below its approved limit (2: about the signal price
    with the governor's default offset); 0 places it at the limit, with nothing left to chase."""
    entry_reprice: RepricePolicy = RepricePolicy(when_exhausted="cancel")
    """Entries give up after their re-prices: a missed breakout is not chased for ever."""
    exit_reprice: RepricePolicy = RepricePolicy(max_reprices=10, when_exhausted="rest")
    """Exits keep stepping down and, at their bound, rest rather than leave the position open."""


def reprice_policy_for(purpose: OrderPurpose, policy: ExecutionPolicy) -> RepricePolicy:
    """Return the re-pricing policy for an order placed for ``purpose``."""
    return policy.entry_reprice if purpose is OrderPurpose.ENTRY else policy.exit_reprice


def _start_price(
    approved: Approved, lower: int, policy: ExecutionPolicy, board: Board, on: date | None
) -> int | None:
    limit = approved.limit_price
    if limit is None or approved.intent.side is Side.SELL or policy.entry_start_ticks_back == 0:
        return limit
    try:
        start = ticks_away(limit, -policy.entry_start_ticks_back, board, on)
    except ValueError:  # fewer valid prices below than ticks asked
        start = lower
    return clip_to_limits(start, lower, limit)


def plan_children(
    approved: Approved,
    lower_limit: int,
    upper_limit: int,
    policy: ExecutionPolicy,
    board: Board = Board.KOSPI,
    on: date | None = None,
) -> tuple[Approved, ...]:
    """Return the child orders for ``approved``, after checking its price and quantity.

    Buy children carry their (more passive) start price; sell children the approved price.
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
    start = _start_price(approved, lower_limit, policy, board, on)
    children = slice_approved(approved, policy.slicing)
    return tuple(structs.replace(child, limit_price=start) for child in children)


def working_order(
    child: Approved,
    parent: Approved,
    priced_at: datetime,
    lower_limit: int,
    upper_limit: int,
    board: Board = Board.KOSPI,
) -> WorkingOrder:
    """Return the re-pricer's view of a resting limit ``child`` of ``parent``.

    A buy may climb to the parent's approved limit and no further; a sell down to the lower limit.
    """
    if child.limit_price is None or parent.limit_price is None:
        raise ValueError("only limit orders rest and are re-priced")
    side = child.intent.side
    return WorkingOrder(
        side=side,
        limit_price=child.limit_price,
        priced_at=priced_at,
        lower_limit=lower_limit,
        upper_limit=upper_limit,
        board=board,
        worst_price=parent.limit_price if side is Side.BUY else None,
        remaining=child.quantity,
    )
