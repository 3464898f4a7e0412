from __future__ import annotations

from datetime import date, datetime, time, timedelta

from agent.clock import KST
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Exchange
from krxsim.exchange.orders import Side
from krxsim.exchange.results import Accepted
from krxsim.exchange.rules import ExchangeRules
from krxsim.replay.recorded import RecordedListing, RecordedMarket, RecordedTick

DAY = date(2026, 11, 20)
OPEN = datetime.combine(DAY, time(9, 0), KST)


def _market() -> RecordedMarket:
    prices = [70_000, 70_100, 70_200, 69_900, 69_800, 70_000]
    ticks = [
        RecordedTick(OPEN + timedelta(seconds=30 * i), price, 100 if i % 2 else -100)
        for i, price in enumerate(prices)
    ]
    return RecordedMarket(
        DAY, [RecordedListing(code="005930", name="삼성전자", prev_close=69_500)], {"005930": ticks}
    )


def test_a_recorded_day_answers_quotes_as_of_any_moment() -> None:
    market = _market()

    before = market.quote("005930", OPEN - timedelta(minutes=1))
    later = market.quote("005930", OPEN + timedelta(seconds=65))

    assert before.auction
    assert before.price == 69_500
    assert (later.open, later.high, later.price, later.volume) == (70_000, 70_200, 70_200, 300)


def test_the_exchange_fills_against_recorded_prints() -> None:
    market = _market()
    exchange = Exchange(market, Account("8000000011", 10_000_000), ExchangeRules())
    now = OPEN + timedelta(seconds=65)

    placed = exchange.submit(now, Side.BUY, "005930", 50, 69_900, "0")
    assert isinstance(placed, Accepted)
    assert placed.order.filled == 0

    exchange.step(OPEN + timedelta(minutes=5))

    assert placed.order.filled == 50
    assert placed.order.fills[0].price == 69_900
