"""Stop-limit orders (스톱지정가, ``trde_tp`` 28): armed outside the book until a print reaches
the stop, then an ordinary limit order.

Kiwoom documents the fields only (kiwoom-rest-api.md §4.2: ``ord_uv`` the limit, ``cond_uv``
the stop, both required); how the broker holds and triggers the order is not public. These are
our choices, each made here and nowhere else (the reservation switch is a setting):

* Acceptance: ``cond_uv`` is checked like a limit price (tick grid RC4003, the day's limits
  RC4004); a stop is taken in auctions too, and on any ``dmst_stex_tp`` (the simulator treats
  NXT/SOR as KRX; krx-market-rules.md names 스톱지정가 among NXT's order types, so the real
  broker may refuse it on KRX).
* Trigger: a sell stop on the first print at or below its stop, a buy stop on the first print
  at or above it; the single-price uncross prints (09:00 open, VI release, 15:30 close) count.
  When the last price already satisfies the condition at acceptance (or at a modify) it
  triggers at once, but only while the market trades continuously: during an auction the
  coming uncross print decides.
* Triggered: a limit order at ``ord_uv`` under the same ``ord_no``, with time priority from the
  trigger: it takes the book at once if the limit crosses, else it rests and fills like any
  resting limit order. It never fills against the print that triggered it. One triggered by
  the 15:30 closing print cannot trade any more that day.
* Realtime 00 reports the 접수 at acceptance, then fills and cancels as for any order; the
  trigger itself sends nothing. ka10075/ka10076 keep ``trde_tp`` 스톱지정가 and ``stop_pric``
  before and after the trigger.
* Reservation (``ExchangeRules.stop_reserves``, ``SimulatorConfig.stop_reserves``, default on):
  while armed the order holds the shares (sell) or the cash at its limit (buy) that a resting
  limit order holds. Off: the account must cover it at acceptance, but nothing is held until
  the trigger; a trigger the account no longer covers is refused (913 거부, nothing remains).
* Day order: it ends with the day like every order (nothing triggers or trades after the
  close; like any open order it stays in ka10075 until the simulated day is over).
* kt10002 of an armed stop: ``mdfy_cond_uv`` moves the stop (empty keeps it) and ``mdfy_uv``
  the limit; the replacement is armed again under its new number, and may trigger at once. A
  triggered stop is modified like a limit order (``mdfy_cond_uv`` is then ignored).
* kt10003 cancels an armed or a triggered stop; an armed one's hold is freed at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from krxsim.exchange.orders import Order, OrderEvent, Side, Status, snapshot

if TYPE_CHECKING:
    from krxsim.exchange.engine import Exchange


def reached(side: Side, stop: int, price: int) -> bool:
    """Tell whether a trade at ``price`` triggers a ``side`` stop at ``stop``."""
    return price <= stop if side is Side.SELL else price >= stop


def trigger(exchange: Exchange, order: Order, now: datetime) -> list[OrderEvent]:
    """Turn the armed ``order`` into a live limit order at ``now``; return what followed."""
    order.armed = False
    if not exchange.rules.stop_reserves:
        if exchange.covers(order, now) is not None:
            order.cancelled += order.remaining
            order.status = Status.REJECTED
            return [OrderEvent(order=snapshot(order, now))]
        exchange.hold(order, now)
    order.ahead = exchange.queue_ahead(order, now)
    if not exchange.matching(order.code, now):
        return []
    return exchange.take(order, now)
