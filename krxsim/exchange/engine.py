"""The matching engine: our orders against the synthetic book and tape, under KRX rules.

Pure: no I/O and no clock; every call takes the market time. New orders that are marketable
take liquidity from the synthetic ten-level book at once (a level's size is shared by all our
orders within one step of the tape); the rest rests and fills against later prints: a print
through our limit fills up to its size, a print at our limit half of it. Single-price moments
(the 09:00 open, VI releases, the 15:30 close) fill every marketable resting order at the
uncross price. During auctions (08:30-09:00, a VI, 15:20-15:30) nothing fills at once, and
최유리/최우선 and IOC/FOK are refused. Stop orders wait outside the book until a print reaches
their stop (stops.py).
"""

from __future__ import annotations

from datetime import datetime

from krxsim.exchange import amend, stops
from krxsim.exchange import rules as r
from krxsim.exchange.account import Account
from krxsim.exchange.fees import commission, sell_tax
from krxsim.exchange.orders import (
    TRADE_TYPES,
    Condition,
    Fill,
    Kind,
    Order,
    OrderEvent,
    Side,
    Status,
    snapshot,
)
from krxsim.exchange.results import Accepted, Result
from krxsim.exchange.rules import ExchangeRules, Rejection
from krxsim.market.market import Quote
from krxsim.market.session import Phase, phase_at
from krxsim.rules import is_on_tick

__all__ = ["Accepted", "Exchange", "Result"]
from krxsim.exchange.market import Market
from krxsim.seeded import seeded


class Exchange:
    """Orders of one account on the synthetic market."""

    def __init__(self, market: Market, account: Account, rules: ExchangeRules) -> None:
        self.market = market
        self.account = account
        self.rules = rules
        self.orders: dict[str, Order] = {}
        self._next_ord = rules.first_order_no - 1
        self._next_fill = 0
        self._taken: dict[str, tuple[int, dict[int, int]]] = {}
        """Per code, the step of the book our orders last took from and what they took."""
        self._dice = seeded(f"faults:{rules.fault_seed}")
        self.force_partial = 0
        """Number of coming marketable orders that fill only half at once."""
        self.force_reject = 0
        """Number of coming new orders refused with EXCHANGE_REFUSED."""

    # -- helpers -------------------------------------------------------------------------
    def next_ord_no(self) -> str:
        self._next_ord += 1
        return f"{self._next_ord:07d}"

    def session_check(self, now: datetime) -> Rejection | None:
        clock = now.timetz().replace(tzinfo=None)
        if clock < self.rules.order_open:
            return r.BEFORE_OPEN
        if clock >= self.rules.order_close:
            return r.AFTER_CLOSE
        return None

    def unit_reserve(self, side: Side, price: int) -> int:
        if side is Side.SELL:
            return 0
        return price + commission(price, self.rules.commission_rate, 1) + 1

    def reserve_price(self, order: Order, now: datetime) -> int:
        return order.price or self.market.quote(order.code, now).upper

    def price_check(self, code: str, price: int, now: datetime) -> Rejection | None:
        """Refuse an order price (a limit or a stop) off the tick grid or the day's limits."""
        if not is_on_tick(price, self.market.listings[code].board):
            return r.OFF_TICK
        quote = self.market.quote(code, now)
        if not quote.lower <= price <= quote.upper:
            return r.OUT_OF_LIMITS
        return None

    def matching(self, code: str, now: datetime) -> bool:
        """Tell whether an order entering at ``now`` can trade at once (continuous trading)."""
        return phase_at(now) is Phase.CONTINUOUS and not self.market.quote(code, now).auction

    def holds(self, order: Order) -> bool:
        """Tell whether ``order`` holds cash or shares (an armed stop if the rules say so)."""
        return not order.armed or self.rules.stop_reserves

    def covers(self, order: Order, now: datetime) -> Rejection | None:
        """Refuse ``order``'s remaining quantity if the account cannot cover it."""
        if order.side is Side.BUY:
            need = order.remaining * self.unit_reserve(Side.BUY, self.reserve_price(order, now))
            return r.NO_CASH if need > self.account.orderable_cash else None
        return r.NO_SHARES if order.remaining > self.account.sellable(order.code) else None

    def hold(self, order: Order, now: datetime) -> None:
        """Hold what ``order``'s remaining quantity needs: cash for a buy, shares for a sell."""
        if order.side is Side.BUY:
            unit = self.unit_reserve(Side.BUY, self.reserve_price(order, now))
            self.account.reserve_buy(order.ord_no, order.remaining * unit)
        else:
            self.account.reserve_sell(order.code, order.ord_no, order.remaining)

    def enter(self, order: Order, quote: Quote, now: datetime) -> list[OrderEvent]:
        """Return what follows at once when ``order`` enters: an armed stop whose condition the
        last price already meets triggers; a live order takes the book outside auctions."""
        if order.armed:
            if self.matching(order.code, now) and stops.reached(
                order.side, order.stop_price, quote.price
            ):
                return stops.trigger(self, order, now)
            return []
        return [] if quote.auction else self.take(order, now)

    def queue_ahead(self, order: Order, now: datetime) -> int:
        """Return what rests before a new sell at a lower limit the stock is locked at."""
        if order.side is not Side.SELL:
            return 0
        queue = self.market.limit_down_queue(order.code, now)
        if queue and (order.price == 0 or order.price <= self.market.quote(order.code, now).lower):
            return queue
        return 0

    # -- new orders ----------------------------------------------------------------------
    def submit(
        self,
        now: datetime,
        side: Side,
        code: str,
        qty: int,
        price: int,
        trade_type: str,
        stop_price: int = 0,
    ) -> Result:
        """Take a new order (kt10000 buy / kt10001 sell); ``stop_price`` of a stop order."""
        refused = self.session_check(now)
        if refused is not None:
            return refused
        tt = TRADE_TYPES.get(trade_type)
        if tt is None:
            return r.BAD_TYPE
        if qty <= 0:
            return r.BAD_QTY
        if self.market.halted(code, now):
            return r.HALTED
        quote = self.market.quote(code, now)
        if tt.needs_price:
            refused = self.price_check(code, price, now)
            if refused is not None:
                return refused
        else:
            price = 0
        if tt.stop:
            refused = self.price_check(code, stop_price, now)
            if refused is not None:
                return refused
        if quote.auction and (
            tt.condition is not Condition.NONE or tt.kind in (Kind.BEST, Kind.PRIORITY)
        ):
            return r.NOT_IN_AUCTION
        if self.force_reject > 0 or self._roll(self.rules.reject_per_mille):
            self.force_reject = max(0, self.force_reject - 1)
            return r.EXCHANGE_REFUSED
        if tt.kind in (Kind.BEST, Kind.PRIORITY):
            book = self.market.book(code, now)
            opposite = tt.kind is Kind.BEST
            if (side is Side.BUY) == opposite:
                price = book.best_ask or quote.upper
            else:
                price = book.best_bid or quote.lower
        order = Order(self.next_ord_no(), code, side, trade_type, qty, price, now)
        if tt.stop:
            order.stop_price, order.armed = stop_price, True
        refused = self.covers(order, now)
        if refused is not None:
            self._next_ord -= 1
            return refused
        if self.holds(order):
            self.hold(order, now)
        if not order.armed:
            order.ahead = self.queue_ahead(order, now)
        order.seen_k = self.market.index(code, now)
        self.orders[order.ord_no] = order
        events = [OrderEvent(order=snapshot(order, now))]
        return Accepted(order, events + self.enter(order, quote, now))

    def _roll(self, per_mille: int) -> bool:
        return per_mille > 0 and self._dice.randrange(1000) < per_mille

    def take(self, order: Order, now: datetime) -> list[OrderEvent]:
        """Match a fresh order against the book; apply IOC/FOK and forced partial fills."""
        book = self.market.book(order.code, now)
        k = self.market.index(order.code, now)
        levels = book.asks if order.side is Side.BUY else book.bids
        step, taken = self._taken.get(order.code, (k, {}))
        if step != k:
            taken = {}  # the synthetic book refills with every print
        self._taken[order.code] = (k, taken)
        limit = order.price
        plan: list[tuple[int, int]] = []
        want = order.remaining
        for price, size in levels:
            if limit and (price > limit if order.side is Side.BUY else price < limit):
                break
            free = size - taken.get(price, 0)
            if free <= 0:
                continue
            take = min(free, want)
            plan.append((price, take))
            want -= take
            if want == 0:
                break
        tt = order.kind
        events: list[OrderEvent] = []
        if tt.condition is Condition.FOK and want > 0:
            plan = []
        elif plan and (self.force_partial > 0 or self._roll(self.rules.partial_fill_per_mille)):
            self.force_partial = max(0, self.force_partial - 1)
            half = max(1, order.remaining // 2) if order.remaining > 1 else 0
            trimmed: list[tuple[int, int]] = []
            for price, take in plan:
                if half <= 0:
                    break
                trimmed.append((price, min(take, half)))
                half -= take
            plan = trimmed
        for price, take in plan:
            taken[price] = taken.get(price, 0) + take
            events.append(self._fill(order, price, take, now))
        if tt.condition is not Condition.NONE and order.remaining > 0:
            events.append(self._cancel_rest(order, now))
        return events

    # -- fills ---------------------------------------------------------------------------
    def _fill(self, order: Order, price: int, qty: int, now: datetime) -> OrderEvent:
        amount = price * qty
        fee = commission(amount, self.rules.commission_rate, self.rules.commission_unit)
        tax = sell_tax(amount, self.rules.sell_tax_rate) if order.side is Side.SELL else 0
        self._next_fill += 1
        fill = Fill(
            fill_no=f"{self._next_fill:07d}",
            ord_no=order.ord_no,
            code=order.code,
            side=order.side,
            price=price,
            qty=qty,
            at=now,
            commission=fee,
            tax=tax,
        )
        order.filled += qty
        order.filled_value += amount
        order.commission += fee
        order.tax += tax
        order.fills.append(fill)
        order.status = Status.FILLED
        self.account.apply(fill)
        self.release(order, now)
        return OrderEvent(order=snapshot(order, now), fill=fill)

    def release(self, order: Order, now: datetime) -> None:
        if not self.holds(order):
            return
        unit = self.unit_reserve(order.side, self.reserve_price(order, now))
        self.account.release(order.code, order.ord_no, order.side, order.remaining, unit)

    def _cancel_rest(self, order: Order, now: datetime) -> OrderEvent:
        order.cancelled += order.remaining
        self.release(order, now)
        return OrderEvent(order=snapshot(order, now, Status.CANCELLED))

    def step(self, now: datetime) -> list[OrderEvent]:
        """Match resting orders against the tape printed up to ``now``."""
        events: list[OrderEvent] = []
        t = self.market.seconds(now)
        for order in list(self.orders.values()):
            if not order.is_open:
                continue
            day = self.market.day(order.code)
            k = day.index_at(t)
            if k <= order.seen_k:
                continue
            prints = day.prints(order.seen_k, k)
            order.seen_k = k
            for p in prints:
                if order.remaining <= 0:
                    break
                when = self.market.at(p.t)
                if order.armed:
                    if stops.reached(order.side, order.stop_price, p.price):
                        events += stops.trigger(self, order, when)
                    continue
                size = abs(p.qty)
                if order.ahead:
                    # The queue ahead of us at the lower limit trades first.
                    eaten = min(order.ahead, size)
                    order.ahead -= eaten
                    size -= eaten
                if order.price == 0:
                    fill_price, avail = p.price, size
                elif (p.price > order.price) == (order.side is Side.BUY) and p.price != order.price:
                    continue
                elif p.k in day.auction_ks:
                    fill_price, avail = p.price, size
                else:
                    fill_price = order.price
                    avail = size if p.price != order.price else size // 2
                take = min(order.remaining, avail)
                if take > 0:
                    events.append(self._fill(order, fill_price, take, when))
        return events

    # -- modify and cancel (krxsim/exchange/amend.py) ----------------------------------
    def modify(
        self, now: datetime, orig_ord_no: str, code: str, qty: int, price: int, stop_price: int = 0
    ) -> Result:
        """Move ``qty`` (0 = all remaining) of an open order to ``price`` (kt10002); an armed
        stop's stop moves to ``stop_price`` unless it is 0."""
        return amend.modify(self, now, orig_ord_no, code, qty, price, stop_price)

    def cancel(self, now: datetime, orig_ord_no: str, code: str, qty: int) -> Result:
        """Cancel ``qty`` (0 = all remaining) of an open order (kt10003)."""
        return amend.cancel(self, now, orig_ord_no, code, qty)
