"""Realised profit and loss of a round trip, in integer won, with every cost.

Commission is charged on each side and the securities transaction tax on the sell side only,
both from :mod:`agent.market.fees` (truncated to whole won). Each side's commission is computed on
that side's total traded amount, as brokers charge it per order; the broker's own per-fill fee and
tax remain the truth to reconcile against.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from msgspec import Struct

from agent.market.board import Board
from agent.market.fees import KIWOOM_ONLINE_BPS, commission, sell_tax
from agent.orders.slippage import PricedFill

__all__ = ["RoundTripPnl", "round_trip_pnl", "traded_amount"]


class RoundTripPnl(Struct, frozen=True, kw_only=True):
    """The money a closed round trip made or lost; ``net_won`` is what the account keeps."""

    quantity: int
    buy_amount_won: int
    sell_amount_won: int
    buy_commission_won: int
    sell_commission_won: int
    sell_tax_won: int

    @property
    def gross_won(self) -> int:
        """Sell amount minus buy amount, before costs."""
        return self.sell_amount_won - self.buy_amount_won

    @property
    def costs_won(self) -> int:
        """Both commissions plus the sell tax."""
        return self.buy_commission_won + self.sell_commission_won + self.sell_tax_won

    @property
    def net_won(self) -> int:
        """Gross minus costs."""
        return self.gross_won - self.costs_won


def traded_amount(fills: Sequence[PricedFill]) -> tuple[int, int]:
    """Return (shares, won) over ``fills``; each fill must have positive price and quantity."""
    if any(f.quantity <= 0 or f.price <= 0 for f in fills):
        raise ValueError("every fill needs a positive price and quantity")
    return sum(f.quantity for f in fills), sum(f.price * f.quantity for f in fills)


def round_trip_pnl(
    buys: Sequence[PricedFill],
    sells: Sequence[PricedFill],
    board: Board,
    sell_date: date,
    commission_bps: Decimal | int = KIWOOM_ONLINE_BPS,
) -> RoundTripPnl:
    """Return the realised P&L of buying ``buys`` and selling ``sells`` (same number of shares).

    ``sell_date`` is the trade date of the sells; it picks the tax rate in force.
    """
    bought, buy_amount = traded_amount(buys)
    sold, sell_amount = traded_amount(sells)
    if bought != sold or bought == 0:
        raise ValueError(f"a round trip sells what it bought: bought {bought}, sold {sold}")
    return RoundTripPnl(
        quantity=bought,
        buy_amount_won=buy_amount,
        sell_amount_won=sell_amount,
        buy_commission_won=commission(buy_amount, commission_bps),
        sell_commission_won=commission(sell_amount, commission_bps),
        sell_tax_won=sell_tax(sell_amount, board, sell_date),
    )
