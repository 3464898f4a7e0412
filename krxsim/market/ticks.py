"""Tick-grid rounding of whole price arrays (the bands of krxsim/rules/ticks.py, vectorised)."""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt

from krxsim.rules import Board, tick_table


@functools.cache
def _table(board: Board) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The current bands' lowest prices and their ticks (computed once per board)."""
    bands = tick_table(board)
    lows = np.array([low for low, _ in bands], dtype=np.int64)
    ticks = np.array([tick for _, tick in bands], dtype=np.int64)
    return lows, ticks


def on_grid(
    raw: npt.NDArray[np.float64], board: Board, lower: int, upper: int
) -> npt.NDArray[np.int64]:
    """Round prices down onto the tick grid and clamp them to the daily limits."""
    prices = np.maximum(raw.astype(np.int64), 1)
    lows, table = _table(board)
    # A price under the first band's low (a fund under 5 won) takes the first band's tick.
    ticks = table[np.maximum(np.searchsorted(lows, prices, side="right") - 1, 0)]
    clipped: npt.NDArray[np.int64] = np.clip(prices - prices % ticks, lower, upper)
    return clipped
