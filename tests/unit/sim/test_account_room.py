"""The shared account: shares held from before the day, and 미수 room beyond the cash."""

from __future__ import annotations

from datetime import date, datetime

from agent.clock import KST
from krxsim.exchange import rules as r
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Exchange
from krxsim.exchange.orders import Side
from krxsim.exchange.results import Accepted
from krxsim.exchange.rules import ExchangeRules
from krxsim.market.market import SyntheticMarket

DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=KST)
MARKET = SyntheticMarket(
    seed=3, trading_date=DAY, listed=100, surges=2, step=5, halts=(), limit_down=()
)


def test_shares_held_at_the_start_are_sellable_at_their_average_price() -> None:
    account = Account("8000000011", 1_000_000)
    account.hold_at_start("005930", 10, 61_000)
    exchange = Exchange(MARKET, account, ExchangeRules())

    sold = exchange.submit(NOW, Side.SELL, "005930", 4, 0, "3")

    assert isinstance(sold, Accepted)
    assert sold.order.filled == 4
    held = account.holdings["005930"]
    assert (held.qty, held.avg_price, held.today_bought, held.today_sold) == (6, 61_000, 0, 4)
    assert account.cash > 1_000_000


def test_a_buy_beyond_the_cash_fits_the_margin_room_and_the_cash_goes_negative() -> None:
    account = Account("8000000011", 1_000_000, margin_room=2_000_000)
    exchange = Exchange(MARKET, account, ExchangeRules())
    ask = MARKET.book("005930", NOW).best_ask
    qty = 2_500_000 // ask

    bought = exchange.submit(NOW, Side.BUY, "005930", qty, ask, "0")

    assert isinstance(bought, Accepted)
    assert bought.order.filled == qty
    assert account.cash < 0
    assert account.min_cash == account.cash
    assert account.orderable_cash == account.cash + 2_000_000
    assert account.cash_orderable == account.cash


def test_without_margin_room_the_same_buy_is_refused_for_cash() -> None:
    account = Account("8000000011", 1_000_000)
    exchange = Exchange(MARKET, account, ExchangeRules())
    ask = MARKET.book("005930", NOW).best_ask

    refused = exchange.submit(NOW, Side.BUY, "005930", 2_500_000 // ask, ask, "0")

    assert refused == r.NO_CASH
    assert account.min_cash == 1_000_000
