"""What to do with a resting limit order that has not filled: wait, re-price, or cancel.

Each timeout without a complete fill moves the price ``step_ticks`` more aggressive (a buy up, a
sell down), at most ``max_reprices`` times, never past the daily limit and never past the order's
own worst acceptable price. When no step is left (count used up, or the price already at its
bound) the order is cancelled, or left resting if the policy says so: an exit resting at the
lower limit in a limit-down stock is better left in the queue than pulled.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from msgspec import Meta, Struct

from agent.clock import KST
from agent.domain.enums import Side
from agent.market.board import Board
from agent.orders.pricing import aggressive_price, round_for_side

__all__ = [
    "Cancel",
    "NextAction",
    "Reprice",
    "RepricePolicy",
    "Wait",
    "WorkingOrder",
    "next_action",
]


class RepricePolicy(Struct, frozen=True, kw_only=True):
    """How patiently an unfilled limit order is chased."""

    timeout: timedelta = timedelta(seconds=20)
    """How long one price rests before the next step."""
    max_reprices: Annotated[int, Meta(ge=0)] = 3
    """Most re-prices per order; 0 never re-prices."""
    step_ticks: Annotated[int, Meta(ge=1)] = 1
    """Ticks per step (one step is one tick by default)."""
    when_exhausted: Literal["cancel", "rest"] = "cancel"
    """With no step left: cancel the remainder (entries) or leave it resting (exits)."""


class WorkingOrder(Struct, frozen=True, kw_only=True):
    """A resting limit order as the re-pricer sees it."""

    side: Side
    limit_price: int
    priced_at: datetime
    """When the current price took effect (accepted, or last amendment accepted)."""
    reprices: int = 0
    lower_limit: int
    upper_limit: int
    board: Board = Board.KOSPI
    worst_price: int | None = None
    """The least favourable price we accept: a buy's ceiling, a sell's floor. None: the limit."""
    remaining: int
    """Shares not yet filled."""


class Wait(Struct, frozen=True, kw_only=True):
    """Do nothing until ``until`` (None: nothing further is scheduled for this order)."""

    until: datetime | None


class Reprice(Struct, frozen=True, kw_only=True):
    """Amend the order's price to ``new_price`` (a valid price inside the limits)."""

    new_price: int


class Cancel(Struct, frozen=True, kw_only=True):
    """Cancel the unfilled remainder."""

    reason: str


NextAction = Wait | Reprice | Cancel


def _bounded(order: WorkingOrder, candidate: int, now: datetime) -> int:
    if order.worst_price is None:
        return candidate
    on = now.astimezone(KST).date()
    worst = round_for_side(order.worst_price, order.side, order.board, on)
    return min(candidate, worst) if order.side is Side.BUY else max(candidate, worst)


def next_action(order: WorkingOrder, now: datetime, policy: RepricePolicy) -> NextAction:
    """Return what to do with ``order`` at ``now`` under ``policy``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if order.remaining <= 0:
        return Wait(until=None)
    deadline = order.priced_at + policy.timeout
    if now < deadline:
        return Wait(until=deadline)
    if order.reprices < policy.max_reprices:
        on = now.astimezone(KST).date()
        stepped = aggressive_price(
            order.limit_price,
            order.side,
            policy.step_ticks,
            order.lower_limit,
            order.upper_limit,
            order.board,
            on,
        )
        new_price = _bounded(order, stepped, now)
        # Only a strict improvement is a re-price; a bound that is behind the current price
        # (worst price tighter than where the order already rests) never moves it back.
        improves = (
            new_price > order.limit_price
            if order.side is Side.BUY
            else (new_price < order.limit_price)
        )
        if improves:
            return Reprice(new_price=new_price)
        exhausted = "price at its bound"
    else:
        exhausted = f"{order.reprices} re-prices used"
    if policy.when_exhausted == "cancel":
        return Cancel(reason=f"unfilled after timeout; {exhausted}")
    return Wait(until=None)
