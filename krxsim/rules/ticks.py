"""KRX tick sizes (호가가격단위) by board and trade date, from shared/docs/krx-market-rules.md B1.

The simulator's own reading of the document, written apart from the agent's
(agent/market/tick_size.py) on purpose: the simulator judges the agent's orders, so a misread
rule must show up as a disagreement (tests/unit/test_krx_rules_agree.py) rather than sit on
both sides. A table is data keyed by the date it took effect, so the next reform is one more
row.
"""

from __future__ import annotations

from datetime import date

from krxsim.rules.board import Board

__all__ = [
    "FUND_TICK",
    "TICK_REFORM",
    "TickTable",
    "is_on_tick",
    "round_down",
    "round_up",
    "tick_size",
    "tick_table",
]

TickTable = tuple[tuple[int, int], ...]
"""Bands as (lowest price of the band, tick), ascending; a band ends where the next begins."""

TICK_REFORM = date(2023, 1, 25)
"""From this trade date one table applies to KOSPI, KOSDAQ and KONEX (B1)."""

UNIFIED: TickTable = (
    (1, 1),
    (2_000, 5),
    (5_000, 10),
    (20_000, 50),
    (50_000, 100),
    (200_000, 500),
    (500_000, 1_000),
)
KOSPI_BEFORE_REFORM: TickTable = (
    (1, 1),
    (1_000, 5),
    (5_000, 10),
    (10_000, 50),
    (50_000, 100),
    (100_000, 500),
    (500_000, 1_000),
)
KOSDAQ_BEFORE_REFORM: TickTable = (
    (1, 1),
    (1_000, 5),
    (5_000, 10),
    (10_000, 50),
    (50_000, 100),  # "KOSDAQ used 100 for everything >= 50k"
)

_SCHEDULE: tuple[tuple[date, dict[Board, TickTable]], ...] = (
    # [G] The document gives no pre-reform KONEX table; KONEX is taken to have used KOSDAQ's.
    (
        date.min,
        {
            Board.KOSPI: KOSPI_BEFORE_REFORM,
            Board.KOSDAQ: KOSDAQ_BEFORE_REFORM,
            Board.KONEX: KOSDAQ_BEFORE_REFORM,
        },
    ),
    (TICK_REFORM, {Board.KOSPI: UNIFIED, Board.KOSDAQ: UNIFIED, Board.KONEX: UNIFIED}),
)

FUND_TICK = 5
"""ETF/ETN/ELW keep a 5-won tick (B1). [G] How low-priced ETFs are ticked is open in the
document; the simulator applies 5 won at every price."""
_FUND: TickTable = ((FUND_TICK, FUND_TICK),)


def tick_table(board: Board, on: date | None = None) -> TickTable:
    """Return the bands in force for ``board`` on trade date ``on`` (None: the current rules)."""
    if board is Board.FUND:
        return _FUND
    tables = _SCHEDULE[-1][1]
    if on is not None:
        tables = next(t for since, t in reversed(_SCHEDULE) if since <= on)
    return tables[board]


def tick_size(price: int, board: Board, on: date | None = None) -> int:
    """Return the tick of an order at ``price`` won: the tick of the band the price falls in."""
    if price <= 0:
        raise ValueError(f"a price is positive, got {price}")
    table = tick_table(board, on)
    for low, tick in reversed(table):
        if price >= low:
            return tick
    return table[0][1]  # below a fund's first valid price: still its one tick


def is_on_tick(price: int, board: Board, on: date | None = None) -> bool:
    """Tell whether ``price`` is a price an order may carry."""
    return price >= tick_table(board, on)[0][0] and price % tick_size(price, board, on) == 0


def round_down(price: int, board: Board, on: date | None = None) -> int:
    """Return the highest valid price at or below ``price``.

    A band starts on a multiple of its own tick, so rounding down never leaves the band.
    Raises ValueError when no valid price is that low (a fund below 5 won).
    """
    rounded = price - price % tick_size(price, board, on)
    if rounded < tick_table(board, on)[0][0]:
        raise ValueError(f"no valid {board.name} price at or below {price}")
    return rounded


def round_up(price: int, board: Board, on: date | None = None) -> int:
    """Return the lowest valid price at or above ``price``.

    Stepping past a band's top lands on the next band's first price, itself valid.
    """
    tick = tick_size(price, board, on)
    return -(-price // tick) * tick
