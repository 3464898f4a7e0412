"""The per-stock state: totals, the feed's cumulative volume, pre-open ticks, references."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agent.clock import KST
from agent.marketdata import Tick, VolumeBaseline, apply_tick, new_stock_state, with_reference
from agent.marketdata.figures import change_bps, change_within, day_volume, minutes_elapsed
from agent.marketdata.state import StockState

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)


def at(minute: int, second: float = 0) -> datetime:
    return OPEN + timedelta(minutes=minute, seconds=second)


def state_with(*trades: tuple[datetime, int, int], prev_close: int | None = 10_000) -> StockState:
    state = new_stock_state("005930", open_at=OPEN, opening_range_minutes=5, prev_close=prev_close)
    for when, price, qty in trades:
        state = apply_tick(state, Tick(code="005930", at=when, price=price, quantity=qty))
    return state


def test_the_day_s_open_high_low_and_last_follow_the_trades() -> None:
    state = state_with(
        (at(0), 10_100, 5), (at(1), 10_400, 5), (at(2), 9_900, 5), (at(3), 10_200, 1)
    )

    assert (state.day_open, state.day_high, state.day_low, state.last_price) == (
        10_100,
        10_400,
        9_900,
        10_200,
    )
    assert state.last_at == at(3)
    assert state.ticks == 4


def test_ticks_before_the_open_are_ignored_and_counted() -> None:
    state = state_with((OPEN - timedelta(minutes=20), 10_000, 100), (at(0), 10_100, 5))

    assert state.pre_open_ticks == 1
    assert state.volume == 5
    assert state.day_open == 10_100


def test_day_volume_takes_the_feed_s_cumulative_volume_when_ticks_were_missed() -> None:
    state = new_stock_state("005930", open_at=OPEN, opening_range_minutes=5)
    state = apply_tick(
        state, Tick(code="005930", at=at(0), price=100, quantity=5, cum_volume=5_000)
    )
    state = apply_tick(
        state, Tick(code="005930", at=at(1), price=100, quantity=5, cum_volume=4_990)
    )

    assert state.volume == 10
    assert day_volume(state) == 5_000


def test_change_is_in_basis_points_of_the_previous_close_rounded_toward_zero() -> None:
    assert change_bps(state_with((at(0), 10_255, 1))) == 255
    assert change_bps(state_with((at(0), 10_000, 1), prev_close=10_003)) == -2  # -2.999
    assert change_bps(state_with((at(0), 10_000, 1), prev_close=None)) is None


def test_change_within_compares_exactly_at_the_edges() -> None:
    state = state_with((at(0), 10_200, 1))

    assert change_within(state, 200, 2_000) == 0
    assert change_within(state, 201, 2_000) == -1
    assert change_within(state, 0, 199) == 1


def test_references_fetched_later_are_added_without_losing_trades() -> None:
    state = state_with((at(0), 10_100, 5), prev_close=None)

    updated = with_reference(state, prev_close=10_000, baseline=VolumeBaseline(day_total=1_000))

    assert updated.prev_close == 10_000
    assert updated.baseline == VolumeBaseline(day_total=1_000)
    assert updated.volume == 5
    assert with_reference(updated).prev_close == 10_000


def test_minutes_elapsed_counts_the_minute_in_progress() -> None:
    state = state_with()

    assert minutes_elapsed(state, OPEN - timedelta(seconds=1)) == 0
    assert minutes_elapsed(state, at(0, 0)) == 1
    assert minutes_elapsed(state, at(0, 59)) == 1
    assert minutes_elapsed(state, at(10, 0)) == 11


def test_a_tick_for_another_stock_is_refused() -> None:
    state = state_with()

    with pytest.raises(ValueError, match="000660"):
        apply_tick(state, Tick(code="000660", at=at(0), price=100, quantity=1))


def test_a_non_positive_price_is_refused() -> None:
    with pytest.raises(ValueError, match="non-positive"):
        state_with((at(0), 0, 1))
