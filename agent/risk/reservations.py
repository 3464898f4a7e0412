"""Exposure reserved the moment the governor approves, until the database accounts for it.

An approved order reaches the database only after the router persisted it, a mailbox later. In
that gap the account view cannot know it, so a burst of signals (every opening range completes
at 09:05) would each see the same free cash and the same empty slots. The governor therefore
holds each approval here, keyed by its client order id, and lays the book over every account
view it checks against. A reservation ends as soon as the day's orders in the database include
its id (from then on the order, working or finished, speaks for itself), or after ``ttl`` (the
router never persisted it: a restart lost the message, and nothing was sent). A restarted
governor starts with an empty book: the database alone is then the truth.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from msgspec import Struct, structs

from agent.risk.account import AccountView, PendingOrder

__all__ = ["Reservation", "ReservationBook"]


class Reservation(Struct, frozen=True, kw_only=True):
    client_order_id: str
    order: PendingOrder
    at: datetime


class ReservationBook:
    """The governor's approvals not yet in the database (deterministic, no I/O)."""

    def __init__(self, ttl: timedelta = timedelta(seconds=60)) -> None:
        self._ttl = ttl
        self._held: dict[str, Reservation] = {}

    def __len__(self) -> int:
        return len(self._held)

    def reserve(self, client_order_id: str, order: PendingOrder, at: datetime) -> None:
        """Hold ``order`` (its unfilled shares and, for a buy, its cash) from ``at`` on."""
        self._held[client_order_id] = Reservation(
            client_order_id=client_order_id,
            order=structs.replace(order, client_order_id=client_order_id),
            at=at,
        )

    def settle(self, known_ids: Collection[str], now: datetime) -> None:
        """Drop reservations the database now knows (a sliced order's children are named
        ``<id>-<n>``) and those older than the time-to-live."""
        for cid, reservation in list(self._held.items()):
            known = cid in known_ids or any(k.startswith(cid + "-") for k in known_ids)
            if known or now - reservation.at > self._ttl:
                del self._held[cid]

    def exiting(self) -> frozenset[str]:
        """Codes with a reserved sell."""
        return frozenset(r.order.code for r in self._held.values() if r.order.is_exit)

    def apply(self, view: AccountView) -> AccountView:
        """Return ``view`` with every reservation pending and reserved buys' cash taken out."""
        if not self._held:
            return view
        orders = tuple(r.order for r in self._held.values())
        held_cash = sum(o.reserved_won for o in orders if o.is_entry)
        return structs.replace(
            view,
            cash_won=max(view.cash_won - held_cash, 0),
            pending=view.pending + orders,
        )
