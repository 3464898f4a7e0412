"""One watched code in the backtest: the core a StockActor runs, fed from the synthetic tape.

:func:`start_watching` reads the code as a StockActor reads it from the broker on start
(:class:`agent.core.watch.StockReads`: previous close and limits, the previous day's volume,
today's minute bars and a running VI when it starts after the open) and builds the same
:class:`~agent.core.watch.WatchCore`; :meth:`Watcher.feed` folds the tape's new prints and VI
events into it in time order. What is left here is the tape's side: which prints are new.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from agent.broker.market import Bar as KiwoomBar
from agent.broker.market import ViStock
from agent.core.watch import StockReads, WatchCore
from agent.domain import Intent
from agent.market.sessions import Phase
from agent.marketdata import Tick, ViEvent, ViPhase, ViScope
from agent.risk.market_view import MarketView
from agent.strategy.entry_loop import EntryLoop
from agent.strategy.thresholds import Thresholds
from krxsim.market.market import SyntheticMarket


@dataclass
class Watcher:
    """The core of one watched code and how far the tape has been folded into it."""

    core: WatchCore
    seen_k: int
    """Last tape step folded in."""
    seen_t: float
    """Seconds after the open up to which VI events are folded in."""
    vi_bounds: list[int] | None = None
    """The day's VI starts and ends, in order (read on first use)."""
    wake_t: float = 0.0
    """Before this (seconds after the open) the tape has nothing new for the watcher."""

    @property
    def entries(self) -> EntryLoop:
        return self.core.entries

    def feed(
        self,
        market: SyntheticMarket,
        now: datetime,
        on_print: Callable[[int, datetime], None] | None = None,
    ) -> bool:
        """Fold the prints and VI events up to ``now`` (``on_print`` hears each print's price
        and time after it is folded); True when there was a print."""
        code = self.core.code
        day = market.day(code)
        t = market.seconds(now)
        k = day.index_at(t)
        events: list[tuple[float, int, Tick | ViEvent]] = []
        for vi in day.vi_events:
            scope = ViScope.DYNAMIC if vi.dynamic else ViScope.STATIC
            for at, phase in ((vi.start, ViPhase.TRIGGERED), (vi.end, ViPhase.RELEASED)):
                if self.seen_t < at <= t:
                    event = ViEvent(
                        code=code,
                        at=market.at(at),
                        phase=phase,
                        scope=scope,
                        trigger_price=vi.trigger_price,
                    )
                    events.append((float(at), 0, event))
        if k > self.seen_k:
            for p in day.prints(self.seen_k, k):
                tick = Tick(
                    code=code,
                    at=market.at(p.t),
                    price=p.price,
                    quantity=p.qty,
                    side_known=p.k not in day.auction_ks,
                )
                events.append((float(p.t), 1, tick))
        self.seen_k, self.seen_t = max(k, self.seen_k), max(t, self.seen_t)
        printed = False
        for _, _, item in sorted(events, key=lambda e: (e[0], e[1])):
            if isinstance(item, Tick):
                self.core.tick(item)
                printed = True
                if on_print is not None:
                    on_print(item.price, item.at)
            else:
                self.core.vi(item)
        return printed

    def idle(self, market: SyntheticMarket, t: float) -> bool:
        """Tell whether the tape has nothing new up to ``t`` seconds after the open (most
        seconds: it prints every few); if so, the watcher has seen up to ``t`` and
        :meth:`feed` need not run."""
        if t < self.wake_t:
            self.seen_t = max(t, self.seen_t)
            return True
        day = market.day(self.core.code)
        if self.vi_bounds is None:
            self.vi_bounds = sorted(b for v in day.vi_events for b in (v.start, v.end))
        i = bisect.bisect_right(self.vi_bounds, self.seen_t)
        next_vi = self.vi_bounds[i] if i < len(self.vi_bounds) else float("inf")
        next_step = (self.seen_k + 1) * day.step if self.seen_k + 1 < len(day.qty) else None
        self.wake_t = min(next_vi, float("inf") if next_step is None else next_step)
        if t < self.wake_t:
            self.seen_t = max(t, self.seen_t)
            return True
        return False

    def close_bar(self, now: datetime) -> None:
        self.core.close_bar(now)

    def market_view(self, phase: Phase) -> MarketView:
        """The governor's view of this code, from the actor's last report."""
        core = self.core
        price = core.price()
        return MarketView(
            code=core.code,
            last_price=price,
            base_price=core.live.prev_close or price,
            upper_limit=core.upper or 0,
            lower_limit=core.lower or 0,
            phase=phase,
            vi_active=core.vi_active(),
        )

    def consider_entry(self, now: datetime, *, holding: bool, entries_today: int) -> Intent | None:
        """Return an entry intent when the actor would send one to the governor now."""
        ts = now.timestamp()
        return self.core.consider(
            lambda: ts, holding=lambda: holding, entries_today=lambda: entries_today
        )


def reads_of(
    market: SyntheticMarket,
    code: str,
    now: datetime,
    *,
    open_at: datetime,
    prev_volume: int | None,
) -> StockReads:
    """Return what the broker would tell a StockActor of ``code`` starting at ``now``."""
    listing = market.listings[code]
    day = market.day(code)
    t = market.seconds(now)
    k = day.index_at(t)
    bars: tuple[KiwoomBar, ...] = ()
    vi_rows: tuple[ViStock, ...] = ()
    if now > open_at:
        bars = tuple(
            KiwoomBar(
                code=code, time=market.at(minute * 60), open=o, high=h, low=lo, close=c, volume=v
            )
            for minute, o, h, lo, c, v in day.minute_bars(k)
        )
        vi = day.vi_at(t)
        if vi is not None:
            vi_rows = (
                ViStock(
                    code=code,
                    name=listing.name,
                    cum_volume=0,
                    trigger_price=vi.trigger_price,
                    kind="동적" if vi.dynamic else "정적",
                    triggered_at=market.at(vi.start),
                    released_at=None,
                    dynamic_base_price=0,
                    static_base_price=0,
                    dynamic_gap_bp=0,
                    static_gap_bp=0,
                    count=1,
                ),
            )
    return StockReads(
        code=code,
        at=now,
        open_at=open_at,
        name=listing.name,
        base_price=listing.prev_close,
        upper_limit=day.upper,
        lower_limit=day.lower,
        # The scanner's row gives the previous day's volume; without it the actor reads the
        # daily bars, whose previous day is the listing's previous volume.
        prev_volume=prev_volume or listing.prev_volume,
        bars=bars,
        vi=vi_rows,
    )


def start_watching(
    market: SyntheticMarket,
    code: str,
    now: datetime,
    *,
    open_at: datetime,
    opening_range_minutes: int,
    prev_volume: int | None,
    limits: Thresholds,
) -> Watcher:
    """Return a new watcher of ``code`` at ``now``, built as a StockActor builds its core."""
    reads = reads_of(market, code, now, open_at=open_at, prev_volume=prev_volume)
    day = market.day(code)
    t = market.seconds(now)
    return Watcher(
        core=WatchCore(reads, limits, opening_range_minutes), seen_k=day.index_at(t), seen_t=t
    )
