"""Rebuild a stock's state from its recorded bars after a restart (ARCHITECTURE.md §1).

A restarted StockActor starts from the bars the Recorder persisted, not from the dead actor's
memory. Bars carry turnover, so volume, turnover and VWAP come back exactly; so do the day's
open/high/low, the last price (the last bar's close) and the opening range, whose bounds are
whole minutes when the open is. Buy/sell volume is not in a bar: execution strength restarts
counting from the first tick after the seed. Trades of the minute in progress at the crash were
never recorded as a bar; the feed's cumulative volume (``Tick.cum_volume``) still covers them in
the volume ratio.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import structs

from agent.marketdata.bars import Bar, minute_key
from agent.marketdata.opening_range import widen
from agent.marketdata.state import StockState


def seed_from_bars(state: StockState, bars: Iterable[Bar]) -> StockState:
    """Return the fresh ``state`` as if the trades of ``bars`` (closed, oldest first) were seen.

    Bars before the open are skipped like pre-open ticks. Raises ValueError if ``state`` has
    already seen trades, or a bar is of another stock or out of order.
    """
    if state.ticks or state.bars or state.bar is not None:
        raise ValueError("seed a fresh state only")
    kept: list[Bar] = []
    for bar in bars:
        if bar.code != state.code:
            raise ValueError(f"bar of {bar.code} seeded into the state of {state.code}")
        if kept and bar.start <= kept[-1].start:
            raise ValueError(f"bars out of order at {bar.start.isoformat()}")
        if bar.start.timestamp() >= state.open_ts:
            kept.append(bar)
    if not kept:
        return state
    rng = state.opening_range
    for bar in kept:
        if bar.start.timestamp() < state.or_end_ts:
            rng = widen(widen(rng, bar.high), bar.low)
    last = kept[-1]
    return structs.replace(
        state,
        opening_range=rng,
        last_price=last.close,
        last_at=last.start,
        last_ts=last.start.timestamp(),
        day_open=kept[0].open,
        day_high=max(b.high for b in kept),
        day_low=min(b.low for b in kept),
        volume=sum(b.volume for b in kept),
        turnover_won=sum(b.turnover_won for b in kept),
        bars=tuple(kept),
        bar_key=minute_key(last.start),
        ticks=sum(b.trades for b in kept),
    )
