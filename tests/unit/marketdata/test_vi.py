"""VI state from realtime 1h events: triggered, released, duplicates and stale events."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agent.clock import KST
from agent.marketdata import ViEvent, ViPhase, ViScope, apply_vi, new_stock_state
from agent.marketdata.figures import in_vi
from agent.marketdata.state import StockState

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)


def at(minute: int, second: float = 0) -> datetime:
    return OPEN + timedelta(minutes=minute, seconds=second)


def event(when: datetime, phase: ViPhase, code: str = "247540") -> ViEvent:
    return ViEvent(code=code, at=when, phase=phase, scope=ViScope.DYNAMIC, trigger_price=51_000)


def fold(*events: ViEvent) -> StockState:
    state = new_stock_state("247540", open_at=OPEN, opening_range_minutes=5)
    for e in events:
        state = apply_vi(state, e)
    return state


def test_a_trigger_puts_the_stock_in_vi_with_its_time_and_price() -> None:
    state = fold(event(at(3), ViPhase.TRIGGERED))

    assert in_vi(state)
    assert state.vi.triggered_at == at(3)
    assert state.vi.trigger_price == 51_000
    assert state.vi.scope is ViScope.DYNAMIC
    assert state.vi.count == 1


def test_a_release_ends_the_vi_and_keeps_the_times() -> None:
    state = fold(event(at(3), ViPhase.TRIGGERED), event(at(5, 12), ViPhase.RELEASED))

    assert not in_vi(state)
    assert (state.vi.triggered_at, state.vi.released_at) == (at(3), at(5, 12))


def test_vis_are_counted_through_the_day() -> None:
    state = fold(
        event(at(3), ViPhase.TRIGGERED),
        event(at(5), ViPhase.RELEASED),
        event(at(20), ViPhase.TRIGGERED),
    )

    assert in_vi(state)
    assert state.vi.count == 2
    assert state.vi.released_at is None


def test_a_duplicated_trigger_is_counted_once() -> None:
    state = fold(event(at(3), ViPhase.TRIGGERED), event(at(3), ViPhase.TRIGGERED))

    assert state.vi.count == 1


def test_an_event_older_than_the_last_one_changes_nothing() -> None:
    released = fold(event(at(3), ViPhase.TRIGGERED), event(at(5), ViPhase.RELEASED))

    assert apply_vi(released, event(at(3), ViPhase.TRIGGERED)) is released


def test_a_vi_without_a_release_stays_active_however_long_ago() -> None:
    state = fold(event(at(3), ViPhase.TRIGGERED))

    assert in_vi(state)


def test_a_vi_event_for_another_stock_is_refused() -> None:
    with pytest.raises(ValueError, match="005930"):
        fold(event(at(3), ViPhase.TRIGGERED, code="005930"))
