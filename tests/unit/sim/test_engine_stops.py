"""Stop-limit orders (스톱지정가, trde_tp 28) in the matching engine (exchange/stops.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest

from agent.clock import KST
from agent.market.tick_size import ticks_away
from krxsim.exchange import rules as r
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Accepted, Exchange
from krxsim.exchange.orders import OrderEvent, Side, Status
from krxsim.exchange.rules import ExchangeRules, Rejection
from krxsim.market.market import SyntheticMarket
from krxsim.market.path import Print

DAY = date(2026, 11, 24)
CODE = "005930"
STOP = "28"


def make_exchange(**rules: bool) -> Exchange:
    market = SyntheticMarket(seed=3, trading_date=DAY, listed=100, surges=2, step=5)
    account = Account("8000000011", 100_000_000)
    account.hold_at_start(CODE, 10, 50_000)
    return Exchange(market, account, ExchangeRules(**rules))


@pytest.fixture
def exchange() -> Exchange:
    return make_exchange()


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime.combine(DAY, time(hh, mm, ss), KST)


def accepted(result: Accepted | Rejection) -> Accepted:
    assert isinstance(result, Accepted), result
    return result


def first_print(exchange: Exchange, after: datetime, where: Callable[[int], bool]) -> Print:
    """The first print of CODE after ``after`` whose price satisfies ``where``."""
    day = exchange.market.day(CODE)
    for p in day.prints(exchange.market.index(CODE, after), len(day.qty) - 1):
        if where(p.price):
            return p
    raise AssertionError("no such print today")


def of(events: list[OrderEvent], ord_no: str) -> list[OrderEvent]:
    return [e for e in events if e.order.ord_no == ord_no]


def test_an_armed_sell_stop_never_fills_while_the_prints_stay_above_it(exchange: Exchange) -> None:
    now = at(9, 30)
    day = exchange.market.day(CODE)
    k = exchange.market.index(CODE, now)
    window = day.print_price[k + 1 : k + 721][day.qty[k + 1 : k + 721] != 0]
    stop = ticks_away(int(window.min()), -1)
    placed = accepted(exchange.submit(now, Side.SELL, CODE, 5, stop, STOP, stop_price=stop))

    events = exchange.step(now + timedelta(hours=1))

    assert placed.order.armed
    assert placed.order.filled == 0
    assert placed.order.is_open
    assert not of(events, placed.order.ord_no)


def test_a_sell_stop_triggers_on_the_first_print_at_or_below_it_and_sells_at_its_limit(
    exchange: Exchange,
) -> None:
    now = at(9, 30)
    last = exchange.market.quote(CODE, now).price
    fall = first_print(exchange, now, lambda price: price < last)
    placed = accepted(
        exchange.submit(now, Side.SELL, CODE, 5, fall.price, STOP, stop_price=fall.price)
    )
    just_before = exchange.step(exchange.market.at(fall.t - 1))
    assert placed.order.armed
    assert not of(just_before, placed.order.ord_no)

    events = exchange.step(exchange.market.at(fall.t))

    assert not placed.order.armed
    assert placed.order.filled == 5
    fills = [e.fill for e in of(events, placed.order.ord_no) if e.fill is not None]
    assert fills
    assert all(f.price >= fall.price for f in fills)
    assert all(f.at == exchange.market.at(fall.t) for f in fills)
    assert exchange.account.holdings[CODE].qty == 5


def test_a_triggered_sell_stop_whose_limit_is_above_the_market_rests_until_a_print_reaches_it(
    exchange: Exchange,
) -> None:
    now = at(9, 30)
    last = exchange.market.quote(CODE, now).price
    fall = first_print(exchange, now, lambda price: price < last)
    limit = ticks_away(fall.price, 1)
    placed = accepted(exchange.submit(now, Side.SELL, CODE, 5, limit, STOP, stop_price=fall.price))

    exchange.step(exchange.market.at(fall.t))

    assert not placed.order.armed
    assert placed.order.filled == 0
    assert placed.order.is_open
    back = first_print(exchange, exchange.market.at(fall.t), lambda price: price > limit)
    exchange.step(exchange.market.at(back.t))
    assert placed.order.filled > 0
    assert {f.price for f in placed.order.fills} == {limit}


def test_a_buy_stop_triggers_on_the_first_print_at_or_above_it_and_buys_within_its_limit(
    exchange: Exchange,
) -> None:
    now = at(9, 30)
    last = exchange.market.quote(CODE, now).price
    rise = first_print(exchange, now, lambda price: price > last)
    limit = ticks_away(rise.price, 2)
    placed = accepted(exchange.submit(now, Side.BUY, CODE, 3, limit, STOP, stop_price=rise.price))
    exchange.step(exchange.market.at(rise.t - 1))
    assert placed.order.armed

    exchange.step(exchange.market.at(rise.t))

    assert not placed.order.armed
    assert placed.order.filled == 3
    assert all(rise.price < f.price <= limit for f in placed.order.fills)


def test_a_stop_the_last_price_already_meets_triggers_and_fills_at_acceptance(
    exchange: Exchange,
) -> None:
    now = at(9, 30)
    last = exchange.market.quote(CODE, now).price

    placed = accepted(exchange.submit(now, Side.SELL, CODE, 4, last, STOP, stop_price=last))

    accepted_event = placed.events[0].order
    assert (accepted_event.status, accepted_event.trade_label) == (Status.ACCEPTED, "스톱지정가")
    assert [e.fill is not None for e in placed.events[1:]] == [True] * (len(placed.events) - 1)
    assert not placed.order.armed
    assert placed.order.filled == 4
    assert {f.price for f in placed.order.fills} == {last}


def test_an_armed_sell_stop_holds_its_shares_until_cancelled(exchange: Exchange) -> None:
    now = at(9, 30)
    floor = exchange.market.quote(CODE, now).lower
    placed = accepted(exchange.submit(now, Side.SELL, CODE, 6, floor, STOP, stop_price=floor))

    assert exchange.account.sellable(CODE) == 4
    assert exchange.submit(now, Side.SELL, CODE, 5, 0, "3") == r.NO_SHARES

    accepted(exchange.cancel(now, placed.order.ord_no, CODE, 0))

    assert exchange.account.sellable(CODE) == 10
    assert not placed.order.is_open


def test_an_armed_buy_stop_holds_cash_at_its_limit(exchange: Exchange) -> None:
    now = at(9, 30)
    quote = exchange.market.quote(CODE, now)
    before = exchange.account.orderable_cash

    placed = accepted(
        exchange.submit(now, Side.BUY, CODE, 5, quote.upper, STOP, stop_price=quote.upper)
    )

    assert placed.order.armed
    assert before - exchange.account.orderable_cash == 5 * exchange.unit_reserve(
        Side.BUY, quote.upper
    )
    accepted(exchange.cancel(now, placed.order.ord_no, CODE, 0))
    assert exchange.account.orderable_cash == before


def test_without_reserves_an_armed_stop_holds_nothing_and_an_uncovered_trigger_is_refused() -> None:
    exchange = make_exchange(stop_reserves=False)
    now = at(9, 30)
    last = exchange.market.quote(CODE, now).price
    fall = first_print(exchange, now, lambda price: price < last)
    placed = accepted(
        exchange.submit(now, Side.SELL, CODE, 6, fall.price, STOP, stop_price=fall.price)
    )
    assert exchange.account.sellable(CODE) == 10
    accepted(exchange.submit(now, Side.SELL, CODE, 10, 0, "3"))

    events = exchange.step(exchange.market.at(fall.t))

    [refused] = of(events, placed.order.ord_no)
    assert refused.order.status is Status.REJECTED
    assert refused.order.remaining == 0
    assert placed.order.filled == 0


def test_a_stop_accepted_in_the_opening_auction_waits_for_the_opening_print(
    exchange: Exchange,
) -> None:
    open_price = exchange.market.day(CODE).open_price
    stop = max(open_price, exchange.market.listings[CODE].prev_close)
    floor = exchange.market.quote(CODE, at(8, 45)).lower
    placed = accepted(exchange.submit(at(8, 45), Side.SELL, CODE, 2, floor, STOP, stop_price=stop))
    assert placed.order.armed

    exchange.step(at(9, 0, 1))

    assert not placed.order.armed
    assert placed.order.filled == 2
    assert placed.order.fills[0].at == at(9, 0)
    assert placed.order.fills[0].price == open_price


def test_the_closing_print_triggers_a_stop_that_can_no_longer_trade(exchange: Exchange) -> None:
    close = exchange.market.quote(CODE, at(15, 31)).price
    floor = exchange.market.quote(CODE, at(15, 25)).lower
    triggered = accepted(
        exchange.submit(at(15, 25), Side.SELL, CODE, 2, floor, STOP, stop_price=close)
    )
    below = ticks_away(close, -1)
    armed = accepted(exchange.submit(at(15, 25), Side.SELL, CODE, 2, floor, STOP, stop_price=below))

    exchange.step(at(15, 30, 1))
    exchange.step(at(18, 0))

    assert not triggered.order.armed
    assert armed.order.armed
    assert triggered.order.filled == armed.order.filled == 0
    assert exchange.account.holdings[CODE].qty == 10
    assert exchange.submit(at(15, 31), Side.SELL, CODE, 1, 0, "3") == r.AFTER_CLOSE


def test_a_stop_off_the_tick_grid_or_outside_the_limits_is_refused(exchange: Exchange) -> None:
    now = at(9, 30)
    quote = exchange.market.quote(CODE, now)

    off_tick = exchange.submit(now, Side.SELL, CODE, 1, quote.lower, STOP, stop_price=70_050)
    above = exchange.submit(
        now, Side.SELL, CODE, 1, quote.lower, STOP, stop_price=ticks_away(quote.upper, 1)
    )

    assert off_tick == r.OFF_TICK
    assert above == r.OUT_OF_LIMITS


def test_modify_moves_an_armed_stop_and_it_stays_armed_under_the_new_number(
    exchange: Exchange,
) -> None:
    now = at(9, 30)
    floor = exchange.market.quote(CODE, now).lower
    placed = accepted(exchange.submit(now, Side.SELL, CODE, 6, floor, STOP, stop_price=floor))
    higher = ticks_away(floor, 5)

    moved = accepted(exchange.modify(now, placed.order.ord_no, CODE, 0, floor, stop_price=higher))

    assert moved.order.armed
    assert (moved.order.trade_type, moved.order.stop_price) == (STOP, higher)
    assert placed.order.remaining == 0
    assert exchange.account.sellable(CODE) == 4


def test_modify_that_moves_the_stop_through_the_last_price_triggers_at_once(
    exchange: Exchange,
) -> None:
    now = at(9, 30)
    last = exchange.market.quote(CODE, now).price
    floor = exchange.market.quote(CODE, now).lower
    placed = accepted(exchange.submit(now, Side.SELL, CODE, 3, floor, STOP, stop_price=floor))

    moved = accepted(exchange.modify(now, placed.order.ord_no, CODE, 0, last, stop_price=last))

    assert not moved.order.armed
    assert moved.order.filled == 3
    assert exchange.account.holdings[CODE].qty == 7
