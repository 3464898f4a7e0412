"""Modify (kt10002) and cancel (kt10003) of open orders.

A modify gets a new order number and becomes the live order for the moved quantity, at the new
price and at the back of the queue (krx-market-rules.md B5); the original keeps whatever was
not moved. A cancel gets a new order number too, as a record; the original loses the quantity.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from agent.market.tick_size import is_on_tick
from agent.sim.exchange import rules as r
from agent.sim.exchange.orders import Kind, Order, OrderEvent, Side, Status, snapshot
from agent.sim.exchange.results import Accepted, Result
from agent.sim.exchange.rules import Rejection

if TYPE_CHECKING:
    from agent.sim.exchange.engine import Exchange


def _original(exchange: Exchange, orig_ord_no: str, code: str) -> Order | Rejection:
    original = exchange.orders.get(orig_ord_no)
    if original is None or original.code != code or not original.live:
        return r.NO_ORIGINAL
    if original.remaining <= 0:
        return r.NOTHING_LEFT
    return original


def modify(
    exchange: Exchange, now: datetime, orig_ord_no: str, code: str, qty: int, price: int
) -> Result:
    """Move ``qty`` (0 = all remaining) of an open order to ``price``."""
    refused = exchange.session_check(now)
    if refused is not None:
        return refused
    original = _original(exchange, orig_ord_no, code)
    if isinstance(original, Rejection):
        return original
    if exchange.market.halted(code, now):
        return r.HALTED
    if not is_on_tick(price, exchange.market.listings[code].board):
        return r.OFF_TICK
    quote = exchange.market.quote(code, now)
    if not quote.lower <= price <= quote.upper:
        return r.OUT_OF_LIMITS
    moved = original.remaining if qty == 0 else qty
    if not 0 < moved <= original.remaining:
        return r.BAD_QTY
    trade_type = original.trade_type if original.kind.kind is Kind.LIMIT else "0"
    if original.side is Side.BUY:
        old_unit = exchange.unit_reserve(Side.BUY, exchange.reserve_price(original, now))
        extra = moved * (exchange.unit_reserve(Side.BUY, price) - old_unit)
        if extra > exchange.account.orderable_cash:
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
    replacement.seen_k = exchange.market.index(code, now)
    replacement.ahead = exchange.queue_ahead(replacement, now)
    exchange.orders[replacement.ord_no] = replacement
    original.cancelled += moved
    exchange.release(original, now)
    if original.side is Side.BUY:
        reserve = moved * exchange.unit_reserve(Side.BUY, price)
        exchange.account.reserve_buy(replacement.ord_no, reserve)
    else:
        exchange.account.reserve_sell(code, replacement.ord_no, moved)
    events = [
        OrderEvent(order=snapshot(replacement, now)),
        OrderEvent(order=snapshot(original, now)),
    ]
    if not quote.auction:
        events += exchange.take(replacement, now)
    return Accepted(replacement, events)


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
