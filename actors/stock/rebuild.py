"""How a StockActor's picture of its stock is rebuilt on start, from the broker alone.

A restarted incarnation never inherits the dead one's memory: the quote gives the name, the
previous close and the price limits; today's minute bars (if started after the open) the
opening range and VWAP; the scanner's ranking row or the daily bars the previous day's volume.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from msgspec import Struct

from actors.runtime.services import Services
from agent import journal
from agent.clock import KST
from agent.kiwoom.errors import KiwoomError, TransientError
from agent.kiwoom.models.market import Bar as KiwoomBar
from agent.kiwoom.models.market import ListingInfo
from agent.market.sessions import session_for
from agent.marketdata import (
    Bar,
    StockState,
    VolumeBaseline,
    apply_vi,
    new_stock_state,
    seed_from_bars,
)
from agent.marketdata.adapters import vi_from_list
from agent.strategy.thresholds import window_shift_for

log = logging.getLogger(__name__)


class Rebuilt(Struct, frozen=True, kw_only=True):
    """What the broker says of one code at start-up."""

    state: StockState
    name: str
    upper_limit: int | None
    lower_limit: int | None
    window_shift: timedelta
    """How far today's open is from 09:00 (late-opening days move the entry window)."""
    listing: ListingInfo | None = None
    """ka10100's halt, designations and kind, fetched here so the risk governor's mailbox
    never waits on it; None when the broker did not answer (the governor then asks)."""


def rebuild(services: Services, code: str, prev_volume: int | None) -> Rebuilt:
    """Return the state of ``code`` as the broker shows it now."""
    broker = services.broker.current()
    now = services.clock.now().astimezone(KST)
    session = session_for(now.date(), services.calendar)
    open_at = session.open if session is not None else now.replace(hour=9, minute=0, second=0)
    info = broker.stock_info(code)
    state = new_stock_state(
        code,
        open_at=open_at,
        opening_range_minutes=services.settings.strategy.opening_range_minutes,
        prev_close=info.base_price or None,
        baseline=_baseline(services, code, prev_volume, now.date()),
    )
    if now > open_at:
        # Started after the open: today's minute bars rebuild the opening range and VWAP.
        today = [b for b in broker.minute_bars(code) if b.time.date() == now.date()]
        state = seed_from_bars(state, sorted((_bar(b) for b in today), key=lambda b: b.start))
        state = _rebuild_vi(services, code, state, now)
    return Rebuilt(
        state=state,
        name=info.name or code,
        upper_limit=info.upper_limit or None,
        lower_limit=info.lower_limit or None,
        window_shift=window_shift_for(open_at),
        listing=read_listing(services, code),
    )


def read_listing(services: Services, code: str) -> ListingInfo | None:
    """Return ka10100's halt, designations and kind of ``code``; None when the broker did not
    answer."""
    try:
        info = services.broker.current().listing_info(code)
        services.record(journal.ListingRead(info=info))
        return info
    except (KiwoomError, TransientError) as exc:
        log.warning("no stock information for %s yet: %s", code, exc)
        return None


def _rebuild_vi(services: Services, code: str, state: StockState, now: datetime) -> StockState:
    """Apply today's VIs of ``code`` from ka10054: one still running blocks entries at once."""
    try:
        rows = [r for r in services.broker.current().vi_stocks() if r.code == code]
    except (KiwoomError, TransientError) as exc:
        log.warning("no VI list for %s: %s", code, exc)
        return state
    rows.sort(key=lambda r: r.triggered_at or now)
    for row in rows:
        for event in vi_from_list(row, now):
            if event.at.astimezone(KST).date() == now.date():
                state = apply_vi(state, event)
    return state


def _baseline(
    services: Services, code: str, prev_volume: int | None, today: date
) -> VolumeBaseline | None:
    if prev_volume:
        # The scanner's ranking row already said the previous day's volume.
        return VolumeBaseline(day_total=prev_volume)
    try:
        days = services.broker.current().daily_bars(code)
    except Exception:
        log.warning("no daily bars for %s: volume ratio unknown", code)
        return None
    previous = [d for d in days if d.day < today]
    if not previous:
        return None
    return VolumeBaseline(day_total=max(previous, key=lambda d: d.day).volume)


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
