"""The per-tick paths of the entry rule, held to the rule itself for any state.

``entry_possible`` (state only) may say yes when the rule says no, never the reverse;
``entry_ready`` (the short-circuit conjunction) says exactly what the rule says.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TypeVar

from hypothesis import event, given, settings
from hypothesis import strategies as st
from msgspec import structs

from agent.clock import KST
from agent.domain import Intent
from agent.marketdata import (
    Tick,
    ViEvent,
    ViPhase,
    VolumeBaseline,
    apply_tick,
    apply_vi,
    figures,
    new_stock_state,
)
from agent.marketdata.live import LiveState
from agent.marketdata.state import StockState
from agent.strategy.entry import (
    EntryContext,
    NoEntry,
    TimelyRules,
    entry_possible,
    entry_ready,
    entry_timely,
    evaluate_entry,
)
from agent.strategy.thresholds import Thresholds

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
T = TypeVar("T")


def mostly(usual: st.SearchStrategy[T], other: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """``usual`` five times in six: each rule passes often, so entries are common."""
    return st.integers(0, 5).flatmap(lambda n: other if n == 0 else usual)


@st.composite
def states(draw: st.DrawFn) -> StockState:
    """Opening trades, then later ones drifting around the range high: entries are common."""
    minutes = draw(st.integers(min_value=1, max_value=10))
    state = new_stock_state(
        "005930",
        open_at=OPEN,
        opening_range_minutes=minutes,
        prev_close=draw(mostly(st.just(10_000), st.none() | st.integers(9_000, 11_000))),
        baseline=draw(mostly(st.builds(VolumeBaseline, day_total=st.integers(1, 500)), st.none())),
    )
    quantity = st.integers(-300, 2_000).filter(bool)
    opening = st.tuples(st.integers(0, minutes * 60 - 1), st.integers(9_900, 10_300), quantity)
    later = st.tuples(st.integers(minutes * 60, 60 * 60), st.integers(10_000, 10_600), quantity)
    trades = draw(st.lists(opening, max_size=6)) + draw(st.lists(later, max_size=6))
    for second, price, qty in trades:
        at = OPEN + timedelta(seconds=second)
        state = apply_tick(state, Tick(code="005930", at=at, price=price, quantity=qty))
    high, vwap = state.opening_range.high, figures.vwap(state)
    if high is not None and vwap is not None and draw(st.booleans()):
        # A last trade just around the range high or the VWAP, where the rules flip.
        price = max(high, vwap) + draw(st.integers(-3, 40))
        at = OPEN + timedelta(minutes=61)
        state = apply_tick(state, Tick(code="005930", at=at, price=price, quantity=1))
    if draw(st.integers(0, 5)) == 0:
        vi = ViEvent(code="005930", at=OPEN, phase=ViPhase.TRIGGERED)
        state = apply_vi(state, vi)
    return state


limits = st.builds(
    Thresholds,
    top_n=st.just(5),
    news_threshold=st.integers(0, 80),
    min_change_bps=mostly(st.integers(-500, 0), st.integers(0, 300)),
    max_change_bps=mostly(st.integers(600, 3_000), st.integers(0, 600)),
    min_volume_ratio_bp=mostly(st.integers(0, 20_000), st.integers(20_000, 60_000)),
    window_start=st.just(time(9, 0)),
    window_end=mostly(st.just(time(10, 0)), st.just(time(9, 30))),
    require_news=st.booleans(),
    require_vwap=st.booleans(),
    require_breakout=st.booleans(),
    enabled=mostly(st.just(True), st.just(False)),
)


@settings(max_examples=400, deadline=None)
@given(
    state=states(),
    limits=limits,
    rank=mostly(st.integers(1, 5), st.none()),
    news=mostly(st.integers(50, 100), st.none() | st.integers(0, 50)),
    holding=mostly(st.just(False), st.just(True)),
    minutes=st.integers(0, 62),
    shift=mostly(st.just(0), st.just(60)),
)
def test_the_gates_never_hide_an_entry_and_the_fast_rule_is_the_rule(
    state: StockState,
    limits: Thresholds,
    rank: int | None,
    news: int | None,
    holding: bool,
    minutes: int,
    shift: int,
) -> None:
    now = OPEN + timedelta(minutes=minutes)
    context = EntryContext(watch_rank=rank, news_score=news, holding=holding)
    decision = evaluate_entry(state, context, limits, now, window_shift=timedelta(minutes=shift))

    event("entry" if isinstance(decision, Intent) else "no entry")
    possible = entry_possible(state, limits, rank, news)
    if not possible:
        assert isinstance(decision, NoEntry)
    assert entry_possible(LiveState(state), limits, rank, news) == possible  # the actor's view
    assert entry_ready(state, context, limits, now.timestamp(), shift_s=shift * 60) == isinstance(
        decision, Intent
    )


def opening_limits(**changes: object) -> Thresholds:
    """Every rule on: a 2x volume ratio, a 2-20% change, 09:00-10:00."""
    limits = Thresholds(
        top_n=5,
        news_threshold=60,
        min_change_bps=200,
        max_change_bps=2_000,
        min_volume_ratio_bp=20_000,
        window_start=time(9, 0),
        window_end=time(10, 0),
        require_news=True,
        require_vwap=True,
        require_breakout=True,
        enabled=True,
    )
    return structs.replace(limits, **changes)


def test_the_gate_lets_a_leader_breaking_out_through() -> None:
    state = new_stock_state(
        "005930",
        open_at=OPEN,
        opening_range_minutes=5,
        prev_close=10_000,
        baseline=VolumeBaseline(day_total=1_000),
    )
    for minute, price in ((0, 10_200), (2, 10_300), (6, 10_400)):
        at = OPEN + timedelta(minutes=minute)
        state = apply_tick(state, Tick(code="005930", at=at, price=price, quantity=500))
    limits = opening_limits()

    assert entry_possible(state, limits, 1, 80)
    assert entry_possible(state, limits, 1, 60)  # the threshold itself passes
    assert not entry_possible(state, limits, 1, 40)
    assert not entry_possible(state, limits, None, 80)


@settings(max_examples=150, deadline=None)
@given(
    state=states(),
    limits=limits,
    shift=mostly(st.just(0), st.just(60)),
    offsets=st.lists(st.floats(0, 3_700, allow_nan=False), min_size=1, max_size=25),
    trades=st.lists(st.integers(0, 400), min_size=29, max_size=29),
    odd_open=st.integers(0, 5).map(lambda n: n == 0),
)
def test_the_time_rules_remembered_per_minute_answer_as_entry_timely(
    state: StockState,
    limits: Thresholds,
    shift: int,
    offsets: list[float],
    trades: list[int],
    odd_open: bool,
) -> None:
    if odd_open:  # an open off the whole minute: nothing may be remembered
        state = structs.replace(state, open_ts=state.open_ts + 17, or_end_ts=state.or_end_ts + 17)
    rules, live = TimelyRules(), LiveState(state)  # the actor's view, growing between calls
    # Around the open and the range's end too: where an edge off the minute would be missed.
    edges = [state.open_ts - 7, state.open_ts + 3, state.or_end_ts - 7, state.or_end_ts + 3]
    stamps = sorted([OPEN.timestamp() - 60 + offset for offset in offsets] + edges)
    for ts, quantity in zip(stamps, trades, strict=False):
        if quantity:  # volume moves within a minute: only the comparison may be remembered
            at = datetime.fromtimestamp(max(ts, state.open_ts), KST)
            live.apply(Tick(code="005930", at=at, price=10_000, quantity=quantity))
        assert rules(live, limits, ts, shift_s=shift * 60) == entry_timely(
            live.state(), limits, ts, shift_s=shift * 60
        )


def test_the_remembered_time_rules_see_the_volume_grow_within_the_minute() -> None:
    live = LiveState(
        new_stock_state(
            "005930",
            open_at=OPEN,
            opening_range_minutes=5,
            prev_close=10_000,
            baseline=VolumeBaseline(day_total=1_000_000),
        )
    )
    limits = opening_limits(require_news=False, require_vwap=False, min_change_bps=0)
    at = OPEN + timedelta(minutes=20, seconds=10)
    expected = figures.expected_volume_at(live, at.timestamp())
    assert expected
    needed = 2 * expected  # a 2x ratio
    live.apply(Tick(code="005930", at=at, price=10_100, quantity=needed - 1))
    rules = TimelyRules()

    assert not rules(live, limits, at.timestamp())
    live.apply(Tick(code="005930", at=at, price=10_100, quantity=1))
    assert rules(live, limits, at.timestamp() + 1)
    assert entry_timely(live.state(), limits, at.timestamp() + 1)
