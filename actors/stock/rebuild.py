"""What a StockActor reads of its stock on start, from the broker alone.

A restarted incarnation never inherits the dead one's memory: the quote gives the name, the
previous close and the price limits; today's minute bars (if started after the open) the
opening range and VWAP; the scanner's ranking row or the daily bars the previous day's volume.
The reads are journaled as they are (:class:`agent.core.watch.StockReads`); the picture is
built from them by :func:`agent.core.watch.picture`, the replay's function too.
"""

from __future__ import annotations

import logging
from datetime import date

from actors.runtime.services import Services
from agent import journal
from agent.broker.errors import BrokerError
from agent.broker.market import Bar as KiwoomBar
from agent.broker.market import ListingInfo, ViStock
from agent.clock import KST
from agent.core.watch import StockReads
from agent.market.sessions import session_for

log = logging.getLogger(__name__)


def read_stock(
    services: Services,
    code: str,
    prev_volume: int | None,
) -> StockReads:
    """Return what the broker says of ``code`` now, journaled: the replay builds the same
    picture from it. The scanner's rank and news score come after it, as messages (journaled
    as ``Ranked`` and ``Scored``)."""
    broker = services.broker.current()
    now = services.clock.now().astimezone(KST)
    session = session_for(now.date(), services.calendar)
    open_at = session.open if session is not None else now.replace(hour=9, minute=0, second=0)
    info = broker.stock_info(code)
    bars: tuple[KiwoomBar, ...] = ()
    vi: tuple[ViStock, ...] = ()
    if now > open_at:
        # Started after the open: today's minute bars rebuild the opening range and VWAP, and
        # the VI list a VI still running (it blocks entries at once).
        bars = tuple(b for b in broker.minute_bars(code) if b.time.date() == now.date())
        vi = _vi_rows(services, code)
    reads = StockReads(
        code=code,
        at=now,
        open_at=open_at,
        name=info.name or code,
        base_price=info.base_price,
        upper_limit=info.upper_limit,
        lower_limit=info.lower_limit,
        prev_volume=prev_volume or _prev_volume(services, code, now.date()),
        bars=bars,
        vi=vi,
        listing=fetch_listing(services, code),
    )
    services.record(journal.Watched(reads=reads))
    return reads


def read_listing(services: Services, code: str) -> ListingInfo | None:
    """Return ka10100's halt, designations and kind of ``code`` (journaled); None when the
    broker did not answer."""
    info = fetch_listing(services, code)
    if info is not None:
        services.record(journal.ListingRead(info=info))
    return info


def fetch_listing(services: Services, code: str) -> ListingInfo | None:
    try:
        return services.broker.current().listing_info(code)
    except BrokerError as exc:
        log.warning("no stock information for %s yet: %s", code, exc)
        return None


def _vi_rows(services: Services, code: str) -> tuple[ViStock, ...]:
    try:
        return tuple(r for r in services.broker.current().vi_stocks() if r.code == code)
    except BrokerError as exc:
        log.warning("no VI list for %s: %s", code, exc)
        return ()


def _prev_volume(services: Services, code: str, today: date) -> int | None:
    """The previous day's volume from the daily bars (None: unknown, no volume ratio)."""
    try:
        days = services.broker.current().daily_bars(code)
    except Exception:
        log.warning("no daily bars for %s: volume ratio unknown", code)
        return None
    previous = [d for d in days if d.day < today]
    if not previous:
        return None
    return max(previous, key=lambda d: d.day).volume
