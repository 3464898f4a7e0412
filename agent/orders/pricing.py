"""Order prices on the KRX tick grid and inside the daily limits.

Rounding is chosen per side so that a rounded price is valid and never worse than the one asked
for: a buy limit is rounded *down* (we never offer to pay more than intended), a sell limit is
rounded *up* (we never offer to sell for less). "More aggressive" means towards the other side
of the book: up for a buy, down for a sell; it always stops at the daily limit.
"""

from __future__ import annotations

from datetime import date

from agent.domain.enums import Side
from agent.market.board import Board
from agent.market.tick_size import is_on_tick, round_down, round_up, ticks_away

__all__ = [
    "InvalidOrderPrice",
    "aggressive_price",
    "check_order_price",
    "clip_to_limits",
    "round_for_side",
    "within_limits",
]


class InvalidOrderPrice(ValueError):
    """A price that is off the tick grid or outside the daily limits reached the order path."""


def round_for_side(
    price: int, side: Side, board: Board = Board.KOSPI, on: date | None = None
) -> int:
    """Return ``price`` on the tick grid, never worse for us: buys down, sells up."""
    if side is Side.BUY:
        return round_down(price, board, on)
    return round_up(price, board, on)


def within_limits(price: int, lower: int, upper: int) -> bool:
    """Tell whether ``price`` lies inside the daily limits [lower, upper]."""
    return lower <= price <= upper


def clip_to_limits(price: int, lower: int, upper: int) -> int:
    """Return ``price`` clipped into [lower, upper]; both limits are valid prices themselves."""
    if lower > upper:
        raise ValueError(f"lower limit {lower} above upper limit {upper}")
    return min(max(price, lower), upper)


def aggressive_price(
    price: int,
    side: Side,
    ticks: int,
    lower: int,
    upper: int,
    board: Board = Board.KOSPI,
    on: date | None = None,
) -> int:
    """Return the valid price ``ticks`` ticks more aggressive than ``price``, within the limits.

    ``price`` is first clipped to the limits and put on the grid for ``side`` (so an off-grid
    reference never makes the order worse), then moved up (buy) or down (sell) one tick of the
    band at a time, then clipped to the daily limit on the aggressive side.
    """
    if ticks < 0:
        raise ValueError(f"ticks must not be negative, got {ticks}")
    # Clipping first keeps rounding inside the grid's range (the limits are valid prices).
    start = round_for_side(clip_to_limits(price, lower, upper), side, board, on)
    steps = ticks if side is Side.BUY else -ticks
    try:
        moved = ticks_away(start, steps, board, on)
    except ValueError:  # walked below the lowest valid price: the lower limit bounds it anyway
        moved = lower
    return clip_to_limits(moved, lower, upper)


def check_order_price(
    price: int, lower: int, upper: int, board: Board = Board.KOSPI, on: date | None = None
) -> None:
    """Raise :class:`InvalidOrderPrice` unless ``price`` is on the grid and inside the limits."""
    if not is_on_tick(price, board, on):
        raise InvalidOrderPrice(f"{price} is not on the {board.name} tick grid")
    if not within_limits(price, lower, upper):
        raise InvalidOrderPrice(f"{price} is outside the daily limits [{lower}, {upper}]")
