"""The kind of listing a code is, which decides its tick table, price limits and sell tax."""

from __future__ import annotations

from enum import Enum


class Board(Enum):
    """Where a code is listed, as far as ticks, limits and tax are concerned."""

    KOSPI = "kospi"
    KOSDAQ = "kosdaq"
    KONEX = "konex"
    FUND = "fund"  # ETF / ETN / ELW: 5-won tick, no securities transaction tax
