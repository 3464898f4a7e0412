"""Exposure reserved the moment the governor approves, until the database accounts for it.

An approved order reaches the database only after the router persisted it, a mailbox later. In
that gap the account view cannot know it, so a burst of signals (every opening range completes
at 09:05) would each see the same free cash and the same empty slots. The governor therefore
holds each approval here, keyed by its client order id, and lays the book over every account
view it checks against. A reservation ends as soon as the day's orders in
the database include its id (from then on the order, working or finished, speaks for itself; a
sliced order when every child is there, as the router persists them one by one), or once it is
older than ``ttl`` in market time *and* ``wall_ttl`` in wall time (the router never persisted
it: a restart lost the message, and nothing was sent). Both ages count because an accelerated
demo runs a minute of market time in a second, less than a busy router's mailbox may take. A
restarted governor starts with an empty book: the database alone is then the truth.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from decimal import Decimal

from msgspec import Struct, structs

from agent.domain import Approved
from agent.risk.account import AccountView, PendingOrder, pending_order

__all__ = ["Reservation", "ReservationBook"]


class Reservation(Struct, frozen=True, kw_only=True):
    client_order_id: str
    order: PendingOrder
    at: datetime
    wall: float = 0.0
    """A monotonic wall-clock reading when it was made."""
    parts: int = 1
    """Orders the router makes of it (children ``<id>-1`` ... ``<id>-<parts>`` when sliced)."""


class ReservationBook:
    """The governor's approvals not yet in the database (deterministic, no I/O)."""

    def __init__(self, ttl: timedelta = timedelta(seconds=60), wall_ttl: float = 30.0) -> None:
        self._ttl = ttl
        self._wall_ttl = wall_ttl
        self._held: dict[str, Reservation] = {}

    def __len__(self) -> int:
        return len(self._held)

    def reserve(
        self,
        client_order_id: str,
        order: PendingOrder,
        at: datetime,
        *,
        wall: float = 0.0,
        parts: int = 1,
    ) -> None:
        """Hold ``order`` (its unfilled shares and, for a buy, its cash) from ``at`` (market
        time) and ``wall`` (monotonic seconds) on, until all its ``parts`` are persisted."""
        self._held[client_order_id] = Reservation(
            client_order_id=client_order_id,
            order=structs.replace(order, client_order_id=client_order_id),
            at=at,
            wall=wall,
            parts=max(parts, 1),
        )

    def settle(self, known_ids: Collection[str], now: datetime, wall: float = 0.0) -> None:
        """Drop reservations the database now knows in full, and those past both ages.

        While a sliced order's children arrive, the persisted ones are counted twice (in the
        database and here): the error is on the safe side, and lasts a mailbox turn.
        """
        for cid, reservation in list(self._held.items()):
            if reservation.parts == 1:
                known = cid in known_ids
            else:
                children = (f"{cid}-{n}" for n in range(1, reservation.parts + 1))
                known = all(child in known_ids for child in children)
            expired = now - reservation.at > self._ttl and wall - reservation.wall > self._wall_ttl
            if known or expired:
                del self._held[cid]

    def orders(self) -> tuple[PendingOrder, ...]:
        """The reserved orders."""
        return tuple(r.order for r in self._held.values())

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


def pending_of(approved: Approved, commission_bps: Decimal) -> PendingOrder:
    """Return the working order ``approved`` becomes, as the book reserves it."""
    intent = approved.intent
    return pending_order(
        code=intent.code,
        side=intent.side,
        purpose=intent.purpose,
        remaining=approved.quantity,
        price=approved.limit_price or intent.reference_price,
        commission_bps=commission_bps,
        strategy_tag=intent.strategy_tag,
    )
