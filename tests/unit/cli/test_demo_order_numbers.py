"""A demo run again on a day its database already traded gets order numbers past the ones it
holds: no broker gives a number twice in a day, and the database refuses a second claim."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from agent.clock import KST
from agent.domain import OrderStatus, Side
from agent.store.engine import session_factory
from agent.store.repositories import OrderRepository
from agent.store.repositories.lots import ExternalOrderRepository
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Exchange
from krxsim.exchange.orders import Side as SimSide
from krxsim.exchange.results import Accepted
from krxsim.exchange.rules import ExchangeRules
from krxsim.market.market import SyntheticMarket
from stockagent.wiring import first_free_order_no
from tests.support.orders import persisted_entry

DAY = date(2026, 11, 24)
AT = datetime(2026, 11, 24, 0, 5, tzinfo=UTC)
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=KST)


def test_the_first_free_number_is_past_every_number_the_day_holds(engine: Engine) -> None:
    sessions = session_factory(engine)
    repo = OrderRepository(sessions)
    numbered = persisted_entry(repo, "run-1", AT)
    repo.transition(numbered, OrderStatus.SENT, AT)
    repo.transition(numbered, OrderStatus.ACCEPTED, AT, broker_order_no="0000003")
    contested = persisted_entry(repo, "run-2", AT)
    repo.transition(contested, OrderStatus.SENT, AT)
    repo.contest(contested, "0000007", AT, numbered)
    ExternalOrderRepository(sessions).record(
        DAY,
        "0000005",
        code="005930",
        side=Side.SELL,
        kind="-매도",
        quantity=1,
        price=0,
        filled=0,
        at=AT,
    )
    yesterday = persisted_entry(repo, "old", AT - timedelta(days=1))
    repo.transition(yesterday, OrderStatus.SENT, AT)
    repo.transition(yesterday, OrderStatus.ACCEPTED, AT, broker_order_no="0000099")

    assert first_free_order_no(engine, DAY) == 8
    assert first_free_order_no(engine, DAY + timedelta(days=1)) == 1


def test_the_simulated_exchange_numbers_from_the_first_number_it_is_given() -> None:
    market = SyntheticMarket(
        seed=3, trading_date=DAY, listed=100, surges=2, step=5, halts=(), limit_down=()
    )
    exchange = Exchange(market, Account("8000000011", 10_000_000), ExchangeRules(first_order_no=8))
    ask = market.book("005930", NOW).best_ask

    first = exchange.submit(NOW, SimSide.BUY, "005930", 1, ask, "0")
    second = exchange.submit(NOW, SimSide.BUY, "005930", 1, ask, "0")

    assert isinstance(first, Accepted)
    assert isinstance(second, Accepted)
    assert (first.order.ord_no, second.order.ord_no) == ("0000008", "0000009")
