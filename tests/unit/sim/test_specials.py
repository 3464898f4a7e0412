"""The day's special stocks: a halt, designations and a limit-down lock, seeded or configured."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np

from agent.clock import KST
from krxsim.exchange import rules as r
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Exchange
from krxsim.exchange.orders import Side
from krxsim.exchange.results import Accepted
from krxsim.exchange.rules import ExchangeRules
from krxsim.market.listings import REAL_CODES
from krxsim.market.market import SyntheticMarket
from krxsim.market.specials import Designated, Halt, LimitDown
from krxsim.market.status import Designation

DAY = date(2026, 11, 24)


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(2026, 11, 24, hh, mm, ss, tzinfo=KST)


def configured(**specials: object) -> SyntheticMarket:
    base: dict[str, object] = {"halts": (), "designated": (), "limit_down": ()}
    base.update(specials)
    return SyntheticMarket(
        seed=3,
        trading_date=DAY,
        listed=120,
        surges=2,
        step=5,
        **base,  # type: ignore[arg-type]
    )


def test_the_seed_picks_one_halt_two_designations_and_one_limit_down_away_from_surges() -> None:
    market = SyntheticMarket(seed=42, trading_date=DAY, listed=2000, surges=6, step=5)
    again = SyntheticMarket(seed=42, trading_date=DAY, listed=2000, surges=6, step=5)
    specials = market.specials
    codes = [h.code for h in specials.halts] + [d.code for d in specials.designated]
    codes += [x.code for x in specials.limit_down]
    designated = {d.code: d for d in specials.designated}
    regular = {s.code for s in again.script.surges} - set(designated)

    assert specials == again.specials
    assert len(specials.halts) == 1
    assert sorted(d.designation.value for d in specials.designated) == ["관리종목", "투자경고"]
    assert len(specials.limit_down) == 1
    assert len(set(codes)) == 4
    assert not set(codes) & REAL_CODES
    assert not set(codes) & regular
    for d in specials.designated:
        surge = market.script.surge_of(d.code)
        assert surge is not None
        assert d.surge_at is not None
        assert surge.start.time() == d.surge_at
        assert time(9, 0) < d.surge_at < time(10, 0)


def test_the_seeded_halted_stock_leads_the_opening_turnover_then_prints_nothing() -> None:
    market = SyntheticMarket(seed=7, trading_date=DAY, listed=2000, surges=6, step=5)
    halt = market.specials.halts[0]
    halted_at = datetime.combine(DAY, halt.at, KST)
    by_value = sorted(market.quotes(halted_at), key=lambda q: (-q.value, q.code))
    day = market.day(halt.code)
    after = day.prints(market.index(halt.code, halted_at), len(day.qty) - 1)
    later = market.quote(halt.code, at(15, 40))

    assert halt.code in [q.code for q in by_value[:5]]
    assert after == []
    assert later.volume == market.quote(halt.code, halted_at).volume
    assert market.halted(halt.code, halted_at)
    assert not market.halted(halt.code, halted_at - timedelta(seconds=5))


def test_a_stock_halted_from_the_open_never_prints_and_quotes_its_previous_close() -> None:
    market = configured(halts=(Halt(code="035720", at=time(8, 0)),))
    quote = market.quote("035720", at(10, 0))

    assert not market.day("035720").qty.any()
    assert quote.volume == 0
    assert quote.price == market.listings["035720"].prev_close
    assert quote.open == 0


def test_status_fields_follow_the_halt_and_the_designations() -> None:
    market = configured(
        halts=(Halt(code="035720", at=time(9, 30)),),
        designated=(
            Designated(code="000660", designation=Designation.WARNING),
            Designated(code="005380", designation=Designation.ADMINISTRATIVE),
        ),
    )
    before = market.status("035720", at(9, 29))
    halted = market.status("035720", at(9, 30))
    warning = market.status("000660", at(9, 0))
    administrative = market.status("005380", at(9, 0))
    plain = market.status("005930", at(9, 0))

    assert before.state == plain.state == "증거금20%|담보대출|신용가능"
    assert "거래정지" in halted.state.split("|")
    assert (warning.audit_info, warning.order_warning) == ("투자경고", "5")
    assert "관리종목" in administrative.state.split("|")
    assert (administrative.audit_info, administrative.order_warning) == ("정상", "0")
    assert (plain.audit_info, plain.order_warning) == ("정상", "0")


def test_orders_for_a_halted_stock_are_refused_but_open_ones_can_be_cancelled() -> None:
    market = configured(halts=(Halt(code="035720", at=time(9, 30)),))
    exchange = Exchange(market, Account("8000000011", 100_000_000), ExchangeRules())
    low = market.book("035720", at(9, 20)).bids[-1][0]
    resting = exchange.submit(at(9, 20), Side.BUY, "035720", 3, low, "0")
    assert isinstance(resting, Accepted)

    refused = exchange.submit(at(9, 31), Side.BUY, "035720", 1, 0, "3")
    moved = exchange.modify(at(9, 31), resting.order.ord_no, "035720", 0, low)
    cancelled = exchange.cancel(at(9, 31), resting.order.ord_no, "035720", 0)

    assert refused == r.HALTED
    assert refused.code.startswith("RC4")
    assert refused.text == "매매거래정지 종목입니다."
    assert moved == r.HALTED
    assert isinstance(cancelled, Accepted)


def test_a_limit_down_stock_crashes_to_its_lower_limit_and_stays_there() -> None:
    market = configured(limit_down=(LimitDown(code="005930", at=time(10, 0)),))
    day = market.day("005930")
    locked_k = day.locked_k
    assert locked_k is not None
    tail = day.print_price[locked_k:]

    assert market.quote("005930", at(9, 59)).price > day.lower
    assert locked_k * 5 < 3_600 + 15 * 60  # locked within a quarter of an hour (VIs included)
    assert np.all(tail[tail > 0] == day.lower)
    assert market.quote("005930", at(15, 40)).price == day.lower
    assert market.limit_down_queue("005930", at(9, 59)) == 0
    assert market.limit_down_queue("005930", at(14, 0)) > int(np.abs(day.qty[locked_k:]).sum())
    assert market.book("005930", at(14, 0)).bids == ()


def test_a_sell_at_the_lower_limit_of_a_locked_stock_never_fills_but_a_buy_does() -> None:
    market = configured(limit_down=(LimitDown(code="005930", at=time(10, 0)),))
    account = Account("8000000011", 100_000_000)
    account.hold_at_start("005930", 101, 70_000)
    exchange = Exchange(market, account, ExchangeRules())
    lower = market.day("005930").lower

    sell = exchange.submit(at(10, 30), Side.SELL, "005930", 100, lower, "0")
    market_sell = exchange.submit(at(10, 30), Side.SELL, "005930", 1, 0, "3")
    buy = exchange.submit(at(10, 30), Side.BUY, "005930", 5, lower, "0")
    exchange.step(at(15, 40))

    assert isinstance(sell, Accepted)
    assert isinstance(market_sell, Accepted)
    assert isinstance(buy, Accepted)
    assert sell.order.filled == 0
    assert market_sell.order.filled == 0
    assert buy.order.filled == 5
    assert account.holdings["005930"].qty == 106


def test_a_stock_without_a_shock_keeps_the_tape_it_always_had() -> None:
    shocked = configured(
        halts=(Halt(code="035720", at=time(9, 30)),),
        limit_down=(LimitDown(code="005930", at=time(10, 0)),),
    )
    plain = configured()

    for code in ("000660", "005380"):
        assert np.array_equal(shocked.day(code).qty, plain.day(code).qty)
        assert np.array_equal(shocked.day(code).last_price, plain.day(code).last_price)
