"""Tick-grid rounding of whole price arrays (the table of agent/market/tick_size.py)."""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt

from agent.market.tick_size import Board, tick_size

_BOUNDS = (2_000, 5_000, 20_000, 50_000, 200_000, 500_000)


@functools.cache
def _table(board: Board) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The tick table's price bounds and the tick below each (computed once per board)."""
    edges = np.array(_BOUNDS, dtype=np.int64)
    table = np.array([tick_size(b - 1, board) for b in _BOUNDS] + [tick_size(_BOUNDS[-1])])
    return edges, table


def on_grid(
    raw: npt.NDArray[np.float64], board: Board, lower: int, upper: int
) -> npt.NDArray[np.int64]:
    """Round prices down onto the tick grid and clamp them to the daily limits."""
    prices = np.maximum(raw.astype(np.int64), 1)
    if board is Board.FUND:
        ticks = np.full_like(prices, tick_size(1, board))
    else:
        edges, table = _table(board)
        ticks = table[np.searchsorted(edges, prices, side="right")]
    clipped: npt.NDArray[np.int64] = np.clip(prices - prices % ticks, lower, upper)
    return clipped
