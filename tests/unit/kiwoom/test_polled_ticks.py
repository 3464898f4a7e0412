"""Prints from successive multi-quotes: the fallback when no realtime feed is available."""

from __future__ import annotations

from datetime import datetime

import pytest
from msgspec import structs

from agent.broker.market import Quote
from agent.clock import KST
from agent.kiwoom.realtime.polled import ticks_from_quotes

AT = datetime(2026, 11, 24, 9, 12, 30, tzinfo=KST)
QUOTE = Quote(
    code="005930",
    name="삼성전자",
    price=70_100,
    base_price=69_000,
    change=1_100,
    rate_bp=159,
    volume=1_000,
    turnover_won=70_000_000,
    strength_bp=11_000,
    ask=70_200,
    bid=70_100,
    open=69_500,
    high=70_300,
    low=69_400,
    upper_limit=89_700,
    lower_limit=48_300,
    expected_price=0,
    expected_qty=0,
)


def later(quote: Quote, **changes: int) -> Quote:
    return structs.replace(quote, **changes)


def test_the_first_quote_of_a_code_is_a_baseline_not_a_print() -> None:
    ticks, baselines = ticks_from_quotes({}, [QUOTE], AT)

    assert ticks == []
    assert baselines == {"005930": QUOTE}


def test_the_volume_since_the_last_poll_is_one_print_at_the_last_price() -> None:
    now = later(QUOTE, price=70_300, volume=1_250, turnover_won=87_560_000)

    ticks, baselines = ticks_from_quotes({"005930": QUOTE}, [now], AT)

    [tick] = ticks
    assert (tick.code, tick.time, tick.price, tick.qty, tick.side) == (
        "005930",
        AT,
        70_300,
        250,
        None,
    )
    assert (tick.cum_volume, tick.cum_turnover_won, tick.session) == (1_250, 87_560_000, "2")
    assert baselines["005930"] is now


def test_no_volume_no_print_and_a_falling_volume_starts_a_new_baseline() -> None:
    quiet, _ = ticks_from_quotes({"005930": QUOTE}, [QUOTE], AT)
    reset = later(QUOTE, volume=10)
    fallen, baselines = ticks_from_quotes({"005930": QUOTE}, [reset], AT)

    assert quiet == []
    assert fallen == []
    assert baselines["005930"] is reset


def test_codes_are_independent_and_unquoted_codes_keep_their_baseline() -> None:
    other = later(QUOTE, volume=500)
    other = structs.replace(other, code="000660")
    moved = later(QUOTE, volume=1_100)

    ticks, baselines = ticks_from_quotes({"005930": QUOTE, "000660": other}, [moved], AT)

    assert [(t.code, t.qty) for t in ticks] == [("005930", 100)]
    assert baselines["000660"] is other


def test_market_times_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ticks_from_quotes({}, [QUOTE], AT.replace(tzinfo=None))
