"""One watched code, as a StockActor keeps it: its market state, rank, news and entry rule.

:func:`start_watching` builds the state as ``actors/stock`` does on start (previous close and
volume baseline, and today's minute bars when it starts after the open); :meth:`Watcher.feed`
folds the tape's new prints and VI events into it with the same pure functions, and
:meth:`Watcher.consider_entry` runs the entry loop the StockActor runs
(:class:`agent.strategy.entry_loop.EntryLoop`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from agent.domain import Intent
from agent.market.sessions import Phase
from agent.marketdata import (
    Bar,
    StockState,
    Tick,
    ViEvent,
    ViPhase,
    ViScope,
    VolumeBaseline,
    apply_tick,
    apply_vi,
    close_bar,
    new_stock_state,
    seed_from_bars,
)
from agent.marketdata.figures import in_vi
from agent.risk.market_view import MarketView
from agent.sim.market.market import SyntheticMarket
from agent.strategy.entry_loop import EntryLoop
from agent.strategy.thresholds import Thresholds


@dataclass
class Watcher:
    """The market picture and entry state of one watched code."""

    code: str
    state: StockState
    upper: int
    lower: int
    seen_k: int
    """Last tape step folded into ``state``."""
    seen_t: float
    """Seconds after the open up to which VI events are folded in."""
    entries: EntryLoop
    """The StockActor's entry loop: rank, news, the retry wait, the stages and the rule."""

    def feed(self, market: SyntheticMarket, now: datetime) -> list[StockState]:
        """Fold the prints and VI events up to ``now``; return the state after each print."""
        day = market.day(self.code)
        t = market.seconds(now)
        k = day.index_at(t)
        events: list[tuple[float, int, Tick | ViEvent]] = []
        for vi in day.vi_events:
            scope = ViScope.DYNAMIC if vi.dynamic else ViScope.STATIC
            for at, phase in ((vi.start, ViPhase.TRIGGERED), (vi.end, ViPhase.RELEASED)):
                if self.seen_t < at <= t:
                    event = ViEvent(
                        code=self.code,
                        at=market.at(at),
                        phase=phase,
                        scope=scope,
                        trigger_price=vi.trigger_price,
                    )
                    events.append((float(at), 0, event))
        if k > self.seen_k:
            for p in day.prints(self.seen_k, k):
                tick = Tick(
                    code=self.code,
                    at=market.at(p.t),
                    price=p.price,
                    quantity=p.qty,
                    side_known=p.k not in day.auction_ks,
                )
                events.append((float(p.t), 1, tick))
        self.seen_k, self.seen_t = max(k, self.seen_k), max(t, self.seen_t)
        states: list[StockState] = []
        for _, _, item in sorted(events, key=lambda e: (e[0], e[1])):
            if isinstance(item, Tick):
                self.state = apply_tick(self.state, item)
                states.append(self.state)
            else:
                self.state = apply_vi(self.state, item)
        return states

    def close_bar(self, now: datetime) -> None:
        self.state = close_bar(self.state, now)

    def price(self) -> int:
        """The price the actor reports to the risk governor: last trade, else previous close."""
        return self.state.last_price or self.state.prev_close or 0

    def market_view(self, phase: Phase) -> MarketView:
        """The governor's view of this code, from the actor's last report."""
        base = self.state.prev_close or self.price()
        return MarketView(
            code=self.code,
            last_price=self.price(),
            base_price=base,
            upper_limit=self.upper,
            lower_limit=self.lower,
            phase=phase,
            vi_active=in_vi(self.state),
        )

    def consider_entry(self, now: datetime, *, holding: bool, entries_today: int) -> Intent | None:
        """Return an entry intent when the actor would send one to the governor now."""
        state = self.state
        ts = now.timestamp()
        return self.entries.consider(
            state,
            lambda: ts,
            frozen=lambda: state,
            holding=lambda: holding,
            entries_today=lambda: entries_today,
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
    window_shift: timedelta,
) -> Watcher:
    """Return a new watcher of ``code`` at ``now``, built as a StockActor builds its state."""
    listing = market.listings[code]
    day = market.day(code)
    # The scanner's row gives the previous day's volume; without it the actor reads the
    # daily bars, whose previous day is the listing's previous volume.
    baseline = VolumeBaseline(day_total=prev_volume or listing.prev_volume)
    state = new_stock_state(
        code,
        open_at=open_at,
        opening_range_minutes=opening_range_minutes,
        prev_close=listing.prev_close,
        baseline=baseline,
    )
    t = market.seconds(now)
    k = day.index_at(t)
    if now > open_at:
        bars = [
            Bar(
                code=code,
                start=market.at(minute * 60),
                open=o,
                high=h,
                low=lo,
                close=c,
                volume=v,
                turnover_won=c * v,  # ka10080 has no turnover: the close stands in
                trades=1,
            )
            for minute, o, h, lo, c, v in day.minute_bars(k)
        ]
        state = seed_from_bars(state, bars)
    watcher = Watcher(
        code=code,
        state=state,
        upper=day.upper,
        lower=day.lower,
        seen_k=k,
        seen_t=t,
        entries=EntryLoop(code, limits, window_shift=window_shift),
    )
    vi = day.vi_at(t)
    if vi is not None:
        watcher.state = apply_vi(
            state,
            ViEvent(code=code, at=market.at(vi.start), phase=ViPhase.TRIGGERED),
        )
    return watcher
