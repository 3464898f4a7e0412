"""KRX tick sizes (호가가격단위) and daily price limits.

The unified table applies to KOSPI, KOSDAQ and KONEX stocks from 2023-01-25; ETFs, ETNs and ELWs
keep a 5-won tick (shared/docs/krx-market-rules.md, B1 and B3). The tick is chosen by the band of
the price itself.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

UNIFIED_SINCE = date(2023, 1, 25)

# (upper bound exclusive, tick) for the unified table.
_UNIFIED: tuple[tuple[int, int], ...] = (
    (2_000, 1),
    (5_000, 5),
    (20_000, 10),
    (50_000, 50),
    (200_000, 100),
    (500_000, 500),
)
_TOP_TICK = 1_000

# KOSPI before the 2023 reform.
_KOSPI_OLD: tuple[tuple[int, int], ...] = (
    (1_000, 1),
    (5_000, 5),
    (10_000, 10),
    (50_000, 50),
    (100_000, 100),
    (500_000, 500),
)
# KOSDAQ before the reform: 100 for everything from 50,000 up.
_KOSDAQ_OLD: tuple[tuple[int, int], ...] = (
    (1_000, 1),
    (5_000, 5),
    (10_000, 10),
    (50_000, 50),
)

FUND_TICK = 5
DAILY_LIMIT_BPS = 3_000  # +-30% of the base price


class Board(Enum):
    """What kind of listing a code is, as far as ticks are concerned."""

    KOSPI = "kospi"
    KOSDAQ = "kosdaq"
    FUND = "fund"  # ETF / ETN / ELW


def tick_size(price: int, board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the tick for an order at ``price`` won."""
    if price <= 0:
        raise ValueError(f"price must be positive, got {price}")
    if board is Board.FUND:
        return FUND_TICK
    if on is not None and on < UNIFIED_SINCE:
        table, top = (_KOSDAQ_OLD, 100) if board is Board.KOSDAQ else (_KOSPI_OLD, _TOP_TICK)
    else:
        table, top = _UNIFIED, _TOP_TICK
    for bound, tick in table:
        if price < bound:
            return tick
    return top


def is_on_tick(price: int, board: Board = Board.KOSPI, on: date | None = None) -> bool:
    """Tell whether ``price`` is a valid order price."""
    return price > 0 and price % tick_size(price, board, on) == 0


def round_down(price: int, board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the highest valid price not above ``price``."""
    if price <= 0:
        raise ValueError(f"price must be positive, got {price}")
    candidate = price - price % tick_size(price, board, on)
    # Rounding down can cross into a lower band, whose grid is finer; still valid.
    return candidate


def round_up(price: int, board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the lowest valid price not below ``price``."""
    if price <= 0:
        raise ValueError(f"price must be positive, got {price}")
    tick = tick_size(price, board, on)
    remainder = price % tick
    return price if remainder == 0 else price - remainder + tick


def ticks_away(price: int, steps: int, board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the valid price ``steps`` ticks above (or below, if negative) a valid ``price``."""
    if not is_on_tick(price, board, on):
        raise ValueError(f"{price} is not on the tick grid")
    current = price
    for _ in range(abs(steps)):
        if steps > 0:
            current += tick_size(current, board, on)
        else:
            below = current - 1
            current = round_down(below, board, on)
    return current


def price_limits(base_price: int, board: Board = Board.KOSPI) -> tuple[int, int]:
    """Return (lower, upper) daily limits: base +-30%, the width truncated, on the tick grid.

    The broker's own 상한가/하한가 (ka10001 ``upl_pric``/``lst_pric``) are authoritative when
    available; this is the fallback and what the simulator uses.
    """
    if base_price <= 0:
        raise ValueError(f"base price must be positive, got {base_price}")
    width = base_price * DAILY_LIMIT_BPS // 10_000
    upper = round_down(base_price + width, board)
    lower_raw = max(base_price - width, 1)
    lower = round_up(lower_raw, board)
    return lower, upper
