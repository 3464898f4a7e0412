"""The market view the risk governor checks an intent against, and the stock information
(ka10100) it keeps per day to judge entries."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from actors.risk.messages import PriceObserved
from actors.runtime.services import Services
from agent import journal
from agent.clock import KST
from agent.kiwoom.errors import KiwoomError, TransientError
from agent.kiwoom.models.market import ListingInfo
from agent.market.sessions import phase_of, session_for
from agent.market.tick_size import price_limits
from agent.risk.market_view import MarketView
from agent.strategy.thresholds import window_shift_for

log = logging.getLogger(__name__)


def market_view(
    code: str, now: datetime, seen: PriceObserved | None, services: Services
) -> MarketView:
    """Build the view from the StockActor's last report, or from a broker quote without one."""
    session = session_for(now.astimezone(KST).date(), services.calendar)
    phase = phase_of(session, now)
    # Today's open and closing auction: late-opening days move the entry window and the EOD cut.
    shift = timedelta(0) if session is None else window_shift_for(session.open)
    auction = None if session is None else session.closing_auction.start
    if seen is None:
        # No StockActor reported this code: ask the broker for a quote rather than guess.
        info = services.broker.current().stock_info(code)
        base = info.base_price or info.price
        lower, upper = price_limits(base)
        return MarketView(
            code=code,
            last_price=info.price,
            base_price=base,
            upper_limit=info.upper_limit or upper,
            lower_limit=info.lower_limit or lower,
            phase=phase,
            window_shift=shift,
            closing_auction_start=auction,
        )
    base = seen.base_price or seen.price
    lower, upper = price_limits(base)
    return MarketView(
        code=code,
        last_price=seen.price,
        base_price=base,
        upper_limit=seen.upper_limit or upper,
        lower_limit=seen.lower_limit or lower,
        phase=phase,
        vi_active=seen.vi_active,
        halted=seen.halted,
        window_shift=shift,
        closing_auction_start=auction,
    )


class Listings:
    """The broker's stock information per code (halt, designations, kind), cached per day;
    a reading sent with a StockActor's signal replaces the cached one (it is newer)."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._cache: dict[tuple[date, str], ListingInfo] = {}

    def put(self, listing: ListingInfo, now: datetime) -> None:
        self._cache[(now.astimezone(KST).date(), listing.code)] = listing

    def get(self, code: str, now: datetime) -> ListingInfo | None:
        """Return today's reading of ``code``, asking the broker the first time; None when it
        did not answer."""
        key = (now.astimezone(KST).date(), code)
        if key not in self._cache:
            try:
                self._cache[key] = self._services.broker.current().listing_info(code)
                self._services.record(journal.ListingRead(info=self._cache[key]))
            except (KiwoomError, TransientError) as exc:
                log.warning("no stock information for %s: %s", code, exc)
                return None
        return self._cache[key]

    def new_day(self, day: date) -> None:
        self._cache = {k: v for k, v in self._cache.items() if k[0] >= day}
