"""Properties of the tick fold over generated sequences, in order and shuffled."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from msgspec import structs

from agent.clock import KST
from agent.marketdata import Tick, apply_tick, new_stock_state
from agent.marketdata.figures import vwap
from agent.marketdata.state import StockState

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)

trade = st.tuples(
    st.integers(min_value=0, max_value=15 * 60_000),  # milliseconds after the open
    st.integers(min_value=1, max_value=2_000_000),  # price in won
    st.integers(min_value=-5_000, max_value=5_000),  # signed quantity
)


def to_ticks(trades: list[tuple[int, int, int]]) -> list[Tick]:
    return [
        Tick(code="005930", at=OPEN + timedelta(milliseconds=ms), price=p, quantity=q)
        for ms, p, q in trades
    ]


def fold(ticks: list[Tick]) -> StockState:
    state = new_stock_state("005930", open_at=OPEN, opening_range_minutes=5)
    for t in ticks:
        state = apply_tick(state, t)
    return state


@given(st.lists(trade, min_size=1, max_size=200))
def test_bars_of_time_ordered_ticks_keep_ohlc_order_and_add_up_to_the_day(
    trades: list[tuple[int, int, int]],
) -> None:
    ticks = to_ticks(sorted(trades, key=lambda t: t[0]))

    state = fold(ticks)

    bars = [*state.bars, *([state.bar] if state.bar else [])]
    for bar in bars:
        assert bar.low <= min(bar.open, bar.close) <= max(bar.open, bar.close) <= bar.high
    starts = [b.start for b in bars]
    assert starts == sorted(set(starts))
    assert sum(b.volume for b in bars) == state.volume == sum(abs(t.quantity) for t in ticks)
    assert sum(b.turnover_won for b in bars) == state.turnover_won
    assert state.late_ticks == 0
    assert state.last_price == ticks[-1].price


@given(st.lists(trade, min_size=1, max_size=200), st.randoms(use_true_random=False))
def test_totals_and_ranges_do_not_depend_on_arrival_order(
    trades: list[tuple[int, int, int]], rnd: random.Random
) -> None:
    ordered = to_ticks(sorted(trades, key=lambda t: t[0]))
    shuffled = list(ordered)
    rnd.shuffle(shuffled)

    a, b = fold(ordered), fold(shuffled)

    assert (a.volume, a.turnover_won, a.buy_volume, a.sell_volume) == (
        b.volume,
        b.turnover_won,
        b.buy_volume,
        b.sell_volume,
    )
    assert (a.day_high, a.day_low, a.opening_range) == (b.day_high, b.day_low, b.opening_range)
    assert a.last_at == b.last_at


@given(st.lists(trade, min_size=1, max_size=200))
def test_vwap_lies_between_the_day_s_low_and_high(trades: list[tuple[int, int, int]]) -> None:
    state = fold(to_ticks(trades))

    value = vwap(state)

    if state.volume == 0:
        assert value is None
    else:
        assert value is not None
        assert state.day_low is not None
        assert state.day_high is not None
        assert state.day_low <= value <= state.day_high


@given(st.lists(trade, min_size=1, max_size=100))
def test_a_tick_carrying_its_timestamp_folds_exactly_like_one_without(
    trades: list[tuple[int, int, int]],
) -> None:
    ticks = to_ticks(trades)
    stamped = [structs.replace(t, ts=t.at.timestamp()) for t in ticks]

    assert fold(stamped) == fold(ticks)
