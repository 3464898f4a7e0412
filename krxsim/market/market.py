"""The seeded synthetic market of one trading day: each code's tape is drawn on first use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import msgspec
import numpy as np

from krxsim.clock import KST
from krxsim.market.book import LEVELS, Book, build_book
from krxsim.market.listings import Listing, build_listings
from krxsim.market.path import (
    CLOSE_SECONDS,
    CONTINUOUS_SECONDS,
    CodeDay,
    SmallArray,
    ViEvent,
    opening_tape,
)
from krxsim.market.script import DayScript, build_script
from krxsim.market.session import Phase, phase_at
from krxsim.market.specials import (
    Designated,
    Halt,
    LimitDown,
    Specials,
    seconds_after_open,
    seeded_specials,
    special_story,
)
from krxsim.market.status import StockStatus, stock_status
from krxsim.rules import round_down


class Quote(msgspec.Struct, frozen=True, kw_only=True):
    """What a quote TR reports about one code at one moment; ``price`` is the last print or,
    before the open, the previous close."""

    code: str
    name: str
    base: int
    price: int
    open: int
    high: int
    low: int
    volume: int
    value: int
    upper: int
    lower: int
    expected_price: int
    expected_qty: int
    buy_volume: int
    sell_volume: int
    in_vi: bool
    auction: bool


class SyntheticMarket:
    """All listings of the day; each code's path is generated only as far as it is needed."""

    def __init__(
        self,
        *,
        seed: int,
        trading_date: date,
        listed: int,
        surges: int,
        step: int,
        halts: tuple[Halt, ...] | None = None,
        designated: tuple[Designated, ...] | None = None,
        limit_down: tuple[LimitDown, ...] | None = None,
    ) -> None:
        """``halts``, ``designated``, ``limit_down``: None = the seed's choice (specials.py)."""
        self.seed = seed
        self.trading_date = trading_date
        self.step = step
        self.listings: dict[str, Listing] = build_listings(seed, listed)
        self.open_at = datetime.combine(trading_date, time(9, 0), KST)
        script = build_script(seed, self.listings, self.open_at, surges)
        seeded = seeded_specials(seed, self.listings, self.open_at, {s.code for s in script.surges})
        self.specials = Specials(
            halts=seeded.halts if halts is None else halts,
            designated=seeded.designated if designated is None else designated,
            limit_down=seeded.limit_down if limit_down is None else limit_down,
        )
        self.script: DayScript = script.with_extra(
            *special_story(seed, self.specials, self.listings, self.open_at)
        )
        self._days: dict[str, CodeDay] = {}

    def seconds(self, now: datetime) -> float:
        """Return seconds after 09:00 of the trading day (negative before the open)."""
        return (now - self.open_at).total_seconds()

    def day(self, code: str) -> CodeDay:
        """Return ``code``'s tape for the whole day, drawing it on first use."""
        current = self._days.get(code)
        if current is None:
            halt = self.specials.halt_of(code)
            crash = self.specials.limit_down_of(code)
            current = CodeDay(
                self.listings[code],
                self.script.surge_of(code),
                self.seed,
                self.trading_date,
                self.step,
                halt_at=None if halt is None else seconds_after_open(halt.at),
                crash_at=None if crash is None else seconds_after_open(crash.at),
            )
            self._days[code] = current
        return current

    def opening(self, code: str, width: int) -> tuple[SmallArray, SmallArray]:
        """Return the first ``width`` steps of ``code``'s ``last_price`` and ``qty``, as
        :meth:`day` has them, without drawing the rest of a day not yet drawn."""
        drawn = self._days.get(code)
        if drawn is not None:
            return drawn.last_price[:width], drawn.qty[:width]
        halt = self.specials.halt_of(code)
        crash = self.specials.limit_down_of(code)
        return opening_tape(
            self.listings[code],
            self.script.surge_of(code),
            self.seed,
            self.trading_date,
            self.step,
            width,
            halt_at=None if halt is None else seconds_after_open(halt.at),
            crash_at=None if crash is None else seconds_after_open(crash.at),
        )

    def warm(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Draw every code's day ahead of need (run on a worker thread at start-up)."""
        for code in list(self.listings):
            if stop():
                return
            self.day(code)

    def index(self, code: str, now: datetime) -> int:
        """Return the step of ``code``'s tape in force at ``now`` (-1 before the open)."""
        return self.day(code).index_at(self.seconds(now))

    def phase(self, now: datetime) -> Phase:
        return phase_at(now)

    def quote(self, code: str, now: datetime) -> Quote:
        """Return the state of ``code`` at ``now``."""
        listing = self.listings[code]
        day = self.day(code)
        t = self.seconds(now)
        k = day.index_at(t)
        vi = day.vi_at(t)
        exp_price = exp_qty = 0
        halted = self.halted(code, now)
        if k < 0 and not halted:
            share = min(-t / 1_800.0, 1.0)
            exp_price = day.open_price + int((listing.prev_close - day.open_price) * share)
            exp_price = min(max(round_down(exp_price, listing.board), day.lower), day.upper)
            exp_qty = int(listing.prev_volume * 0.012 * (1.0 - share))
        elif vi is not None:
            exp_price = vi.trigger_price
        opened = k >= 0 and bool(day.qty[: k + 1].any())
        if not opened:
            price, high, low, volume, value, buys, sells = listing.prev_close, 0, 0, 0, 0, 0, 0
        else:
            qty = day.qty[: k + 1]
            prices = day.last_price[: k + 1].astype(np.int64)
            printed = prices[qty != 0]
            absq = np.abs(qty).astype(np.int64)
            price = int(day.last_price[k])
            high, low = int(printed.max()), int(printed.min())
            volume = int(absq.sum())
            value = int((absq * prices).sum())
            buys = int(qty[qty > 0].sum(dtype=np.int64))
            sells = volume - buys
        return Quote(
            code=code,
            name=listing.name,
            base=listing.prev_close,
            price=price,
            open=day.open_price if opened else 0,
            high=high,
            low=low,
            volume=volume,
            value=value,
            upper=day.upper,
            lower=day.lower,
            expected_price=exp_price,
            expected_qty=exp_qty,
            buy_volume=buys,
            sell_volume=sells,
            in_vi=vi is not None,
            auction=k < 0 or vi is not None or CONTINUOUS_SECONDS <= t < CLOSE_SECONDS,
        )

    def halted(self, code: str, now: datetime) -> bool:
        """Tell whether trading in ``code`` is halted at ``now``."""
        halt = self.specials.halt_of(code)
        return halt is not None and self.seconds(now) >= seconds_after_open(halt.at)

    def limit_down_queue(self, code: str, now: datetime) -> int:
        """Return the sell quantity resting at ``code``'s lower limit while it is locked there
        (0 when it is not): a new sell joins the back of it."""
        if self.specials.limit_down_of(code) is None:
            return 0
        day = self.day(code)
        k = day.index_at(self.seconds(now))
        return day.lock_queue if day.locked_k is not None and k >= day.locked_k else 0

    def status(self, code: str, now: datetime) -> StockStatus:
        """Return what ka10099/ka10100 report about ``code`` at ``now``."""
        return stock_status(self.specials.designation_of(code), self.halted(code, now))

    def quotes(self, now: datetime) -> list[Quote]:
        """Return every listing's quote at ``now`` (for rankings)."""
        return [self.quote(code, now) for code in self.listings]

    def book(self, code: str, now: datetime) -> Book:
        """Return the synthetic book of ``code`` at ``now``."""
        listing = self.listings[code]
        day = self.day(code)
        k = day.index_at(self.seconds(now))
        quote = self.quote(code, now)
        price = quote.expected_price if k < 0 else quote.price
        book = build_book(
            seed=self.seed,
            code=code,
            seq=k,
            price=price,
            board=listing.board,
            lower=day.lower,
            upper=day.upper,
            depth=max(10, listing.prev_volume // 500),
        )
        queue = self.limit_down_queue(code, now)
        if queue:
            # Locked at the lower limit: a wall of sellers there and no bid at all.
            return Book(asks=((day.lower, queue), *book.asks[: LEVELS - 1]), bids=())
        return book

    def vi_events(self, now: datetime) -> list[ViEvent]:
        """Return every VI of the day so far, oldest first."""
        t = self.seconds(now)
        events = [e for c in self.listings for e in self.day(c).vi_events if e.start <= t]
        return sorted(events, key=lambda e: (e.start, e.code))

    def at(self, t: float) -> datetime:
        """Return the market time ``t`` seconds after 09:00."""
        return self.open_at + timedelta(seconds=t)

    def closed(self, now: datetime) -> bool:
        return self.seconds(now) > CLOSE_SECONDS
