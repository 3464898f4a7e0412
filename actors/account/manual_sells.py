"""Shares the user sold by hand out of the agent's lots.

kt00018 holds fewer shares of a code than the agent's lot: the user sold some of them in
영웅문 or the MTS. Once none of the agent's own orders in the code is working or moved lately
(its own sell's fill may not be recorded yet), the lot shrinks to what the broker holds, the
round trip may close, and a system event says so. The agent never tries to sell shares that
are gone.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from actors import ids
from actors.runtime.services import Services
from agent.broker.account import Balance
from agent.orders.lifecycle import TERMINAL
from agent.portfolio.lots import LotBook, fold_lots, removal_needed
from agent.store.models import EventKind, Severity
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.lots import LotRepository
from agent.store.repositories.trades import TradeRepository

log = logging.getLogger(__name__)

SETTLED_FOR = timedelta(seconds=30)
"""A lot is shrunk to the broker's holding only when none of the agent's orders in the code
moved for this long (market time): a sell of its own whose fill is not recorded yet must not
look like the user's."""


class ManualSells:
    """Shrinks the agent's lots to the broker's holdings, recording each removal once."""

    def __init__(self, services: Services, lots: LotRepository) -> None:
        self._lots = lots
        self._orders = OrderRepository(services.sessions)
        self._trades = TradeRepository(services.sessions)
        self._events = SystemEventRepository(services.sessions)

    def shrink(self, book: LotBook, balance: Balance, now: datetime, today: date) -> LotBook:
        """Give up shares the broker no longer holds; return the book as it is now.

        ``book`` only says which lots to look at: each is read again once its code's orders
        are found settled. The router may record a fill of the agent's own sell between the
        read of ``book`` and that check (its order is then finished, and a fill learned late
        carries the exchange's older time, so the order looks settled already); the shares
        it sold must not be taken for the user's.
        """
        holdings = {h.code: h.qty for h in balance.holdings}
        changed = False
        for code, stale in book.open.items():
            if removal_needed(stale.quantity, holdings.get(code, 0)) == 0:
                continue
            if not self._settled(code, now, today):
                continue
            # An order found finished has its fills committed with that status: read after
            # the check, the lot has them all.
            lot = fold_lots(self._lots.events(code)).open.get(code)
            gone = removal_needed(lot.quantity if lot is not None else 0, holdings.get(code, 0))
            if lot is None or gone == 0:
                changed = True  # the lot moved since ``book`` was read: return it as it is
                continue
            log.warning(
                "%s: the broker holds %d, the agent's lot %d: %d sold by hand, the lot shrinks",
                code,
                holdings.get(code, 0),
                lot.quantity,
                gone,
            )
            self._lots.remove(code, gone, now, broker_quantity=holdings.get(code, 0))
            # A lot emptied by the user's sale may close the agent's round trip.
            self._trades.close_round_trips(code, today)
            self._events.record(
                EventKind.LOT_REDUCED,
                now,
                severity=Severity.WARNING,
                actor_id=ids.ACCOUNT,
                reason=f"{code}: {gone} of the agent's shares were sold outside the agent",
                detail={"code": code, "removed": gone, "lot": lot.quantity},
            )
            changed = True
        return self._lots.book() if changed else book

    def _settled(self, code: str, now: datetime, today: date) -> bool:
        """Tell whether none of the agent's orders in ``code`` is working or moved lately."""
        for order in self._orders.for_day(today):
            if order.code != code:
                continue
            if order.status not in TERMINAL or now - order.updated_at < SETTLED_FOR:
                return False
        return True
