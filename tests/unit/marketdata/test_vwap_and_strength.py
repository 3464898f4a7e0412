"""VWAP in integer won, exact comparisons against it, and execution strength (체결강도)."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.clock import KST
from agent.marketdata import Tick, apply_tick, new_stock_state
from agent.marketdata.figures import price_vs_vwap, strength_bp, vwap
from agent.marketdata.strength import execution_strength_bp
from agent.marketdata.vwap import compare_to_vwap, vwap_won

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)


def test_vwap_is_turnover_over_volume_in_whole_won() -> None:
    assert vwap_won(1_000_000, 100) == 10_000


def test_vwap_rounds_half_up_to_the_won() -> None:
    assert vwap_won(25, 10) == 3  # 2.5
    assert vwap_won(24, 10) == 2  # 2.4
    assert vwap_won(26, 10) == 3  # 2.6


def test_vwap_is_none_before_any_volume() -> None:
    assert vwap_won(0, 0) is None
    assert compare_to_vwap(100, 0, 0) is None


def test_vwap_of_large_days_is_exact_where_floats_would_drift() -> None:
    volume = 123_456_789
    turnover = 987_654_321_987_654_321  # beyond a float's 53-bit mantissa

    assert vwap_won(turnover, volume) == (2 * turnover + volume) // (2 * volume)
    assert vwap_won(turnover, volume) == 8_000_000_081


def test_a_price_one_won_above_a_fractional_vwap_is_above_it() -> None:
    # VWAP 100.5 displays as 101, but 101 is above it and 100 is below it.
    assert compare_to_vwap(101, 201, 2) == 1
    assert compare_to_vwap(100, 201, 2) == -1
    assert compare_to_vwap(100, 200, 2) == 0


def test_state_vwap_follows_the_trades() -> None:
    state = new_stock_state("000660", open_at=OPEN, opening_range_minutes=5)
    for second, price, qty in [(1, 10_000, 30), (2, 10_100, -10), (3, 10_050, 60)]:
        tick = Tick(code="000660", at=OPEN + timedelta(seconds=second), price=price, quantity=qty)
        state = apply_tick(state, tick)

    assert state.volume == 100
    assert state.turnover_won == 300_000 + 101_000 + 603_000
    assert vwap(state) == 10_040
    assert price_vs_vwap(state) == 1


def test_execution_strength_is_buy_over_sell_volume_times_100_in_bp() -> None:
    assert execution_strength_bp(100, 100) == 10_000
    assert execution_strength_bp(9_892, 10_000) == 9_892
    assert execution_strength_bp(3, 2) == 15_000
    assert execution_strength_bp(2, 3) == 6_667  # 66.666 % rounds half up


def test_execution_strength_is_undefined_while_nothing_was_sold() -> None:
    assert execution_strength_bp(500, 0) is None


def test_state_strength_comes_from_signed_tick_quantities() -> None:
    state = new_stock_state("000660", open_at=OPEN, opening_range_minutes=5)
    for second, qty in [(1, 300), (2, -100), (3, -100), (4, 100)]:
        tick = Tick(code="000660", at=OPEN + timedelta(seconds=second), price=100, quantity=qty)
        state = apply_tick(state, tick)

    assert (state.buy_volume, state.sell_volume) == (400, 200)
    assert strength_bp(state) == 20_000


def test_a_trade_without_a_known_aggressor_counts_in_volume_but_not_in_strength() -> None:
    state = new_stock_state("000660", open_at=OPEN, opening_range_minutes=5)
    uncross = Tick(code="000660", at=OPEN, price=100, quantity=5_000, side_known=False)
    state = apply_tick(state, uncross)
    state = apply_tick(state, Tick(code="000660", at=OPEN, price=100, quantity=-10))

    assert (state.volume, state.buy_volume, state.sell_volume) == (5_010, 0, 10)
    assert strength_bp(state) == 0
