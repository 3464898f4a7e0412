"""Resolve an order whose outcome is unknown: find the broker order it may have become.

After :class:`~agent.broker.errors.OrderOutcomeUnknown` the router reads the broker's open
orders and fills and calls :func:`find_broker_orders`. Exactly one candidate: adopt its order
number. None (after the broker had time to show it): the order was not accepted. Several: the
router must decide (e.g. halt the symbol and ask a human); nothing guesses.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta

import msgspec

from agent.broker.orders import FilledOrder, OpenOrder, OrderAction, OrderRequest
from agent.domain.enums import Side


class Candidate(msgspec.Struct, frozen=True, kw_only=True):
    """A broker order that matches the unknown order's code, side, quantity and price."""

    order_no: str
    time: datetime | None
    source: str
    """"open" (ka10075) or "fill" (ka10076)."""


def _matches(
    side: Side | None,
    action: OrderAction,
    code: str,
    qty: int,
    price: int,
    time: datetime | None,
    *,
    request: OrderRequest,
    earliest: datetime,
    latest: datetime,
) -> bool:
    if side is not request.side or code != request.code or action is not OrderAction.NEW:
        return False
    if qty != request.quantity or price != (request.price or 0):
        return False
    return time is None or earliest <= time <= latest


def find_broker_orders(
    request: OrderRequest,
    sent_at: datetime,
    open_orders: Iterable[OpenOrder],
    fills: Iterable[FilledOrder],
    *,
    known_order_nos: Collection[str] = (),
    clock_skew: timedelta = timedelta(seconds=5),
    window: timedelta = timedelta(minutes=2),
) -> list[Candidate]:
    """Return broker orders that could be ``request`` sent at ``sent_at``, closest first.

    Orders the router already owns (``known_order_nos``) are excluded. Times are compared in a
    window from ``sent_at - clock_skew`` to ``sent_at + window``; rows without a time match on the
    other fields alone. Market orders (no price) match rows whose order price is 0.
    """
    earliest, latest = sent_at - clock_skew, sent_at + window
    found: dict[str, Candidate] = {}
    for o in open_orders:
        if o.order_no not in known_order_nos and _matches(
            o.side,
            o.action,
            o.code,
            o.qty,
            o.price,
            o.time,
            request=request,
            earliest=earliest,
            latest=latest,
        ):
            found[o.order_no] = Candidate(order_no=o.order_no, time=o.time, source="open")
    for f in fills:
        if f.order_no in found or f.order_no in known_order_nos:
            continue
        if _matches(
            f.side,
            f.action,
            f.code,
            f.order_qty,
            f.order_price,
            f.time,
            request=request,
            earliest=earliest,
            latest=latest,
        ):
            found[f.order_no] = Candidate(order_no=f.order_no, time=f.time, source="fill")

    def distance(c: Candidate) -> float:
        return abs((c.time - sent_at).total_seconds()) if c.time else float("inf")

    return sorted(found.values(), key=distance)
