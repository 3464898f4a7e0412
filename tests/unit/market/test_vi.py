"""Volatility interruptions and halts (krx-market-rules.md B3)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.clock import KST
from agent.market.board import Board
from agent.market.sessions import Phase
from agent.market.tick_size import is_on_tick, ticks_away
from agent.market.vi import (
    Block,
    StockState,
    Venue,
    ViKind,
    ViReferences,
    dynamic_vi_bps,
    in_vi,
    order_block,
    vi_band,
    vi_window,
    would_trigger_vi,
)

T0 = datetime(2026, 3, 4, 10, 0, tzinfo=KST)


@pytest.mark.parametrize(
    ("phase", "kospi200", "bps"),
    [
        (Phase.CONTINUOUS, True, 300),
        (Phase.CLOSING_AUCTION, True, 200),
        (Phase.CONTINUOUS, False, 600),
        (Phase.CLOSING_AUCTION, False, 400),
        (Phase.AFTER_HOURS, True, 300),
        (Phase.AFTER_HOURS, False, 600),
        (Phase.OPENING_AUCTION, True, None),
        (Phase.POST_CLOSE, False, None),
    ],
)
def test_dynamic_vi_thresholds_by_phase_and_kospi200_membership(
    phase: Phase, kospi200: bool, bps: int | None
) -> None:
    assert dynamic_vi_bps(phase, kospi200=kospi200) == bps


def test_kospi200_name_triggers_dynamic_vi_at_three_percent_from_the_last_trade() -> None:
    refs = ViReferences(static_reference=100_000, last_trade=100_000)
    assert would_trigger_vi(102_900, refs, Phase.CONTINUOUS, kospi200=True) is None
    assert would_trigger_vi(103_000, refs, Phase.CONTINUOUS, kospi200=True) is ViKind.DYNAMIC
    assert would_trigger_vi(97_000, refs, Phase.CONTINUOUS, kospi200=True) is ViKind.DYNAMIC


def test_other_names_trigger_dynamic_vi_at_six_percent_and_four_in_the_closing_auction() -> None:
    refs = ViReferences(static_reference=10_000, last_trade=10_000)
    assert would_trigger_vi(10_590, refs, Phase.CONTINUOUS, kospi200=False) is None
    assert would_trigger_vi(10_600, refs, Phase.CONTINUOUS, kospi200=False) is ViKind.DYNAMIC
    assert would_trigger_vi(10_400, refs, Phase.CLOSING_AUCTION, kospi200=False) is ViKind.DYNAMIC


def test_static_vi_triggers_ten_percent_from_the_reference_and_re_arms() -> None:
    refs = ViReferences(static_reference=10_000, last_trade=10_550)
    assert would_trigger_vi(11_000, refs, Phase.CONTINUOUS, kospi200=False) is ViKind.STATIC
    rearmed = refs.after_uncross(11_000)
    assert (
        would_trigger_vi(11_500, rearmed.after_trade(11_500), Phase.CONTINUOUS, kospi200=False)
        is None
    )
    assert would_trigger_vi(12_100, rearmed, Phase.CONTINUOUS, kospi200=False) is ViKind.STATIC


def test_static_vi_can_trigger_at_the_open_but_dynamic_cannot() -> None:
    refs = ViReferences(static_reference=10_000)
    assert would_trigger_vi(11_000, refs, Phase.OPENING_AUCTION, kospi200=True) is ViKind.STATIC
    assert would_trigger_vi(10_500, refs, Phase.OPENING_AUCTION, kospi200=True) is None


def test_nextrade_has_only_dynamic_vi() -> None:
    refs = ViReferences(static_reference=10_000, last_trade=10_900)
    nxt = Venue.NXT
    assert would_trigger_vi(11_000, refs, Phase.CONTINUOUS, kospi200=False, venue=nxt) is None


def test_exempt_names_never_trigger_vi() -> None:
    refs = ViReferences(static_reference=10_000, last_trade=10_000)
    assert would_trigger_vi(13_000, refs, Phase.CONTINUOUS, kospi200=True, exempt=True) is None


def test_vi_band_gives_the_nearest_triggering_prices_on_the_grid() -> None:
    band = vi_band(10_000, 1_000)
    assert (band.lower, band.upper) == (9_000, 11_000)
    # 19,000 x 1.1 = 20,900 sits in the 50-won band: the first triggering price is 20,900.
    assert vi_band(19_000, 1_000).upper == 20_900
    assert vi_band(19_010, 1_000).upper == 20_950
    assert vi_band(1, 1_000).lower is None


@given(
    reference=st.integers(1, 2_000_000),
    bps=st.sampled_from([200, 300, 400, 600, 1_000]),
    board=st.sampled_from([Board.KOSPI, Board.KOSDAQ, Board.FUND]),
)
def test_vi_band_prices_trigger_and_the_next_ticks_inside_do_not(
    reference: int, bps: int, board: Board
) -> None:
    band = vi_band(reference, bps, board)
    assert is_on_tick(band.upper, board)
    assert (band.upper - reference) * 10_000 >= reference * bps
    if band.upper > 5:  # otherwise no valid price lies below it
        inside = ticks_away(band.upper, -1, board)
        assert (inside - reference) * 10_000 < reference * bps
    if band.lower is not None:
        assert is_on_tick(band.lower, board)
        assert (reference - band.lower) * 10_000 >= reference * bps
        assert (reference - ticks_away(band.lower, 1, board)) * 10_000 < reference * bps


def test_a_krx_vi_lasts_two_minutes_plus_up_to_thirty_seconds() -> None:
    assert vi_window(T0) == (T0 + timedelta(minutes=2), T0 + timedelta(minutes=2, seconds=30))
    assert vi_window(T0, Venue.NXT) == (T0 + timedelta(minutes=2),) * 2


def test_a_krx_vi_refuses_immediate_orders_but_accepts_resting_limits() -> None:
    state = StockState(vi_started_at=T0)
    at = T0 + timedelta(minutes=1)
    assert order_block(state, at, immediate=True) is Block.AUCTION_ONLY
    assert order_block(state, at, immediate=False) is None


def test_a_vi_is_assumed_over_at_its_latest_end() -> None:
    state = StockState(vi_started_at=T0)
    assert in_vi(state, T0 + timedelta(minutes=2, seconds=29))
    assert not in_vi(state, T0 + timedelta(minutes=2, seconds=30))
    assert order_block(state, T0 + timedelta(minutes=3), immediate=True) is None


def test_a_nextrade_vi_blocks_every_new_order() -> None:
    state = StockState(vi_started_at=T0, vi_venue=Venue.NXT)
    assert order_block(state, T0 + timedelta(seconds=10), immediate=False) is Block.VI_HALT


def test_a_halted_stock_refuses_every_order() -> None:
    assert order_block(StockState(halted=True), T0, immediate=False) is Block.HALTED


def test_a_circuit_breaker_blocks_orders_and_overrides_a_vi() -> None:
    until = T0 + timedelta(minutes=20)
    state = StockState(vi_started_at=T0, market_halted_until=until)
    assert order_block(state, T0 + timedelta(minutes=1), immediate=False) is Block.MARKET_HALTED
    assert order_block(state, until, immediate=False) is None
    closed = StockState(market_closed_for_day=True)
    assert order_block(closed, T0, immediate=False) is Block.MARKET_HALTED
