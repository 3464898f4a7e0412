"""Whatever the orders, the account's books balance and nothing goes negative."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.clock import KST
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Exchange
from krxsim.exchange.orders import Side
from krxsim.exchange.results import Accepted
from krxsim.exchange.rules import ExchangeRules
from krxsim.market.market import SyntheticMarket

DAY = date(2026, 11, 24)
MARKET = SyntheticMarket(seed=8, trading_date=DAY, listed=60, surges=2, step=5)
CODES = sorted(MARKET.listings)[:4]

action = st.tuples(
    st.sampled_from(["buy", "sell", "cancel", "wait"]),
    st.sampled_from(CODES),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=-5, max_value=5),
    st.sampled_from(["0", "3", "10", "20", "6"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(action, min_size=1, max_size=25))
def test_cash_and_shares_always_reconcile_with_the_fills(
    actions: list[tuple[str, str, int, int, str]],
) -> None:
    account = Account("8000000011", 20_000_000)
    exchange = Exchange(MARKET, account, ExchangeRules())
    now = datetime.combine(DAY, time(9, 5), KST)
    for kind, code, qty, ticks, trade_type in actions:
        if kind == "wait":
            now += timedelta(minutes=qty)
            exchange.step(now)
            continue
        if kind == "cancel":
            open_orders = [o for o in exchange.orders.values() if o.is_open]
            if open_orders:
                exchange.cancel(now, open_orders[0].ord_no, open_orders[0].code, 0)
            continue
        book = MARKET.book(code, now)
        price = 0
        if trade_type in ("0", "10", "20"):
            levels = book.bids if ticks < 0 else book.asks
            price = levels[min(abs(ticks), len(levels) - 1)][0] if levels else 0
        side = Side.BUY if kind == "buy" else Side.SELL
        result = exchange.submit(now, side, code, qty, price, trade_type)
        if isinstance(result, Accepted):
            assert result.order.filled <= result.order.qty

    fills = [f for o in exchange.orders.values() for f in o.fills]
    spent = sum(f.price * f.qty + f.commission for f in fills if f.side is Side.BUY)
    received = sum(f.price * f.qty - f.commission - f.tax for f in fills if f.side is Side.SELL)
    assert account.cash == 20_000_000 - spent + received
    assert account.cash >= 0
    assert account.orderable_cash >= 0
    for code in CODES:
        bought = sum(f.qty for f in fills if f.code == code and f.side is Side.BUY)
        sold = sum(f.qty for f in fills if f.code == code and f.side is Side.SELL)
        held = account.holdings.get(code)
        assert (held.qty if held else 0) == bought - sold
        assert account.sellable(code) >= 0
    for order in exchange.orders.values():
        assert order.filled + order.cancelled <= order.qty
        assert len(order.ord_no) == 7
