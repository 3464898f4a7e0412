"""Turn the broker's cumulative execution reports into fills recorded exactly once.

Kiwoom reports executions two ways: realtime ``00`` pushes (FID 911 체결량 is the order's
cumulative executed quantity, 903 체결누계금액 the cumulative amount) and the ka10076 / ka10075
lists (``cntr_qty`` cumulative, ``cntr_tot_amt`` / ``cntr_pric``). Either can arrive first, twice,
or out of order. So a fill is identified by the cumulative quantity it brings the order to
(``cum:<qty>``): whichever report arrives first records the step, later or older ones add nothing.
"""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.store.repositories.orders import NewFill


class ExecutionReport(Struct, frozen=True, kw_only=True):
    """What the broker says an order has executed so far (cumulative figures)."""

    order_no: str
    cum_qty: int
    cum_amount: int | None
    """Cumulative executed amount in won; None when the source gives only a price."""
    last_price: int
    """Price of the latest execution (or the average, for list sources)."""
    cum_fee: int | None = None
    cum_tax: int | None = None
    at: datetime


class Recorded(Struct, frozen=True, kw_only=True):
    """What the database already holds for the order."""

    qty: int
    amount: int
    fee: int
    tax: int


def next_fill(recorded: Recorded, report: ExecutionReport) -> NewFill | None:
    """Return the fill that brings ``recorded`` up to ``report``, or None if it adds nothing."""
    delta = report.cum_qty - recorded.qty
    if delta <= 0:
        return None
    if report.cum_amount is not None and report.cum_amount > recorded.amount:
        step_amount = report.cum_amount - recorded.amount
        price = (step_amount + delta // 2) // delta
    else:
        price = report.last_price
    fee = max((report.cum_fee or 0) - recorded.fee, 0) if report.cum_fee is not None else 0
    tax = max((report.cum_tax or 0) - recorded.tax, 0) if report.cum_tax is not None else 0
    return NewFill(
        broker_fill_no=f"cum:{report.cum_qty}",
        quantity=delta,
        price=price,
        commission=fee,
        tax=tax,
        filled_at=report.at,
    )
