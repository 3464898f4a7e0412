"""Ticks become one-minute bars: the bar a trade belongs to, gaps, late ticks, timer closes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.clock import KST
from agent.marketdata import (
    Bar,
    Tick,
    apply_tick,
    bars_closed_between,
    close_bar,
    fill_gaps,
    minute_key,
    minute_start,
    new_stock_state,
)
from agent.marketdata.state import StockState

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)


def at(minute: int, second: float = 0) -> datetime:
    return OPEN + timedelta(minutes=minute, seconds=second)


def tick(when: datetime, price: int, qty: int = 10, cum: int | None = None) -> Tick:
    return Tick(code="005930", at=when, price=price, quantity=qty, cum_volume=cum)


def fold(*ticks: Tick) -> StockState:
    state = new_stock_state("005930", open_at=OPEN, opening_range_minutes=5)
    for t in ticks:
        state = apply_tick(state, t)
    return state


def test_a_trade_at_09_00_59_belongs_to_the_09_00_bar() -> None:
    state = fold(tick(at(0, 59.9), 100))

    assert state.bar is not None
    assert state.bar.start == OPEN


def test_bar_start_is_the_kst_minute_whatever_zone_the_tick_came_in() -> None:
    utc_time = datetime(2026, 11, 24, 0, 3, 30, tzinfo=UTC)

    key = minute_key(utc_time)

    assert minute_start(key) == at(3)
    assert minute_start(key).utcoffset() == timedelta(hours=9)


def test_scripted_ticks_make_the_expected_bars() -> None:
    state = fold(
        tick(at(0, 0), 100, 5),
        tick(at(0, 10), 104, -3),
        tick(at(0, 20), 98, 2),
        tick(at(0, 50), 101, -1),
        tick(at(1, 5), 102, 4),
        tick(at(1, 40), 103, 6),
        tick(at(2, 0), 99, 1),
    )

    first, second = state.bars
    assert (first.open, first.high, first.low, first.close) == (100, 104, 98, 101)
    assert (first.volume, first.turnover_won, first.trades) == (11, 500 + 312 + 196 + 101, 4)
    assert (second.start, second.open, second.close, second.volume) == (at(1), 102, 103, 10)
    assert state.bar is not None
    assert (state.bar.start, state.bar.open, state.bar.volume) == (at(2), 99, 1)


def test_quiet_minutes_make_no_bars() -> None:
    state = fold(tick(at(0, 1), 100), tick(at(3, 1), 101))

    assert [b.start for b in state.bars] == [at(0)]
    assert state.bar is not None
    assert state.bar.start == at(3)


def test_fill_gaps_adds_flat_zero_volume_bars_at_the_previous_close() -> None:
    state = fold(tick(at(0, 1), 100), tick(at(0, 2), 105), tick(at(3, 1), 101))
    assert state.bar is not None

    filled = fill_gaps((*state.bars, state.bar), until=at(5, 30))

    assert [b.start for b in filled] == [at(m) for m in range(5)]
    flat = filled[1]
    assert (flat.open, flat.high, flat.low, flat.close, flat.volume) == (105, 105, 105, 105, 0)
    assert filled[4].close == 101


def test_fill_gaps_of_nothing_is_nothing() -> None:
    assert fill_gaps([], until=at(5)) == []


def test_a_late_tick_inside_the_current_minute_counts_but_does_not_move_the_close() -> None:
    state = fold(tick(at(0, 30), 100), tick(at(0, 40), 102), tick(at(0, 35), 90, 5))

    assert state.bar is not None
    assert (state.bar.low, state.bar.close, state.bar.volume) == (90, 102, 25)
    assert state.last_price == 102
    assert state.late_ticks == 0


def test_a_tick_for_an_already_closed_minute_counts_in_totals_but_changes_no_bar() -> None:
    before = fold(tick(at(0, 30), 100), tick(at(1, 5), 101))

    after = apply_tick(before, tick(at(0, 50), 80, 7))

    assert after.bars == before.bars
    assert after.bar == before.bar
    assert after.late_ticks == 1
    assert after.volume == before.volume + 7
    assert after.day_low == 80
    assert after.last_price == 101


def test_the_same_ticks_in_the_same_order_give_the_same_state() -> None:
    script = [tick(at(0, s), 100 + s % 7, (-1) ** s * s) for s in range(1, 59)]
    script.insert(30, tick(at(0, 3), 95))

    assert fold(*script) == fold(*script)


def test_close_bar_closes_a_quiet_stock_s_bar_once_its_minute_has_passed() -> None:
    state = fold(tick(at(0, 10), 100))

    still_open = close_bar(state, at(0, 59))
    closed = close_bar(state, at(1, 0))

    assert still_open is state
    assert closed.bar is None
    assert [b.start for b in closed.bars] == [at(0)]
    assert bars_closed_between(state, closed) == closed.bars


def test_a_tick_after_a_timer_close_for_the_same_minute_is_late() -> None:
    closed = close_bar(fold(tick(at(0, 10), 100)), at(1, 0))

    after = apply_tick(closed, tick(at(0, 59), 99))

    assert after.bars == closed.bars
    assert after.bar is None
    assert after.late_ticks == 1


def test_bars_closed_between_lists_only_the_newly_closed_bars() -> None:
    before = fold(tick(at(0, 10), 100), tick(at(1, 10), 101))

    after = apply_tick(before, tick(at(2, 10), 102))

    closed = bars_closed_between(before, after)
    assert [b.start for b in closed] == [at(1)]
    assert isinstance(closed[0], Bar)


def test_a_naive_tick_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        fold(tick(datetime(2026, 11, 24, 9, 0, 1), 100))
