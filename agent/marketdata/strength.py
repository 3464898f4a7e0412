"""Execution strength (체결강도): buy-initiated volume over sell-initiated volume, times 100.

Kiwoom shows it as a percentage with two decimals (FID 228, ``98.92``); here it is basis points of
that percentage (``9892``), the same unit as :attr:`agent.broker.market.Quote.strength_bp`.
``10000`` means buyers and sellers took the same volume.
"""

from __future__ import annotations

STRENGTH_PARITY_BP = 10_000


def execution_strength_bp(buy_volume: int, sell_volume: int) -> int | None:
    """Return ``buy / sell * 100`` in basis points rounded half up; None while nothing was sold.

    With no sell-initiated volume the ratio is unbounded; None says "undefined" rather than
    inventing a cap, and the caller decides how to show it.
    """
    if sell_volume <= 0:
        return None
    numerator = buy_volume * STRENGTH_PARITY_BP
    return (2 * numerator + sell_volume) // (2 * sell_volume)
