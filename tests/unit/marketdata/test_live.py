"""The in-place fold: always the state ``apply_tick`` gives, and frozen copies stay as taken."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec import structs

from agent.broker.events import TradeTick
from agent.clock import KST
from agent.domain import Side
from agent.marketdata import (
    Tick,
    ViEvent,
    ViPhase,
    VolumeBaseline,
    apply_tick,
    apply_vi,
    close_bar,
    new_stock_state,
)
from agent.marketdata.adapters import fold_trade, tick_from_trade
from agent.marketdata.live import LiveState
from agent.marketdata.state import StockState

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)

ticks = st.builds(
    lambda ms, stamped, price, qty, cum, side_known: Tick(
        code="005930",
        at=OPEN + timedelta(milliseconds=ms),
        price=price,
        quantity=qty,
        cum_volume=cum,
        side_known=side_known,
        ts=(OPEN + timedelta(milliseconds=ms)).timestamp() if stamped else None,
    ),
    st.integers(min_value=-20 * 60_000, max_value=15 * 60_000).map(
        lambda ms: ms - ms % 1000 if ms % 3 else ms  # many trades share a second
    ),
    st.booleans(),
    st.integers(min_value=1, max_value=2_000_000),
    st.integers(min_value=-5_000, max_value=5_000).filter(bool),
    st.none() | st.integers(min_value=0, max_value=10_000_000),
    st.booleans(),
)


def start() -> StockState:
    return new_stock_state(
        "005930",
        open_at=OPEN,
        opening_range_minutes=5,
        prev_close=10_000,
        baseline=VolumeBaseline(day_total=1_000_000),
    )


@given(st.lists(ticks, max_size=150), st.randoms(use_true_random=False))
def test_the_in_place_fold_is_apply_tick_after_every_trade(
    sequence: list[Tick], rnd: random.Random
) -> None:
    rnd.shuffle(sequence)  # late and out-of-order trades, closed bars, pre-open prints
    state, live = start(), LiveState(start())
    for tick in sequence:
        after = apply_tick(state, tick)

        closed = live.apply(tick)

        assert live.state() == after
        assert closed == (len(after.bars) > len(state.bars))
        state = after


@given(st.lists(ticks, min_size=1, max_size=60), st.integers(min_value=0, max_value=59))
def test_rare_changes_made_by_the_pure_functions_are_taken_whole(
    sequence: list[Tick], split: int
) -> None:
    split %= len(sequence)
    live = LiveState(start())
    for tick in sequence[:split]:
        live.apply(tick)
    vi = ViEvent(code="005930", at=OPEN + timedelta(minutes=7), phase=ViPhase.TRIGGERED)
    later = close_bar(apply_vi(live.state(), vi), OPEN + timedelta(hours=1))
    expected = later

    live.load(later)
    for tick in sequence[split:]:
        live.apply(tick)
        expected = apply_tick(expected, tick)

    assert live.state() == expected
    assert live.vi.active


def test_a_frozen_state_does_not_move_with_later_trades() -> None:
    live = LiveState(start())
    live.apply(Tick(code="005930", at=OPEN, price=10_100, quantity=5))
    taken = live.state()

    live.apply(Tick(code="005930", at=OPEN + timedelta(seconds=1), price=10_300, quantity=7))

    assert (taken.last_price, taken.volume, taken.bar and taken.bar.close) == (10_100, 5, 10_100)
    assert (live.state().last_price, live.state().volume) == (10_300, 12)
    assert live.state() is live.state()  # built once per change


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"code": "000660"}, "applied to the state of 005930"),
        ({"price": 0}, "non-positive trade price"),
        ({"at": datetime(2026, 11, 24, 9, 1)}, "timezone-aware"),
    ],
)
def test_a_bad_tick_is_refused_as_apply_tick_refuses_it(
    bad: dict[str, object], message: str
) -> None:
    fields: dict[str, object] = {"code": "005930", "at": OPEN, "price": 100, "quantity": 1}
    tick = Tick(**{**fields, **bad})  # type: ignore[arg-type]
    live = LiveState(start())

    with pytest.raises(ValueError, match=message):
        apply_tick(start(), tick)
    with pytest.raises(ValueError, match=message):
        live.apply(tick)
    assert live.state() == start()


def test_a_state_whose_bar_lies_outside_the_day_is_refused() -> None:
    state = apply_tick(start(), Tick(code="005930", at=OPEN, price=10_100, quantity=5))
    assert state.bar is not None
    broken = structs.replace(state, day_high=10_000)

    with pytest.raises(ValueError, match="outside the day's range"):
        LiveState(broken)


prints = st.builds(
    lambda s, price, qty, side, session, cum: TradeTick(
        code="005930",
        time=OPEN + timedelta(seconds=s),
        price=price,
        change=0,
        rate_bp=0,
        qty=qty,
        side=side,
        ask=0,
        bid=0,
        cum_volume=cum,
        cum_turnover_won=0,
        open=0,
        high=0,
        low=0,
        strength_bp=0,
        session=session,
    ),
    st.integers(min_value=-60, max_value=900),
    st.integers(min_value=0, max_value=200_000),
    st.integers(min_value=0, max_value=1_000),
    st.sampled_from([Side.BUY, Side.SELL, None]),
    st.sampled_from(["2", " 2", "1", "3"]),
    st.integers(min_value=0, max_value=1_000_000),
)


@given(st.lists(prints, max_size=80))
def test_fold_trade_is_the_adapter_s_tick_applied(trades: list[TradeTick]) -> None:
    by_tick, live = LiveState(start()), LiveState(start())
    for trade in trades:
        tick = tick_from_trade(trade)

        outcome = fold_trade(live, trade)

        assert (outcome is None) == (tick is None)
        if tick is not None:
            assert outcome == by_tick.apply(tick)
        assert live.state() == by_tick.state()
