"""Slippage of fills against the signal price, signed so that positive is worse for us.

A buy filled above the signal price and a sell filled below it both slip positively; a fill
better than the signal is negative slippage (price improvement). Several fills at different
prices are measured together, so the figure is exact in won even when the average is not a
whole number.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal

from msgspec import Struct

from agent.domain.enums import Side

__all__ = ["PricedFill", "Slippage", "slippage", "slippage_of_fills"]

_BPS_QUANTUM = Decimal("0.01")


class PricedFill(Struct, frozen=True, kw_only=True):
    """One execution: ``quantity`` shares at ``price`` won."""

    price: int
    quantity: int


class Slippage(Struct, frozen=True, kw_only=True):
    """How much worse than the signal the fills were: positive = worse for us."""

    won: int
    """Total over all filled shares, in won."""
    bps: Decimal
    """``won`` over the signal value of the filled shares, in bps, to 0.01 bps."""
    quantity: int


def slippage_of_fills(side: Side, signal_price: int, fills: Sequence[PricedFill]) -> Slippage:
    """Return the slippage of ``fills`` against ``signal_price`` for an order on ``side``."""
    if signal_price <= 0:
        raise ValueError(f"signal price must be positive, got {signal_price}")
    if not fills or any(f.quantity <= 0 or f.price <= 0 for f in fills):
        raise ValueError("slippage needs at least one fill, each with positive price and quantity")
    sign = 1 if side is Side.BUY else -1
    won = sign * sum((f.price - signal_price) * f.quantity for f in fills)
    quantity = sum(f.quantity for f in fills)
    bps = (Decimal(won) * 10_000 / (Decimal(signal_price) * quantity)).quantize(
        _BPS_QUANTUM, rounding=ROUND_HALF_EVEN
    )
    return Slippage(won=won, bps=bps, quantity=quantity)


def slippage(side: Side, signal_price: int, fill_price: int, quantity: int = 1) -> Slippage:
    """Return the slippage of one fill of ``quantity`` shares at ``fill_price``."""
    return slippage_of_fills(side, signal_price, [PricedFill(price=fill_price, quantity=quantity)])
