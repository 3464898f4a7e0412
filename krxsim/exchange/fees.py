"""Commission and sell-side tax on one fill, in integer won."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal


def commission(amount: int, rate: Decimal, unit: int) -> int:
    """Return the commission on ``amount`` won, truncated to ``unit`` won."""
    raw = int((Decimal(amount) * rate).to_integral_value(rounding=ROUND_DOWN))
    return raw - raw % unit if unit > 1 else raw


def sell_tax(amount: int, rate: Decimal) -> int:
    """Return the securities transaction tax on a sale of ``amount`` won, sub-won truncated."""
    return int((Decimal(amount) * rate).to_integral_value(rounding=ROUND_DOWN))
