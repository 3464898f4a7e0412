"""One code's intraday tape, generated on first use from (seed, date, code).

Every code's whole day is drawn at once with numpy the first time anyone asks about it (about
half a millisecond), so 2,000 quiet codes cost nothing until a ranking or quote needs them, and
the same seed always gives the same tape. Our own orders never move it (the simulated account
is a price taker).

Model, one step every ``step`` seconds of market time: a log-price random walk with the
listing's volatility; a scripted surge adds a jump and a steady climb with heavy volume; a
U-shaped volume profile; prices on the tick grid inside the daily limits. Static VI fires at
+-10% from the last single-price reference (the open, then each VI's uncross), dynamic VI at
+-3% (KOSPI200) / +-6% (others) from the last print; either turns the stock into a 2-minute
auction with a random end of up to 30 s, after which it uncrosses at the path's level. The
closing auction (15:20-15:30) prints once at 15:30. A halt stops the prints from its step to
the close; a limit-down crash pins the path to the lower limit (``shocks.py``).
"""

from __future__ import annotations

import functools
import math
from datetime import date

import msgspec
import numpy as np
import numpy.typing as npt

from krxsim.market import shocks
from krxsim.market.listings import Listing
from krxsim.market.script import Surge
from krxsim.market.ticks import on_grid
from krxsim.rules import price_limits, round_down

CONTINUOUS_SECONDS = 22_800  # 09:00 -> 15:20
CLOSE_SECONDS = 23_400  # 09:00 -> 15:30
STATIC_VI_BPS = 1_000
DYNAMIC_VI_BPS_K200 = 300
DYNAMIC_VI_BPS_OTHER = 600
VI_SECONDS = 120
VI_RANDOM_END = 30
OPEN_AUCTION_SHARE = 0.012
SURGE_VOLUME = 30.0
"""Volume multiple while a scripted surge runs (a fifth of it for a while after)."""

IntArray = npt.NDArray[np.int64]
SmallArray = npt.NDArray[np.int32]


class Print(msgspec.Struct, frozen=True):
    """One trade of the synthetic tape: step index, seconds after 09:00, price, signed qty."""

    k: int
    t: int
    price: int
    qty: int


class ViEvent(msgspec.Struct, frozen=True, kw_only=True):
    """A volatility interruption; its auction uncrosses at ``end`` seconds after 09:00."""

    code: str
    start: int
    end: int
    dynamic: bool
    trigger_price: int
    release_price: int
    static_ref: int
    dynamic_ref: int
    count: int


def _vi_reach(step: int) -> int:
    """Steps from a VI's start to its uncross, at most (the auction and its random end)."""
    return -(-(VI_SECONDS + VI_RANDOM_END) // step) + 1


@functools.cache
def _profile(step: int) -> npt.NDArray[np.float64]:
    """The U-shaped volume profile over the day's steps (the same for every code)."""
    n = CLOSE_SECONDS // step + 1
    x = np.arange(n, dtype=np.int64) * step / CONTINUOUS_SECONDS
    profile: npt.NDArray[np.float64] = (
        0.55 + 2.2 * np.exp(-x * 9.0) + 0.9 * np.exp((x - 1.0) * 12.0)
    )
    profile.flags.writeable = False
    return profile


class CodeDay:
    """The whole tape of one code for the day, with cheap look-ups at any moment."""

    def __init__(
        self,
        listing: Listing,
        surge: Surge | None,
        seed: int,
        day: date,
        step: int,
        *,
        halt_at: int | None = None,
        crash_at: int | None = None,
        through: int | None = None,
    ) -> None:
        """``halt_at``/``crash_at``: seconds after 09:00 of a halt or a limit-down crash.

        ``through``: build only the tape's steps up to this one (:func:`opening_tape`); every
        draw of the day is still taken, so those steps are the whole day's to the bit.
        """
        self.listing = listing
        self.step = step
        self.halt_k = CLOSE_SECONDS // step + 1
        """First step that no longer prints because trading is halted (none: past the end)."""
        self.locked_k: int | None = None
        """First step printed at the lower limit once a crash has locked it there."""
        self.lock_queue = 0
        self.lower, self.upper = price_limits(listing.prev_close, listing.board)
        rng = np.random.default_rng([seed, day.toordinal(), int(listing.code)])
        n = CLOSE_SECONDS // step + 1
        # The steps computed: the whole day, or ``through`` and the reach of a VI begun by then
        # (its uncross and the volume it gathered lie after it).
        m = n if through is None else min(n, through + 1 + _vi_reach(step))
        sigma_day = listing.daily_vol_bps / 10_000
        gap = float(rng.normal(0.0, sigma_day / 2))
        if surge is not None or (halt_at is not None and halt_at > 0):
            gap = abs(gap) + 0.01
        self.open_price = self._grid_one(listing.prev_close * math.exp(gap))
        steps = rng.normal(0.0, sigma_day / math.sqrt(CONTINUOUS_SECONDS / step), n)[:m]
        volume = listing.prev_volume / (CONTINUOUS_SECONDS / step) / 1.2 * _profile(step)[:m]
        volume = volume * np.exp(rng.normal(0.0, 0.6, n)[:m])
        if surge is not None:
            first = (
                surge.start.hour * 3600 + surge.start.minute * 60 + surge.start.second
            ) - 32_400
            k0, count = first // step, max(1, surge.minutes * 60 // step)
            rise = surge.rise_bps / 10_000
            steps[k0 : k0 + 1] += rise * 0.3
            steps[k0 + 1 : k0 + count] += rise * 0.7 / count
            steps[k0 + count : k0 + count * 4] -= rise * 0.15 / (count * 3)
            volume[k0 : k0 + count] *= SURGE_VOLUME
            volume[k0 + count : k0 + count * 6] *= SURGE_VOLUME / 5
        if halt_at is not None:
            self.halt_k = max(0, -(-halt_at // step))
            shocks.halt_burst(steps, volume, self.halt_k)
        steps[0] = 0.0
        raw = np.exp(math.log(self.open_price) + np.cumsum(steps))
        if crash_at is not None:
            shocks.crash(raw, volume, max(1, -(-crash_at // step)), self.lower, step)
        prices = on_grid(raw, listing.board, self.lower, self.upper)
        prices[0] = self.open_price
        qty = np.maximum(volume.astype(np.int64), 1)
        qty[0] = int(listing.prev_volume * OPEN_AUCTION_SHARE) + 1
        vi_ends = rng.integers(0, VI_RANDOM_END + 1, 64)
        coin = np.where(rng.random(m) < 0.5, 1, -1)
        self.vi_events: list[ViEvent] = []
        self.auction_ks: set[int] = {0, CLOSE_SECONDS // step}
        """Steps whose print is a single-price uncross (open, VI releases, close)."""
        traded = self._interrupt(prices, qty, vi_ends, n - 1 if through is None else through)
        self._tape(prices, qty, traded, coin)
        if crash_at is not None and m == n:
            at_lower = traded & (prices == self.lower) & (np.arange(n) * step >= crash_at)
            locked = np.flatnonzero(at_lower)
            if len(locked):
                self.locked_k = int(locked[0])
                self.lock_queue = shocks.lock_queue(listing.prev_volume, n - self.locked_k)

    def _grid_one(self, raw: float) -> int:
        price = round_down(max(int(raw), 1), self.listing.board)
        return min(max(price, self.lower), self.upper)

    def _interrupt(
        self, prices: IntArray, qty: IntArray, vi_ends: IntArray, through: int
    ) -> npt.NDArray[np.bool_]:
        """Find VIs in order, freeze printing during each auction; return which steps print.

        ``prices`` and ``qty`` may stop short of the day: VIs begun after ``through`` are not
        looked for (the steps after it are then not the day's).
        """
        step = self.step
        n = len(prices)
        cont_end = CONTINUOUS_SECONDS // step
        close_k = CLOSE_SECONDS // step
        whole = n > close_k
        traded = np.zeros(n, dtype=np.bool_)
        traded[:cont_end] = True
        if whole:
            traded[close_k] = True
        traded[self.halt_k :] = False
        if self.halt_k <= close_k:
            self.auction_ks.discard(close_k)
            cont_end = min(cont_end, self.halt_k)
        if whole:
            qty[close_k] = int(qty[cont_end:close_k].sum() // 2) + 1
        else:
            cont_end = min(cont_end, n)
        dyn_bps = DYNAMIC_VI_BPS_K200 if self.listing.kospi200 else DYNAMIC_VI_BPS_OTHER
        k, static_ref, last = 1, int(prices[0]), int(prices[0])
        while k < cont_end:
            seg = prices[k:cont_end]
            prev = np.concatenate(([last], seg[:-1]))
            static_hit = np.abs(seg - static_ref) * 10_000 // static_ref >= STATIC_VI_BPS
            dyn_hit = np.abs(seg - prev) * 10_000 // prev >= dyn_bps
            hits = np.flatnonzero(static_hit | dyn_hit)
            if len(hits) == 0 or k + int(hits[0]) > through:
                break
            j = k + int(hits[0])
            last = int(prices[j - 1]) if j > k else last
            end_t = j * step + VI_SECONDS + int(vi_ends[len(self.vi_events) % len(vi_ends)])
            end_k = min(-(-end_t // step), cont_end)
            traded[j:end_k] = False
            release = int(prices[end_k]) if end_k < cont_end else int(prices[close_k])
            self.vi_events.append(
                ViEvent(
                    code=self.listing.code,
                    start=j * step,
                    end=end_t,
                    dynamic=not bool(static_hit[j - k]),
                    trigger_price=int(prices[j]),
                    release_price=release,
                    static_ref=static_ref,
                    dynamic_ref=last,
                    count=len(self.vi_events) + 1,
                )
            )
            if end_k >= cont_end:
                break
            qty[end_k] = int(qty[j:end_k].sum() // 3) + 1
            self.auction_ks.add(end_k)
            static_ref = last = release
            k = end_k + 1
        return traded

    def _tape(
        self, prices: IntArray, qty: IntArray, traded: npt.NDArray[np.bool_], coin: IntArray
    ) -> None:
        n = len(prices)
        idx = np.maximum.accumulate(np.where(traded, np.arange(n), 0))
        # Before the first print (a stock halted from the open never has one) the last
        # price is the previous close.
        last = np.where(np.maximum.accumulate(traded), prices[idx], self.listing.prev_close)
        before = np.concatenate(([self.listing.prev_close], last[:-1]))
        side = np.where(prices > before, 1, np.where(prices < before, -1, coin))
        # int32 halves the day's memory (about 37 KB a code); prices and step sizes fit easily.
        self.last_price: SmallArray = last.astype(np.int32)
        self.qty: SmallArray = np.where(traded, qty * side, 0).astype(np.int32)

    @property
    def print_price(self) -> IntArray:
        """Return each step's print price, 0 where the step did not print."""
        prices: IntArray = np.where(self.qty != 0, self.last_price, 0).astype(np.int64)
        return prices

    def index_at(self, t: float) -> int:
        """Return the last step at or before ``t`` seconds after 09:00; -1 before the open."""
        if t < 0:
            return -1
        return min(int(t // self.step), len(self.qty) - 1)

    def vi_at(self, t: float) -> ViEvent | None:
        """Return the VI in force at ``t``, if any."""
        for event in self.vi_events:
            if event.start <= t < event.end:
                return event
        return None

    def prints(self, after_k: int, to_k: int) -> list[Print]:
        """Return the prints of steps ``after_k`` < k <= ``to_k``."""
        lo = max(after_k + 1, 0)
        if to_k < lo:
            return []
        window = self.qty[lo : to_k + 1]
        ks = np.flatnonzero(window) + lo
        # A step that printed printed at its last price.
        return [
            Print(int(k), int(k) * self.step, int(self.last_price[k]), int(self.qty[k])) for k in ks
        ]

    def minute_bars(self, to_k: int) -> list[tuple[int, int, int, int, int, int]]:
        """Return (minute, open, high, low, close, volume) up to step ``to_k``, oldest first."""
        if to_k < 0:
            return []
        ks = np.flatnonzero(self.qty[: to_k + 1])
        minutes = ks * self.step // 60
        out: list[tuple[int, int, int, int, int, int]] = []
        for minute in np.unique(minutes):
            sel = ks[minutes == minute]
            p = self.last_price[sel]
            v = int(np.abs(self.qty[sel]).sum())
            out.append((int(minute), int(p[0]), int(p.max()), int(p.min()), int(p[-1]), v))
        return out


def opening_tape(
    listing: Listing,
    surge: Surge | None,
    seed: int,
    day: date,
    step: int,
    width: int,
    *,
    halt_at: int | None = None,
    crash_at: int | None = None,
) -> tuple[SmallArray, SmallArray]:
    """Return the first ``width`` steps of :class:`CodeDay`'s ``last_price`` and ``qty``: the
    same numbers, for a fraction of the work when ``width`` is the opening hour of the day.

    A backtest ranks all 2,000 codes over its entry window only; the few it trades get their
    whole day from :class:`CodeDay`.
    """
    tape = CodeDay(
        listing, surge, seed, day, step, halt_at=halt_at, crash_at=crash_at, through=width - 1
    )
    return tape.last_price[:width], tape.qty[:width]
