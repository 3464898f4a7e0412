from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from agent.clock import KST
from krxsim.exchange import rules as r
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Accepted, Exchange
from krxsim.exchange.fees import commission, sell_tax
from krxsim.exchange.orders import Side, Status
from krxsim.exchange.rules import ExchangeRules, Rejection
from krxsim.market.market import SyntheticMarket

DAY = date(2026, 11, 24)
CODE = "005930"


@pytest.fixture
def exchange() -> Exchange:
    market = SyntheticMarket(seed=3, trading_date=DAY, listed=100, surges=2, step=5)
    return Exchange(market, Account("8000000011", 100_000_000), ExchangeRules())


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime.combine(DAY, time(hh, mm, ss), KST)


def accepted(result: Accepted | Rejection) -> Accepted:
    assert isinstance(result, Accepted), result
    return result


def test_a_market_buy_fills_at_once_from_the_ask_side(exchange: Exchange) -> None:
    now = at(9, 30)
    ask = exchange.market.book(CODE, now).best_ask

    done = accepted(exchange.submit(now, Side.BUY, CODE, 10, 0, "3"))

    assert done.order.ord_no == "0000001"
    assert done.order.filled == 10
    assert done.order.fills[0].price == ask
    assert exchange.account.holdings[CODE].qty == 10
    fee = commission(10 * ask, Decimal("0.00015"), 10)
    assert exchange.account.cash == 100_000_000 - 10 * ask - fee


def test_order_numbers_are_seven_digit_and_increasing(exchange: Exchange) -> None:
    now = at(9, 30)
    bid = exchange.market.book(CODE, now).best_bid
    first = accepted(exchange.submit(now, Side.BUY, CODE, 1, bid - 1_000, "0"))
    second = accepted(exchange.submit(now, Side.BUY, CODE, 1, bid - 1_000, "0"))

    assert (first.order.ord_no, second.order.ord_no) == ("0000001", "0000002")


def test_an_off_tick_limit_price_is_refused_with_rc4003(exchange: Exchange) -> None:
    assert exchange.submit(at(9, 30), Side.BUY, CODE, 1, 70_050, "0") == r.OFF_TICK


def test_orders_outside_the_session_are_refused(exchange: Exchange) -> None:
    assert exchange.submit(at(8, 0), Side.BUY, CODE, 1, 0, "3") == r.BEFORE_OPEN
    assert exchange.submit(at(15, 31), Side.BUY, CODE, 1, 0, "3") == r.AFTER_CLOSE


def test_a_buy_beyond_the_cash_is_refused(exchange: Exchange) -> None:
    assert exchange.submit(at(9, 30), Side.BUY, CODE, 10_000, 0, "3") == r.NO_CASH


def test_selling_shares_not_held_is_refused(exchange: Exchange) -> None:
    assert exchange.submit(at(9, 30), Side.SELL, CODE, 1, 0, "3") == r.NO_SHARES


def test_a_sale_pays_commission_and_tax(exchange: Exchange) -> None:
    now = at(9, 30)
    accepted(exchange.submit(now, Side.BUY, CODE, 10, 0, "3"))
    cash_before = exchange.account.cash
    bid = exchange.market.book(CODE, now).best_bid

    sold = accepted(exchange.submit(now, Side.SELL, CODE, 10, 0, "3"))

    fill = sold.order.fills[0]
    assert fill.price == bid
    assert fill.tax == sell_tax(10 * bid, Decimal("0.0020"))
    assert exchange.account.cash == cash_before + 10 * bid - fill.commission - fill.tax
    assert exchange.account.holdings[CODE].qty == 0


def test_a_resting_limit_buy_fills_when_the_tape_trades_through_it(exchange: Exchange) -> None:
    day = exchange.market.day(CODE)
    now = at(9, 30)
    k = exchange.market.index(CODE, now)
    low_ahead = int(day.print_price[k + 1 : k + 720][day.qty[k + 1 : k + 720] != 0].min())
    placed = accepted(exchange.submit(now, Side.BUY, CODE, 5, low_ahead, "0"))
    assert placed.order.filled == 0

    events = exchange.step(now + timedelta(hours=1))

    assert placed.order.filled == 5
    assert all(e.fill is None or e.fill.price == low_ahead for e in events)


def test_orders_in_the_opening_auction_fill_at_the_open_price(exchange: Exchange) -> None:
    placed = accepted(exchange.submit(at(8, 45), Side.BUY, CODE, 3, 0, "3"))
    assert placed.order.filled == 0

    exchange.step(at(9, 0, 1))

    assert placed.order.fills[0].price == exchange.market.day(CODE).open_price


def test_ioc_and_fok_are_refused_in_the_opening_auction(exchange: Exchange) -> None:
    assert exchange.submit(at(8, 45), Side.BUY, CODE, 3, 0, "13") == r.NOT_IN_AUCTION


def _thin(exchange: Exchange) -> str:
    listings = exchange.market.listings
    return min(listings, key=lambda c: listings[c].prev_volume * listings[c].prev_close)


def test_fok_larger_than_the_book_fills_nothing(exchange: Exchange) -> None:
    now = at(9, 30)
    code = _thin(exchange)
    ask, depth = exchange.market.book(code, now).asks[0]

    done = accepted(exchange.submit(now, Side.BUY, code, depth + 1, ask, "20"))

    assert done.order.filled == 0
    assert done.order.remaining == 0
    assert not done.order.is_open


def test_ioc_fills_what_it_can_and_cancels_the_rest(exchange: Exchange) -> None:
    now = at(9, 30)
    code = _thin(exchange)
    ask, depth = exchange.market.book(code, now).asks[0]

    done = accepted(exchange.submit(now, Side.BUY, code, depth + 5, ask, "10"))

    assert done.order.filled == depth
    assert done.order.cancelled == 5


def test_a_forced_partial_fill_leaves_half_resting(exchange: Exchange) -> None:
    exchange.force_partial = 1

    done = accepted(exchange.submit(at(9, 30), Side.BUY, CODE, 10, 0, "3"))

    assert done.order.filled == 5
    assert done.order.is_open


def test_cancel_with_quantity_zero_cancels_all_remaining(exchange: Exchange) -> None:
    now = at(9, 30)
    bid = exchange.market.book(CODE, now).best_bid
    placed = accepted(exchange.submit(now, Side.BUY, CODE, 7, bid - 2_000, "0"))

    cancel = accepted(exchange.cancel(now, placed.order.ord_no, CODE, 0))

    assert cancel.order.qty == 7
    assert cancel.order.orig_ord_no == placed.order.ord_no
    assert placed.order.remaining == 0
    assert exchange.account.orderable_cash == exchange.account.cash
    assert exchange.cancel(now, placed.order.ord_no, CODE, 0) == r.NOTHING_LEFT


def test_modify_moves_the_remaining_quantity_to_a_new_price(exchange: Exchange) -> None:
    now = at(9, 30)
    bid = exchange.market.book(CODE, now).best_bid
    placed = accepted(exchange.submit(now, Side.BUY, CODE, 4, bid - 2_000, "0"))

    moved = accepted(exchange.modify(now, placed.order.ord_no, CODE, 0, bid - 1_000))

    assert moved.order.qty == 4
    assert moved.order.price == bid - 1_000
    assert moved.order.orig_ord_no == placed.order.ord_no
    assert placed.order.remaining == 0
    assert moved.events[0].order.status is Status.CONFIRMED


def test_an_unknown_original_order_is_refused(exchange: Exchange) -> None:
    assert exchange.cancel(at(9, 30), "0000099", CODE, 0) == r.NO_ORIGINAL


def test_orders_during_a_vi_wait_for_its_uncross_price() -> None:
    market = SyntheticMarket(seed=3, trading_date=DAY, listed=300, surges=4, step=5)
    exchange = Exchange(market, Account("8000000011", 1_000_000_000), ExchangeRules())
    event = market.vi_events(at(15, 0))[0]
    during = market.at(event.start + 10)
    assert market.quote(event.code, during).in_vi

    placed = accepted(exchange.submit(during, Side.BUY, event.code, 3, 0, "3"))
    assert placed.order.filled == 0
    assert exchange.submit(during, Side.BUY, event.code, 3, 0, "13") == r.NOT_IN_AUCTION

    exchange.step(market.at(event.end + 5))

    assert placed.order.fills[0].price == event.release_price
    assert placed.order.fills[0].at >= market.at(event.end)


def test_orders_in_the_closing_auction_fill_at_the_close(exchange: Exchange) -> None:
    placed = accepted(exchange.submit(at(15, 25), Side.BUY, CODE, 2, 0, "3"))
    assert placed.order.filled == 0

    exchange.step(at(15, 30, 1))

    close = exchange.market.quote(CODE, at(15, 31)).price
    assert placed.order.fills[0].price == close


def test_two_orders_in_one_step_share_the_book_s_depth(exchange: Exchange) -> None:
    now = at(9, 30)
    code = _thin(exchange)
    exchange.account.cash = 10_000_000_000
    ask, depth = exchange.market.book(code, now).asks[0]

    first = accepted(exchange.submit(now, Side.BUY, code, depth, ask, "0"))
    second = accepted(exchange.submit(now, Side.BUY, code, 1, ask, "0"))

    assert first.order.filled == depth
    assert second.order.filled == 0
