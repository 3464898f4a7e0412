"""The market view the risk governor checks an intent against, and the stock information
(ka10100) it keeps per day to judge entries."""

from __future__ import annotations

import logging
from datetime import date, datetime

from actors.risk.messages import PriceObserved
from actors.runtime.services import Services
from agent import journal
from agent.broker.errors import BrokerError
from agent.broker.market import ListingInfo
from agent.clock import KST
from agent.core.market import seen_view, view_of
from agent.market.sessions import session_for
from agent.risk.market_view import MarketView

log = logging.getLogger(__name__)


def market_view(
    code: str, now: datetime, seen: PriceObserved | None, services: Services
) -> MarketView:
    """Build the view from the StockActor's last report, or from a broker quote without one."""
    session = session_for(now.astimezone(KST).date(), services.calendar)
    if seen is None:
        # No StockActor reported this code: ask the broker for a quote rather than guess.
        info = services.broker.current().stock_info(code)
        return seen_view(
            code,
            now,
            session,
            price=info.price,
            base_price=info.base_price,
            upper_limit=info.upper_limit,
            lower_limit=info.lower_limit,
        )
    return view_of(seen, now, session)


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
                self._services.record(journal.ListingRead(info=self._cache[key], asker="risk"))
            except BrokerError as exc:
                log.warning("no stock information for %s: %s", code, exc)
                return None
        return self._cache[key]

    def new_day(self, day: date) -> None:
        self._cache = {k: v for k, v in self._cache.items() if k[0] >= day}
