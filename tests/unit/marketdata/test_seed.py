"""A restarted stock's state rebuilt from recorded bars matches the one that saw the ticks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from msgspec import structs

from agent.clock import KST
from agent.marketdata import Tick, apply_tick, new_stock_state
from agent.marketdata.figures import vwap
from agent.marketdata.seed import seed_from_bars
from agent.marketdata.state import StockState

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
SCRIPT = [(5, 10_000, 30), (40, 10_300, -20), (70, 9_800, 10), (200, 10_500, 50), (400, 10_400, 5)]


def fresh() -> StockState:
    return new_stock_state("005930", open_at=OPEN, opening_range_minutes=5, prev_close=9_900)


def live(script: list[tuple[int, int, int]] = SCRIPT) -> StockState:
    state = fresh()
    for second, price, qty in script:
        tick = Tick(code="005930", at=OPEN + timedelta(seconds=second), price=price, quantity=qty)
        state = apply_tick(state, tick)
    return state


def test_a_state_seeded_from_bars_has_the_totals_and_ranges_of_the_ticks_in_them() -> None:
    closed = live().bars
    in_closed_bars = live(SCRIPT[:-1])  # the last tick is in the bar still open

    seeded = seed_from_bars(fresh(), closed)

    assert seeded.bars == closed
    assert (seeded.volume, seeded.turnover_won) == (
        in_closed_bars.volume,
        in_closed_bars.turnover_won,
    )
    assert vwap(seeded) == vwap(in_closed_bars)
    assert seeded.opening_range == in_closed_bars.opening_range
    assert (seeded.day_open, seeded.day_high, seeded.day_low) == (10_000, 10_500, 9_800)
    assert seeded.last_price == in_closed_bars.last_price


def test_ticks_after_the_seed_continue_the_bars() -> None:
    seeded = seed_from_bars(fresh(), live().bars)
    tick = Tick(code="005930", at=OPEN + timedelta(minutes=8), price=10_600, quantity=1)

    after = apply_tick(seeded, tick)

    assert after.bar is not None
    assert after.bar.start == OPEN + timedelta(minutes=8)
    assert after.last_price == 10_600
    assert after.buy_volume == 1


def test_seeding_nothing_changes_nothing() -> None:
    state = fresh()

    assert seed_from_bars(state, []) is state


def test_only_a_fresh_state_can_be_seeded() -> None:
    with pytest.raises(ValueError, match="fresh"):
        seed_from_bars(live(), live().bars)


def test_bars_out_of_order_are_refused() -> None:
    bars = live().bars

    with pytest.raises(ValueError, match="out of order"):
        seed_from_bars(fresh(), tuple(reversed(bars)))


def test_bars_of_another_stock_are_refused() -> None:
    bars = tuple(structs.replace(b, code="000660") for b in live().bars)

    with pytest.raises(ValueError, match="000660"):
        seed_from_bars(fresh(), bars)
