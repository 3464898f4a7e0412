"""KRX tick sizes (호가가격단위) and daily price limits.

The unified table applies to KOSPI, KOSDAQ and KONEX stocks from 2023-01-25; ETFs, ETNs and ELWs
keep a 5-won tick at every price (shared/docs/krx-market-rules.md, B1 and B3). The tick is chosen
by the band of the price itself. Every band's lower bound is a multiple of its own tick and each
tick divides the next one up, so rounding inside a band always lands on a valid price.
"""

from __future__ import annotations

from datetime import date

from agent.market.board import Board

__all__ = [
    "DAILY_LIMIT_BPS",
    "FUND_TICK",
    "UNIFIED_SINCE",
    "Board",
    "daily_limit_bps",
    "is_on_tick",
    "price_limits",
    "round_down",
    "round_up",
    "tick_size",
    "ticks_away",
]

UNIFIED_SINCE = date(2023, 1, 25)

# (upper bound exclusive, tick); the last entry's bound is None: no upper bound.
_Table = tuple[tuple[int | None, int], ...]

_UNIFIED: _Table = (
    (2_000, 1),
    (5_000, 5),
    (20_000, 10),
    (50_000, 50),
    (200_000, 100),
    (500_000, 500),
    (None, 1_000),
)
# KOSPI before the 2023 reform.
_KOSPI_OLD: _Table = (
    (1_000, 1),
    (5_000, 5),
    (10_000, 10),
    (50_000, 50),
    (100_000, 100),
    (500_000, 500),
    (None, 1_000),
)
# KOSDAQ before the reform: 100 for everything from 50,000 up. [G] KONEX is assumed to have
# followed the KOSDAQ table before the reform.
_KOSDAQ_OLD: _Table = (
    (1_000, 1),
    (5_000, 5),
    (10_000, 10),
    (50_000, 50),
    (None, 100),
)

FUND_TICK = 5

# Daily limit as (in force from, bps of the base price), newest last. +-30% since 2015-06-15
# (B3); +-15% before [G].
_DAILY_LIMITS: tuple[tuple[date, int], ...] = ((date.min, 1_500), (date(2015, 6, 15), 3_000))
DAILY_LIMIT_BPS = 3_000
KONEX_LIMIT_BPS = 1_500  # KONEX is exempt from +-30% and trades within +-15% (B3)


def _table(board: Board, on: date | None) -> _Table:
    if on is not None and on < UNIFIED_SINCE:
        return _KOSPI_OLD if board is Board.KOSPI else _KOSDAQ_OLD
    return _UNIFIED


def _check_positive(price: int) -> None:
    if price <= 0:
        raise ValueError(f"price must be positive, got {price}")


def tick_size(price: int, board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the tick for an order at ``price`` won on trade date ``on`` (None: today's rules)."""
    _check_positive(price)
    if board is Board.FUND:
        return FUND_TICK
    for bound, tick in _table(board, on):
        if bound is None or price < bound:
            return tick
    raise AssertionError("unreachable: every table ends with an unbounded band")


def is_on_tick(price: int, board: Board = Board.KOSPI, on: date | None = None) -> bool:
    """Tell whether ``price`` is a valid order price."""
    return price > 0 and price % tick_size(price, board, on) == 0


def round_down(price: int, board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the highest valid price not above ``price``.

    Raises ValueError when there is none (a fund price below its 5-won tick).
    """
    _check_positive(price)
    candidate = price - price % tick_size(price, board, on)
    if candidate <= 0:
        raise ValueError(f"no valid price at or below {price} on {board.name}")
    return candidate


def round_up(price: int, board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the lowest valid price not below ``price`` (positive ``price`` only)."""
    _check_positive(price)
    tick = tick_size(price, board, on)
    remainder = price % tick
    # A band's upper bound is a multiple of both its tick and the next band's, so stepping up to
    # the next multiple never leaves the grid even when it crosses into the next band.
    return price if remainder == 0 else price - remainder + tick


def ticks_away(price: int, steps: int, board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the valid price ``steps`` ticks above (or below, if negative) a valid ``price``.

    Crossing a band boundary uses the tick of the band being entered: one tick below 5,000 is
    4,995, one tick above 4,995 is 5,000. Raises ValueError below the lowest valid price.
    """
    if not is_on_tick(price, board, on):
        raise ValueError(f"{price} is not on the tick grid")
    current = price
    for _ in range(abs(steps)):
        if steps > 0:
            current += tick_size(current, board, on)
        elif current - 1 <= 0:
            raise ValueError(f"{price} has no valid price {abs(steps)} ticks below")
        else:
            current = round_down(current - 1, board, on)
    return current


def daily_limit_bps(board: Board = Board.KOSPI, on: date | None = None) -> int:
    """Return the daily price limit in bps of the base price for ``board`` on trade date ``on``."""
    if board is Board.KONEX:
        return KONEX_LIMIT_BPS
    if on is None:
        return DAILY_LIMIT_BPS
    return next(bps for since, bps in reversed(_DAILY_LIMITS) if on >= since)


def price_limits(
    base_price: int,
    board: Board = Board.KOSPI,
    on: date | None = None,
    limit_bps: int | None = None,
) -> tuple[int, int]:
    """Return (lower, upper) daily limits (하한가, 상한가) for ``base_price``.

    The width is base x 30% truncated to the tick of the base price's band; the upper limit is then
    rounded down and the lower limit up to the tick of their own bands (B3). ``limit_bps``
    overrides the board's limit (e.g. for a product with its own). ELW, rights certificates and
    정리매매 names have no limit: do not call this for them.

    The broker's own 상한가/하한가 (ka10001 ``upl_pric``/``lst_pric``) are authoritative when
    available; this is the fallback and what the simulator uses.
    """
    _check_positive(base_price)
    bps = daily_limit_bps(board, on) if limit_bps is None else limit_bps
    raw_width = base_price * bps // 10_000
    width = raw_width - raw_width % tick_size(base_price, board, on)
    upper = round_down(base_price + width, board, on)
    # The lowest valid price bounds the lower limit (1 won, or one fund tick).
    lower = round_up(max(base_price - width, 1), board, on)
    return lower, upper
