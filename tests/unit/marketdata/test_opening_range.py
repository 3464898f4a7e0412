"""The opening range: high and low of the first N minutes, complete once they have passed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agent.clock import KST
from agent.marketdata import Tick, apply_tick, new_stock_state
from agent.marketdata.figures import opening_range_complete
from agent.marketdata.opening_range import new_opening_range
from agent.marketdata.state import StockState

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)


def at(minute: int, second: float = 0) -> datetime:
    return OPEN + timedelta(minutes=minute, seconds=second)


def fold(*trades: tuple[datetime, int], minutes: int = 5) -> StockState:
    state = new_stock_state("035720", open_at=OPEN, opening_range_minutes=minutes)
    for when, price in trades:
        state = apply_tick(state, Tick(code="035720", at=when, price=price, quantity=1))
    return state


def test_the_range_is_the_high_and_low_of_the_first_n_minutes() -> None:
    state = fold((at(0, 0), 100), (at(2, 0), 108), (at(4, 59), 95), (at(5, 0), 120), (at(6), 90))

    assert (state.opening_range.high, state.opening_range.low) == (108, 95)
    assert (state.opening_range.start, state.opening_range.end) == (at(0), at(5))


def test_the_range_is_complete_exactly_when_its_minutes_have_passed() -> None:
    state = fold((at(0, 1), 100))

    assert not opening_range_complete(state, at(4, 59.999))
    assert opening_range_complete(state, at(5))


def test_a_quiet_stock_s_range_completes_by_time_alone_but_stays_empty() -> None:
    state = fold()

    assert opening_range_complete(state, at(6))
    assert state.opening_range.high is None


def test_a_late_tick_inside_the_range_still_widens_it() -> None:
    state = fold((at(5, 10), 110), (at(3, 0), 130), minutes=5)

    assert state.opening_range.high == 130


def test_the_range_follows_the_configured_length() -> None:
    state = fold((at(0, 30), 100), (at(1, 30), 150), minutes=1)

    assert state.opening_range.high == 100
    assert opening_range_complete(state, at(1))


def test_a_range_of_no_minutes_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one minute"):
        new_opening_range(OPEN, 0)
