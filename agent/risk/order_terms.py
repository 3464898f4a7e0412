"""Order type and limit price of the orders the governor approves.

- Entries: a limit ``entry_offset_ticks`` above the reference price (the signal price rounded
  *down* to the grid first, so the offset is counted from a price no higher than the signal),
  clipped to the upper limit. A few ticks of room let a breakout order fill without chasing; the
  limit caps what it can pay, and sizing uses that cap.
- Stop-loss exits: per ``stop_order``: a *marketable limit* ``stop_limit_ticks`` below the
  best bid (the default: it cannot sweep a thin KOSDAQ book for any price). The router pulls
  one that does not fill; the governor re-issues it ``stop_limit_ticks`` further through the
  bid each time, and from the :data:`STOP_LIMIT_TRIES`-th re-issue as 최유리지정가, which takes
  the best bid whatever it is. Or 최유리지정가 (``best``) or a market order from the start.
- Liquidation and manual exits: market orders, to get out. Where a market order is not
  accepted (a KRX VI auction, see :func:`agent.market.vi.order_block`) a *marketable limit* at the
  lower limit instead: in a single-price auction it fills at the uncross price exactly as a market
  order would, and the lower limit is the one price that can never be out of bounds.
- End-of-day exits: per policy, a limit ``eod_offset_ticks`` below the reference price, worked
  more aggressive by the re-pricer (the default: there is time before the close), or a market
  order like a stop-loss.
- Take-profit exits: a limit ``take_profit_offset_ticks`` below the reference price (rounded *up*
  to the grid first: never sell for less than asked).
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from agent.domain.enums import OrderPurpose, OrderType, Side
from agent.domain.intents import Intent
from agent.market.sessions import Phase
from agent.market.tick_size import round_down, round_up, ticks_away
from agent.orders.pricing import aggressive_price, clip_to_limits
from agent.risk.limits import OrderTerms
from agent.risk.market_view import MarketView
from agent.risk.reasons import ApprovalNote

__all__ = ["ChosenTerms", "entry_terms", "exit_terms", "market_order_allowed"]

_REGULAR_BOOK = (Phase.OPENING_AUCTION, Phase.CONTINUOUS, Phase.CLOSING_AUCTION)
STOP_LIMIT_TRIES = 3
"""Limits a stop tries before it goes 최유리지정가: a price falling through three ever wider
limits is no time to keep guessing."""


class ChosenTerms(Struct, frozen=True, kw_only=True):
    order_type: OrderType
    limit_price: int | None
    notes: tuple[ApprovalNote, ...] = ()


def market_order_allowed(market: MarketView) -> bool:
    """Tell whether a market order is accepted now: the regular book, and no VI in progress."""
    return market.phase in _REGULAR_BOOK and not market.vi_active and not market.halted


def entry_terms(intent: Intent, market: MarketView, terms: OrderTerms, on: date) -> ChosenTerms:
    """Return the limit buy for an entry (the reference must be below the upper limit)."""
    lower, upper = market.lower_limit, market.upper_limit
    price = aggressive_price(
        intent.reference_price, Side.BUY, terms.entry_offset_ticks, lower, upper, market.board, on
    )
    start = round_down(clip_to_limits(intent.reference_price, lower, upper), market.board, on)
    unclipped = ticks_away(start, terms.entry_offset_ticks, market.board, on)
    notes = (ApprovalNote.CLIPPED_TO_UPPER_LIMIT,) if unclipped > upper else ()
    return ChosenTerms(order_type=OrderType.LIMIT, limit_price=price, notes=notes)


def _sell_limit(intent: Intent, market: MarketView, ticks: int, on: date) -> ChosenTerms:
    lower, upper = market.lower_limit, market.upper_limit
    price = aggressive_price(
        intent.reference_price, Side.SELL, ticks, lower, upper, market.board, on
    )
    start = round_up(clip_to_limits(intent.reference_price, lower, upper), market.board, on)
    try:
        unclipped = ticks_away(start, -ticks, market.board, on)
    except ValueError:  # below the lowest valid price
        unclipped = 0
    notes = (ApprovalNote.CLIPPED_TO_LOWER_LIMIT,) if unclipped < lower else ()
    return ChosenTerms(order_type=OrderType.LIMIT, limit_price=price, notes=notes)


def _get_out(market: MarketView) -> ChosenTerms:
    if market_order_allowed(market):
        return ChosenTerms(order_type=OrderType.MARKET, limit_price=None)
    return ChosenTerms(
        order_type=OrderType.LIMIT,
        limit_price=market.lower_limit,
        notes=(ApprovalNote.MARKETABLE_LIMIT,),
    )


def _stop(intent: Intent, market: MarketView, terms: OrderTerms, on: date) -> ChosenTerms:
    auction = market.phase is not Phase.CONTINUOUS or not market_order_allowed(market)
    if terms.stop_order == "market" or auction:
        return _get_out(market)  # in an auction (or a VI) only a market order is sure to cross
    if terms.stop_order == "best" or intent.attempt >= STOP_LIMIT_TRIES:
        return ChosenTerms(order_type=OrderType.BEST, limit_price=None)
    ticks = terms.stop_limit_ticks * (intent.attempt + 1)
    chosen = _sell_limit(intent, market, ticks, on)
    return ChosenTerms(
        order_type=chosen.order_type,
        limit_price=chosen.limit_price,
        notes=(*chosen.notes, ApprovalNote.THROUGH_THE_PRICE),
    )


def exit_terms(intent: Intent, market: MarketView, terms: OrderTerms, on: date) -> ChosenTerms:
    """Return the sell order for an exit of ``intent.purpose``."""
    if intent.purpose is OrderPurpose.STOP_LOSS:
        return _stop(intent, market, terms, on)
    if intent.purpose is OrderPurpose.TAKE_PROFIT:
        return _sell_limit(intent, market, terms.take_profit_offset_ticks, on)
    if intent.purpose is OrderPurpose.EOD_EXIT and terms.eod_order_type is OrderType.LIMIT:
        return _sell_limit(intent, market, terms.eod_offset_ticks, on)
    return _get_out(market)
