"""Volume-weighted average price in integer arithmetic, and the exact comparison against it.

VWAP is turnover over volume, both integers (won and shares). The displayed value is rounded half
up to the won; decisions never use the rounded value but compare ``price * volume`` with
``turnover`` so a price one won above a fractional VWAP is never mistaken for equal to it.
"""

from __future__ import annotations


def vwap_won(turnover_won: int, volume: int) -> int | None:
    """Return ``turnover_won / volume`` rounded half up to the won, or None with no volume."""
    if volume <= 0:
        return None
    return (2 * turnover_won + volume) // (2 * volume)


def compare_to_vwap(price: int, turnover_won: int, volume: int) -> int | None:
    """Return the sign of ``price - VWAP`` exactly (-1, 0, 1), or None with no volume."""
    if volume <= 0:
        return None
    lhs = price * volume
    return (lhs > turnover_won) - (lhs < turnover_won)
