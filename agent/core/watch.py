"""One watched code's core: its market picture and its entry loop, stepped by events.

A StockActor (live), the replay (a day's journal) and the backtest (a tape) drive the same
:class:`WatchCore`: it is built from what the broker said of the code when watching started
(:class:`StockReads`, which the live driver journals), then folds trade prints and VI events
and answers, per print, whether an entry intent goes to the risk governor. No clock, thread,
I/O or database: the driver passes the time and answers the two questions that cost a read
(whether the agent holds the code, how many entries it made in it today).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from msgspec import Struct

from agent.broker.market import Bar as KiwoomBar
from agent.broker.market import ListingInfo, ViStock
from agent.clock import KST
from agent.domain import Intent
from agent.marketdata import (
    Bar,
    StockState,
    Tick,
    ViEvent,
    VolumeBaseline,
    apply_vi,
    close_bar,
    new_stock_state,
    seed_from_bars,
)
from agent.marketdata.adapters import Trade, fold_trade, vi_from_list
from agent.marketdata.figures import in_vi
from agent.marketdata.live import LiveState
from agent.marketdata.state import bars_closed_between
from agent.strategy.entry_loop import EntryLoop
from agent.strategy.thresholds import Thresholds, window_shift_for

__all__ = ["StockReads", "WatchCore", "picture"]


class StockReads(Struct, frozen=True, kw_only=True):
    """What the broker said of a code when watching it started, and the scanner's word on it:
    everything a :class:`WatchCore` is built from."""

    code: str
    at: datetime
    """When watching started (market time)."""
    open_at: datetime
    """Today's regular open (a late-opening day moves the entry window with it)."""
    name: str = ""
    base_price: int = 0
    """ka10001's previous close (0: unknown)."""
    upper_limit: int = 0
    lower_limit: int = 0
    prev_volume: int | None = None
    """The previous day's volume: the scanner's ranking row, else the daily bars (ka10081)."""
    bars: tuple[KiwoomBar, ...] = ()
    """Today's minute bars (ka10080) when watching started after the open."""
    vi: tuple[ViStock, ...] = ()
    """Today's VI list rows of the code (ka10054) when watching started after the open."""
    listing: ListingInfo | None = None
    """ka10100's halt, designations and kind (None: the broker did not answer)."""
    rank: int | None = None
    """The code's place on the watch list at start (None: not on it). Journals written since
    the scanner tells a starting StockActor its rank as a message leave these None (the
    ``Ranked`` and ``Scored`` events after it say them); older ones carry them here."""
    volume_rank: int | None = None
    news: int | None = None


def picture(reads: StockReads, opening_range_minutes: int) -> StockState:
    """Return the code's market picture at ``reads.at`` from the broker's reads alone."""
    baseline = VolumeBaseline(day_total=reads.prev_volume) if reads.prev_volume else None
    state = new_stock_state(
        reads.code,
        open_at=reads.open_at,
        opening_range_minutes=opening_range_minutes,
        prev_close=reads.base_price or None,
        baseline=baseline,
    )
    if reads.at <= reads.open_at:
        return state
    today = reads.at.astimezone(KST).date()
    bars = sorted(
        (_bar(b) for b in reads.bars if b.time.astimezone(KST).date() == today),
        key=lambda b: b.start,
    )
    state = seed_from_bars(state, bars)
    for row in sorted(reads.vi, key=lambda r: r.triggered_at or reads.at):
        for event in vi_from_list(row, reads.at):
            if event.at.astimezone(KST).date() == today:
                state = apply_vi(state, event)
    return state


def _bar(bar: KiwoomBar) -> Bar:
    return Bar(
        code=bar.code,
        start=bar.time,
        open=bar.open,
        high=bar.high,
        low=bar.low,
        close=bar.close,
        volume=bar.volume,
        # ka10080 has no turnover: the close stands in for the minute's average price.
        turnover_won=bar.close * bar.volume,
        trades=1,
    )


class WatchCore:
    """The market picture and the entry decisions of one watched code."""

    def __init__(self, reads: StockReads, limits: Thresholds, opening_range_minutes: int) -> None:
        self.code = reads.code
        self.name = reads.name or reads.code
        self.upper: int | None = reads.upper_limit or None
        self.lower: int | None = reads.lower_limit or None
        self.live = LiveState(picture(reads, opening_range_minutes))
        """Folded in place per print; :meth:`state` is the frozen picture."""
        self.entries = EntryLoop(reads.code, limits, window_shift=window_shift_for(reads.open_at))
        self.entries.ranked(reads.rank, reads.volume_rank)
        self.entries.scored(reads.news)
        self.state: Callable[[], StockState] = self.live.state

    # Events
    def trade(self, trade: Trade) -> bool | None:
        """Fold a print as the feed decoded it (or as the journal keeps it): None when it is
        no regular-session trade, else whether it closed the bar in progress (then
        ``live.bars[-1]``)."""
        return fold_trade(self.live, trade)

    def tick(self, tick: Tick) -> bool:
        """Fold a print of a tape (the backtest's); True when it closed the bar in progress."""
        return self.live.apply(tick)

    def vi(self, event: ViEvent) -> None:
        self.live.load(apply_vi(self.live.state(), event))

    def close_bar(self, now: datetime) -> tuple[Bar, ...]:
        """Close the bar in progress if its minute ended by ``now`` (a quiet code); return the
        bars it closed."""
        before = self.live.state()
        after = close_bar(before, now)
        if after is before:
            return ()
        self.live.load(after)
        return bars_closed_between(before, after)

    # The entry decision
    def consider(
        self,
        timestamp: Callable[[], float],
        *,
        holding: Callable[[], bool],
        entries_today: Callable[[], int],
    ) -> Intent | None:
        """Return the entry intent to send to the risk governor after the last print, if any."""
        return self.entries.consider(
            self.live, timestamp, frozen=self.state, holding=holding, entries_today=entries_today
        )

    # What the governor is told
    def price(self) -> int:
        """The last trade, else the previous close (0: neither is known)."""
        live = self.live
        return live.last_price or live.prev_close or 0

    def vi_active(self) -> bool:
        return in_vi(self.live.state())
