"""Commission and securities transaction tax, in integer won (krx-market-rules.md B4).

Tax is levied on the seller only and follows the transfer (settlement) date; the table below is
keyed by the date the sell is *executed*, which under T+2 is two trading days earlier. Treat the
broker's reported per-fill fee and tax as the truth and this model as the estimate to reconcile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from agent.market.board import Board

__all__ = [
    "KIWOOM_ONLINE_BPS",
    "TAX_TABLE",
    "TaxRate",
    "commission",
    "round_trip_cost",
    "sell_tax",
    "sell_tax_breakdown",
    "tax_rate",
]

# Kiwoom 영웅문 online: 0.015% per side, flat, including the 유관기관 fees.
KIWOOM_ONLINE_BPS = Decimal("1.5")


@dataclass(frozen=True, slots=True)
class TaxRate:
    """Sell-side tax rates in bps, in force for sells executed on or after ``since``."""

    since: date
    transaction_bps: Decimal  # 증권거래세
    rural_special_bps: Decimal  # 농어촌특별세 (KOSPI only)
    source: str

    @property
    def total_bps(self) -> Decimal:
        return self.transaction_bps + self.rural_special_bps


def _rate(since: date, transaction: str, rural: str, source: str) -> TaxRate:
    return TaxRate(since, Decimal(transaction), Decimal(rural), source)


_SRC_2024 = "krx-market-rules.md B4 (alphaonair); 2023-12-27 = first sell settling in 2024 [G]"
_SRC_2025 = "Hanyang Securities notice: sells executed from 2024-12-27"
_SRC_2026 = "2025-12-01 decree, 2026-01-01 transfers; 2025-12-29 = first sell settling 2026 [G]"

# Newest last per board. A board missing here pays no tax (ETF/ETN/ELW [G]).
TAX_TABLE: dict[Board, tuple[TaxRate, ...]] = {
    Board.KOSPI: (
        _rate(date(2023, 12, 27), "3", "15", _SRC_2024),
        _rate(date(2024, 12, 27), "0", "15", _SRC_2025),
        _rate(date(2025, 12, 29), "5", "15", _SRC_2026),
    ),
    Board.KOSDAQ: (
        _rate(date(2023, 12, 27), "18", "0", _SRC_2024),
        _rate(date(2024, 12, 27), "15", "0", _SRC_2025),
        _rate(date(2025, 12, 29), "20", "0", _SRC_2026),
    ),
    Board.KONEX: (_rate(date(2023, 12, 27), "10", "0", _SRC_2024),),
}


def _bps_of(amount_won: int, bps: Decimal | int, unit_won: int = 1) -> int:
    if amount_won < 0:
        raise ValueError(f"amount must not be negative, got {amount_won}")
    if Decimal(bps) < 0:
        raise ValueError(f"rate must not be negative, got {bps} bps")
    raw = (Decimal(amount_won) * Decimal(bps) / 10_000).to_integral_value(rounding=ROUND_DOWN)
    return int(raw) // unit_won * unit_won


def commission(
    amount_won: int, rate_bps: Decimal | int = KIWOOM_ONLINE_BPS, unit_won: int = 1
) -> int:
    """Return the broker commission on one side of a trade of ``amount_won``.

    Truncated to whole won by default; ``unit_won=10`` truncates to 10 won, as some brokers do.
    """
    return _bps_of(amount_won, rate_bps, unit_won)


def tax_rate(board: Board, trade_date: date) -> TaxRate | None:
    """Return the sell tax in force for a sell executed on ``trade_date``; None when exempt."""
    rates = TAX_TABLE.get(board)
    if rates is None:
        return None
    for rate in reversed(rates):
        if trade_date >= rate.since:
            return rate
    raise ValueError(f"no {board.name} tax rate recorded for sells before {rates[0].since}")


def sell_tax_breakdown(amount_won: int, board: Board, trade_date: date) -> tuple[int, int]:
    """Return (증권거래세, 농어촌특별세) on a sell, each truncated to whole won on its own [G]."""
    rate = tax_rate(board, trade_date)
    if rate is None:
        return _bps_of(amount_won, 0), 0
    return _bps_of(amount_won, rate.transaction_bps), _bps_of(amount_won, rate.rural_special_bps)


def sell_tax(amount_won: int, board: Board, trade_date: date) -> int:
    """Return the total tax withheld on a sell of ``amount_won`` executed on ``trade_date``."""
    return sum(sell_tax_breakdown(amount_won, board, trade_date))


def round_trip_cost(
    buy_amount_won: int,
    sell_amount_won: int,
    board: Board,
    sell_date: date,
    commission_bps: Decimal | int = KIWOOM_ONLINE_BPS,
) -> int:
    """Return commission on both sides plus the sell tax, in won."""
    return (
        commission(buy_amount_won, commission_bps)
        + commission(sell_amount_won, commission_bps)
        + sell_tax(sell_amount_won, board, sell_date)
    )
