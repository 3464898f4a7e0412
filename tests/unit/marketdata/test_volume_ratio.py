"""Today's volume against the previous day's by the same minute, or its scaled total."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.clock import KST
from agent.marketdata import StockState, Tick, VolumeBaseline, apply_tick, baseline_from_minutes
from agent.marketdata import new_stock_state as new_state
from agent.marketdata.figures import day_volume, expected_volume_at, meets_volume_ratio_at
from agent.marketdata.volume_ratio import (
    DEFAULT_PROFILE,
    expected_volume,
    profile_share_bp,
    volume_ratio_bp,
)

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
PREV_OPEN = datetime(2026, 11, 23, 9, 0, tzinfo=KST)


def at(minute: int, second: float = 0) -> datetime:
    return OPEN + timedelta(minutes=minute, seconds=second)


def test_the_baseline_is_the_previous_day_s_cumulative_volume_per_minute() -> None:
    minutes = [(PREV_OPEN, 100), (PREV_OPEN + timedelta(minutes=1), 50)]
    minutes.append((PREV_OPEN + timedelta(minutes=3), 25))  # minute 2 was quiet

    baseline = baseline_from_minutes(minutes, PREV_OPEN)

    assert baseline.by_minute == (100, 150, 150, 175)
    assert baseline.day_total == 175


def test_pre_market_bars_count_into_the_first_minute() -> None:
    minutes = [(PREV_OPEN - timedelta(minutes=25), 40), (PREV_OPEN, 60)]

    assert baseline_from_minutes(minutes, PREV_OPEN, day_total=9_000).by_minute == (100,)


def test_the_same_minute_is_used_when_the_previous_day_s_minutes_are_known() -> None:
    baseline = VolumeBaseline(day_total=1_000_000, by_minute=(100, 150, 150, 175))

    assert expected_volume(baseline, 1) == 100
    assert expected_volume(baseline, 4) == 175
    assert expected_volume(baseline, 0) == 0


def test_beyond_the_known_minutes_the_day_total_is_scaled_by_the_intraday_profile() -> None:
    baseline = VolumeBaseline(day_total=1_000_000)

    assert expected_volume(baseline, 60) == 340_000
    assert expected_volume(baseline, 390) == 1_000_000
    assert expected_volume(baseline, 500) == 1_000_000


def test_the_profile_interpolates_between_its_knots() -> None:
    assert profile_share_bp(0) == 0
    assert profile_share_bp(20) == 1_950  # halfway between 1400 at 10 and 2500 at 30
    shares = [profile_share_bp(m) for m in range(400)]
    assert shares == sorted(shares)
    assert DEFAULT_PROFILE[-1] == (390, 10_000)


def test_the_ratio_is_in_basis_points_and_unknown_without_a_baseline() -> None:
    assert volume_ratio_bp(300, 150) == 20_000
    assert volume_ratio_bp(299, 150) == 19_933
    assert volume_ratio_bp(100, 0) is None


def ratio(state: StockState, now: datetime) -> int | None:
    expected = expected_volume_at(state, now.timestamp())
    return None if expected is None else volume_ratio_bp(day_volume(state), expected)


def test_state_ratio_compares_today_so_far_with_the_previous_day_by_the_same_minute() -> None:
    baseline = VolumeBaseline(day_total=10_000, by_minute=(100, 150, 150, 175))
    state = new_state("005930", open_at=OPEN, opening_range_minutes=5, baseline=baseline)
    state = apply_tick(state, Tick(code="005930", at=at(0, 10), price=100, quantity=250))
    state = apply_tick(state, Tick(code="005930", at=at(1, 10), price=100, quantity=50))

    assert ratio(state, at(1, 30)) == 20_000
    assert meets_volume_ratio_at(state, at(1, 30).timestamp(), 20_000) is True
    assert meets_volume_ratio_at(state, at(1, 30).timestamp(), 20_001) is False
    assert ratio(state, at(3, 0)) == 17_142


def test_state_ratio_is_unknown_without_a_baseline() -> None:
    state = new_state("005930", open_at=OPEN, opening_range_minutes=5)

    assert ratio(state, at(1)) is None
    assert meets_volume_ratio_at(state, at(1).timestamp(), 20_000) is None
