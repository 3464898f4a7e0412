"""A fetched or recorded market day as the backtest's market: minute bars made into a tape.

The backtest trades :class:`krxsim.market.market.SyntheticMarket`'s interface against the
simulator's matching engine. :class:`BarMarket` offers that interface over the minute bars of
the day's universe (what ``stockagent data fetch`` stored), so the one backtest loop, with the
live cores, runs over real days as over synthetic ones.

The tape (:class:`BarTape`) prints each minute four times, 15 seconds apart: the open, then the
low and the high (the high first when the bar closed below its open), then the close, each with
a quarter of the minute's volume; the 15:30 bar is the closing auction's single print. Nothing
is known of VIs, halts or news on such a day: there are none. Fills follow the simulator's
engine (krxsim/exchange/engine.py): an order reaches the exchange in the second it is
decided; a marketable one takes from a synthetic ten-level book around the last print, its
spread and depth being the slippage; the rest rests and fills against later prints through
its price (a print at the price fills half its size).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

import numpy as np

from agent.clock import KST
from agent.history import DayBar, Instrument, MinuteBar
from krxsim.market.listings import Listing
from krxsim.market.market import SyntheticMarket
from krxsim.market.path import CLOSE_SECONDS, CONTINUOUS_SECONDS, CodeDay
from krxsim.market.script import DayScript
from krxsim.market.specials import Specials
from krxsim.rules import Board, price_limits

BAR_STEP = 15
"""Seconds between the prints of a bar tape: four a minute."""
CLOSE_MINUTE = CLOSE_SECONDS // 60
DEFAULT_VOL_BPS = 200
"""A listing's daily volatility is only used to draw synthetic days; a fetched day has its own."""


class BarTape(CodeDay):
    """One code's day made of its minute bars (see the module's docstring)."""

    def __init__(self, listing: Listing, bars: Sequence[MinuteBar], open_at: datetime) -> None:
        # The tape is given, not drawn: CodeDay's generator is not run.
        self.listing = listing
        self.step = BAR_STEP
        n = CLOSE_SECONDS // BAR_STEP + 1
        close_k = n - 1
        self.halt_k = n
        self.locked_k = None
        self.lock_queue = 0
        # The tape is the exchange's side of the backtest: the simulator's rules bound it.
        self.lower, self.upper = price_limits(listing.prev_close, listing.board)
        prices = np.zeros(n, dtype=np.int64)
        qty = np.zeros(n, dtype=np.int64)
        per_minute = 60 // BAR_STEP
        for bar in bars:
            minute = int((bar.start - open_at).total_seconds() // 60)
            if bar.volume <= 0 or minute < 0:
                continue
            if minute == CLOSE_MINUTE:
                prices[close_k], qty[close_k] = bar.close, bar.volume
                continue
            if minute * 60 >= CONTINUOUS_SECONDS:
                continue
            order = (bar.low, bar.high) if bar.close >= bar.open else (bar.high, bar.low)
            path = (bar.open, *order, bar.close)
            share, extra = divmod(bar.volume, per_minute)
            for j, price in enumerate(path):
                k = minute * per_minute + j
                prices[k] = price
                qty[k] = share + (1 if j < extra else 0)
        traded = qty > 0
        first = int(np.argmax(traded)) if traded.any() else None
        self.open_price = int(prices[first]) if first is not None else listing.prev_close
        self.vi_events = []
        self.auction_ks = {close_k} | ({0} if first == 0 else set())
        idx = np.maximum.accumulate(np.where(traded, np.arange(n), 0))
        last = np.where(np.maximum.accumulate(traded), prices[idx], listing.prev_close)
        before = np.concatenate(([listing.prev_close], last[:-1]))
        side = np.where(last < before, -1, 1)
        self.last_price = last.astype(np.int32)
        self.qty = np.where(traded, qty * side, 0).astype(np.int32)


class BarMarket(SyntheticMarket):
    """A market day of the codes given bars; no halts, designations, VIs or news."""

    def __init__(
        self,
        day: date,
        listings: Mapping[str, Listing],
        bars: Mapping[str, Sequence[MinuteBar]],
        *,
        seed: int = 0,
    ) -> None:
        # Built from the bars, not drawn: SyntheticMarket's generator is not run.
        self.seed = seed
        self.trading_date = day
        self.step = BAR_STEP
        self.listings = dict(listings)
        self.open_at = datetime.combine(day, time(9, 0), KST)
        self.specials = Specials()
        self.script = DayScript(surges=(), news=())
        self._days = {
            code: BarTape(listing, bars.get(code, ()), self.open_at)
            for code, listing in self.listings.items()
        }


def listing_of(
    instrument: Instrument | None, code: str, today: DayBar, previous: DayBar | None
) -> Listing:
    """The listing a fetched day's code trades as: its base and the previous day's volume."""
    board = Board.KOSDAQ if instrument is not None and instrument.board == "KOSDAQ" else Board.KOSPI
    return Listing(
        code=code,
        name=instrument.name if instrument is not None else code,
        board=board,
        prev_close=today.base or today.open,
        prev_volume=previous.volume if previous is not None else today.volume,
        listed_shares=max(instrument.listed_shares if instrument is not None else 0, 1),
        kospi200=False,
        daily_vol_bps=DEFAULT_VOL_BPS,
    )
