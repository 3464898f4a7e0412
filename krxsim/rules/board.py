"""The kind of listing a simulated code is: it decides the code's tick table and price limits."""

from __future__ import annotations

from enum import Enum


class Board(Enum):
    """Where a code is listed, as far as the exchange's rules are concerned.

    The values are the ones the agent's own enum uses, so a caller that holds both (the
    backtest) translates by value.
    """

    KOSPI = "kospi"
    KOSDAQ = "kosdaq"
    KONEX = "konex"
    FUND = "fund"
    """ETF, ETN and ELW: one 5-won tick at every price (B1)."""
