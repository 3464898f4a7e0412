"""Modify (kt10002) and cancel (kt10003) of open orders.

A modify gets a new order number and becomes the live order for the moved quantity, at the new
price and at the back of the queue (krx-market-rules.md B5); the original keeps whatever was
not moved. A cancel gets a new order number too, as a record; the original loses the quantity.
A stop order keeps its stop through a modify and stays armed if it was (stops.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from krxsim.exchange import rules as r
from krxsim.exchange.orders import Kind, Order, OrderEvent, Side, Status, snapshot
from krxsim.exchange.results import Accepted, Result
from krxsim.exchange.rules import Rejection

if TYPE_CHECKING:
    from krxsim.exchange.engine import Exchange


def _original(exchange: Exchange, orig_ord_no: str, code: str) -> Order | Rejection:
    original = exchange.orders.get(orig_ord_no)
    if original is None or original.code != code or not original.live:
        return r.NO_ORIGINAL
    if original.remaining <= 0:
        return r.NOTHING_LEFT
    return original


def modify(
    exchange: Exchange,
    now: datetime,
    orig_ord_no: str,
    code: str,
    qty: int,
    price: int,
    stop_price: int = 0,
) -> Result:
    """Move ``qty`` (0 = all remaining) of an open order to ``price``; an armed stop's stop
    to ``stop_price`` unless it is 0."""
    refused = exchange.session_check(now)
    if refused is not None:
        return refused
    original = _original(exchange, orig_ord_no, code)
    if isinstance(original, Rejection):
        return original
    if exchange.market.halted(code, now):
        return r.HALTED
    refused = exchange.price_check(code, price, now)
    if refused is None and original.armed and stop_price:
        refused = exchange.price_check(code, stop_price, now)
    if refused is not None:
        return refused
    quote = exchange.market.quote(code, now)
    moved = original.remaining if qty == 0 else qty
    if not 0 < moved <= original.remaining:
        return r.BAD_QTY
    trade_type = original.trade_type if original.kind.kind is Kind.LIMIT else "0"
    if original.side is Side.BUY:
        old_unit = exchange.unit_reserve(Side.BUY, exchange.reserve_price(original, now))
        held = moved * old_unit if exchange.holds(original) else 0
        need = moved * exchange.unit_reserve(Side.BUY, price)
        if need - held > exchange.account.orderable_cash:
            return r.NO_CASH
    replacement = Order(
        exchange.next_ord_no(),
        code,
        original.side,
        trade_type,
        moved,
        price,
        now,
        orig_ord_no,
        "정정",
    )
    replacement.status = Status.CONFIRMED
    replacement.stop_price = stop_price if original.armed and stop_price else original.stop_price
    replacement.armed = original.armed
    replacement.seen_k = exchange.market.index(code, now)
    if not replacement.armed:
        replacement.ahead = exchange.queue_ahead(replacement, now)
    exchange.orders[replacement.ord_no] = replacement
    original.cancelled += moved
    exchange.release(original, now)
    if exchange.holds(replacement):
        exchange.hold(replacement, now)
    events = [
        OrderEvent(order=snapshot(replacement, now)),
        OrderEvent(order=snapshot(original, now)),
    ]
    return Accepted(replacement, events + exchange.enter(replacement, quote, now))


def cancel(exchange: Exchange, now: datetime, orig_ord_no: str, code: str, qty: int) -> Result:
    """Cancel ``qty`` (0 = all remaining) of an open order."""
    refused = exchange.session_check(now)
    if refused is not None:
        return refused
    original = _original(exchange, orig_ord_no, code)
    if isinstance(original, Rejection):
        return original
    cut = original.remaining if qty == 0 else qty
    if not 0 < cut <= original.remaining:
        return r.BAD_QTY
    record = Order(
        exchange.next_ord_no(),
        code,
        original.side,
        original.trade_type,
        cut,
        original.price,
        now,
        orig_ord_no,
        "취소",
    )
    record.status = Status.CONFIRMED
    exchange.orders[record.ord_no] = record
    original.cancelled += cut
    exchange.release(original, now)
    gone = Status.CANCELLED if original.remaining == 0 else None
    events = [
        OrderEvent(order=snapshot(record, now)),
        OrderEvent(order=snapshot(original, now, gone)),
    ]
    return Accepted(record, events)
