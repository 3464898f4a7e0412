"""Reconciliation: the day's orders brought in line with the broker's own lists.

The router runs it at start, on its timer and on every phase change (see
:mod:`agent.orders.service` for the rules that keep money safe; this is rules 3, 4 and the
closing of orders the broker no longer lists). Unknown orders are resolved, every execution
the lists show is recorded once, working orders that vanished are closed, and the broker's
orders no local order owns are handed back as the user's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from msgspec import Struct

from agent.broker.port import BrokerPort
from agent.domain import OrderStatus
from agent.orders.foreign import ForeignOrder, foreign_orders
from agent.orders.lifecycle import WORKING
from agent.orders.reports import ExecutionReport
from agent.orders.resolve import UNRESOLVED, resolve_unknown
from agent.store.repositories.orders import BrokerOrderNoTaken, OrderRepository

__all__ = ["ReconcileResult", "reconcile"]


class ReconcileResult(Struct, frozen=True, kw_only=True):
    """What one reconciliation changed."""

    adopted: tuple[int, ...] = ()
    """Unknown orders found at the broker (local order ids)."""
    not_at_broker: tuple[int, ...] = ()
    """Unknown orders the broker never accepted: safe to decide again."""
    ambiguous: tuple[int, ...] = ()
    """Unknown orders matching several broker orders: a person must look."""
    fills: int = 0
    closed: tuple[int, ...] = ()
    """Working orders the broker no longer lists: cancelled or expired."""
    orphans: tuple[ForeignOrder, ...] = ()
    """Orders at the broker (new ones and modifies) that no local order owns: the user's (HTS,
    MTS, another program), never the agent's business."""


def reconcile(
    repo: OrderRepository,
    broker: BrokerPort,
    now: datetime,
    day: date,
    grace: timedelta,
    apply_report: Callable[[ExecutionReport], bool],
    conflict: Callable[[BrokerOrderNoTaken], None] | None = None,
) -> ReconcileResult:
    """Read the broker's open orders and fills once and settle ``day``'s orders with them;
    ``apply_report`` records an execution once (True when it was new); ``conflict`` sets
    aside a number another order of the day took meanwhile."""
    open_orders = broker.open_orders()
    fills = broker.fills()
    orders = repo.for_day(day)
    adopted, absent, ambiguous = resolve_unknown(
        repo, orders, open_orders, fills, now, grace, conflict
    )

    # The open-order list carries the exact cumulative amount (cntr_tot_amt), so it goes
    # first; the fill list's price is taken as the order's average execution price.
    recorded = 0
    for working in open_orders:
        executed = working.qty - working.open_qty
        if executed > 0:
            report = ExecutionReport(
                order_no=working.order_no,
                cum_qty=executed,
                cum_amount=working.filled_amount or None,
                last_price=working.price,
                at=working.time or now,
            )
            recorded += apply_report(report)

    for row in fills:
        report = ExecutionReport(
            order_no=row.order_no,
            cum_qty=row.fill_qty,
            cum_amount=row.fill_qty * row.fill_price,
            last_price=row.fill_price,
            cum_fee=row.fee,
            cum_tax=row.tax,
            at=row.time or now,
        )
        recorded += apply_report(report)
    closed = _close_vanished(repo, day, {o.order_no for o in open_orders}, now, grace)
    today = repo.for_day(day)
    owned = {o.broker_order_no for o in today if o.broker_order_no}
    # While one of ours is unresolved, a matching broker order may still be it.
    unresolved = {(o.code, o.side.value) for o in today if o.status in UNRESOLVED}
    orphans = foreign_orders(open_orders, fills, owned, unresolved)
    return ReconcileResult(
        adopted=tuple(adopted),
        not_at_broker=tuple(absent),
        ambiguous=tuple(ambiguous),
        fills=recorded,
        closed=tuple(closed),
        orphans=orphans,
    )


def _close_vanished(
    repo: OrderRepository, day: date, open_numbers: set[str], now: datetime, grace: timedelta
) -> list[int]:
    """Working orders the broker no longer lists and that are not fully filled are over."""
    closed: list[int] = []
    for order in repo.for_day(day, WORKING):
        if not order.broker_order_no or order.broker_order_no in open_numbers:
            continue
        if order.sent_at is not None and now - order.sent_at < grace:
            continue  # the broker may not list a brand-new order yet
        if order.filled_quantity < order.quantity:
            repo.transition(
                order.id,
                OrderStatus.CANCELLED,
                now,
                detail={"reason": "no longer open at the broker"},
            )
            closed.append(order.id)
    return closed
