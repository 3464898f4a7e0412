"""KRX daily price limits (가격제한폭), from shared/docs/krx-market-rules.md B3.

The width is the base price (normally the previous close) times the limit, truncated to the
tick of the base price; the upper limit (상한가) is then rounded down and the lower limit (하한가)
up to a valid price of their own bands. Written apart from the agent's reading, like the ticks.
"""

from __future__ import annotations

from datetime import date

from krxsim.rules.board import Board
from krxsim.rules.ticks import round_down, round_up, tick_size

__all__ = ["WIDE_LIMITS_SINCE", "limit_percent", "price_limits"]

WIDE_LIMITS_SINCE = date(2015, 6, 15)
"""±30 % from this trade date (B3)."""

_LIMIT_PERCENT: tuple[tuple[date, int], ...] = (
    (date.min, 15),  # [G] the document gives only the date ±30 % began; ±15 % before it
    (WIDE_LIMITS_SINCE, 30),
)
KONEX_LIMIT_PERCENT = 15
"""KONEX is exempt from ±30 % and trades within ±15 % (B3)."""


def limit_percent(board: Board, on: date | None = None) -> int:
    """Return the daily limit of ``board`` on trade date ``on`` in percent of the base price."""
    if board is Board.KONEX:
        return KONEX_LIMIT_PERCENT
    if on is None:
        return _LIMIT_PERCENT[-1][1]
    return next(percent for since, percent in reversed(_LIMIT_PERCENT) if since <= on)


def price_limits(base: int, board: Board, on: date | None = None) -> tuple[int, int]:
    """Return (하한가, 상한가) around the base price ``base``.

    ELW, rights certificates and 정리매매 names have no limits; the simulator lists none.
    """
    if base <= 0:
        raise ValueError(f"a base price is positive, got {base}")
    width = base * limit_percent(board, on) // 100
    width -= width % tick_size(base, board, on)
    return round_up(base - width, board, on), round_down(base + width, board, on)
