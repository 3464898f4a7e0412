"""The ranking TRs the scanner polls, computed from the synthetic market in bulk.

The simulator answers ka10032 (turnover), ka10023 (volume surge) and ka10027 (gainers) from
every listing's quote; the agent turns the rows into :class:`RankEntry`. Doing that per quote,
per poll, for 2,000 codes would dominate a backtest, so this module keeps every code's
cumulative volume and value per tape step in arrays and ranks whole columns at once. The
figures and the orders are the ones the simulator's TRs give for the request the live client
sends (top 100 rows, ties by code; surge against the previous day's volume pro rata to the
time of day, by amount), and
the conversion matches :mod:`agent.strategy.adapters` (change in bp truncated like ``flu_rt``,
turnover floored to millions of won).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import numpy.typing as npt

from agent.strategy.scanner import RankEntry
from krxsim.market.market import SyntheticMarket

ROWS = 100
"""Rows per ranking answer (the simulator's ``ranking_rows``)."""
SESSION_SECONDS = 22_800.0
"""ka10023 as the client asks for it (``tm_tp`` 2): the simulator prorates the previous day's
volume over 09:00-15:20."""

Ints = npt.NDArray[np.int64]


def _rate_bp(numerator: int, denominator: int) -> int:
    """Return numerator/denominator in bp truncated toward zero, as ``flu_rt`` is printed."""
    if denominator == 0 or numerator == 0:
        return 0
    magnitude = abs(numerator) * 10_000 // denominator
    return magnitude if numerator > 0 else -magnitude


class RankingTape:
    """Every listing's price, cumulative volume and value per step, up to ``last_t``."""

    def __init__(self, market: SyntheticMarket, last_t: float) -> None:
        self.market = market
        self.codes = sorted(market.listings)
        listings = [market.listings[c] for c in self.codes]
        width = max(int(last_t // market.step), 0) + 1
        n = len(self.codes)
        self.price = np.zeros((n, width), dtype=np.int64)
        self.volume = np.zeros((n, width), dtype=np.int64)
        self.value = np.zeros((n, width), dtype=np.int64)
        for i, code in enumerate(self.codes):
            last_price, signed = market.opening(code, width)
            prices = last_price.astype(np.int64)
            qty = np.abs(signed).astype(np.int64)
            self.price[i, : len(prices)] = prices
            self.volume[i, : len(qty)] = np.cumsum(qty)
            self.value[i, : len(qty)] = np.cumsum(qty * prices)
        self.width = width
        self.base = np.array([lst.prev_close for lst in listings], dtype=np.int64)
        self.prev_volume = [lst.prev_volume for lst in listings]
        self.prev_volumes = np.array(self.prev_volume, dtype=np.int64)
        self.names = [lst.name for lst in listings]
        self._order = np.arange(n)

    def _column(self, t: float) -> int:
        """Return the step in force ``t`` seconds after the open (-1 before it)."""
        if t < 0:
            return -1
        k = int(t // self.market.step)
        if k >= self.width:
            raise ValueError(f"ranking asked for {t} s, the tape was built to {self.width} steps")
        return k

    def _at(self, t: float) -> tuple[Ints, Ints, Ints]:
        k = self._column(t)
        if k < 0:
            zero = np.zeros(len(self.codes), dtype=np.int64)
            return self.base.copy(), zero, zero.copy()
        return self.price[:, k], self.volume[:, k], self.value[:, k]

    def _entry(self, i: int, price: int, volume: int, **extra: int | None) -> RankEntry:
        base = int(self.base[i])
        return RankEntry(
            code=self.codes[i],
            name=self.names[i],
            price=price,
            change_bps=_rate_bp(price - base, base),
            volume=volume,
            **extra,
        )

    def rankings(self, now: datetime) -> tuple[list[RankEntry], list[RankEntry], list[RankEntry]]:
        """Return (turnover, volume surge, gainers) as the scanner reads them at ``now``."""
        t = self.market.seconds(now)
        price, volume, value = self._at(t)
        elapsed = min(max(t, 1.0), SESSION_SECONDS) / SESSION_SECONDS
        earlier = (self.prev_volumes * elapsed).astype(np.int64)

        turnover = [
            self._entry(
                int(i),
                int(price[i]),
                int(volume[i]),
                turnover_won=int(value[i]) // 1_000_000 * 1_000_000,
                prev_volume=self.prev_volume[int(i)],
            )
            for i in np.lexsort((self._order, -value))[:ROWS]
        ]
        amount = volume - earlier
        surges = [
            self._entry(
                int(i),
                int(price[i]),
                int(volume[i]),
                prev_volume=int(earlier[i]),
                surge_bps=_rate_bp(int(amount[i]), max(int(earlier[i]), 1)),
            )
            for i in np.lexsort((self._order, -amount))[:ROWS]
        ]
        traded = np.flatnonzero(volume > 0)
        change = (price[traded] - self.base[traded]) / self.base[traded]
        gainers = [
            self._entry(int(traded[j]), int(price[traded[j]]), int(volume[traded[j]]))
            for j in np.lexsort((traded, -change))[:ROWS]
        ]
        return turnover, surges, gainers
