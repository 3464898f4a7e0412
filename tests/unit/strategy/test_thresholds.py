"""Strategy settings turned into integer units and the KST entry window."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from agent.clock import KST
from agent.settings.components import StrategySettings
from agent.settings.units import hhmm, pct_to_bps
from agent.strategy.thresholds import (
    in_window,
    ratio_to_bp,
    thresholds,
    window_shift_for,
)


def test_percentages_and_ratios_become_exact_basis_points() -> None:
    assert pct_to_bps(2.0) == 200
    assert pct_to_bps(0.29) == 29  # 0.29 * 100 is 28.999... in binary
    assert pct_to_bps(-3.5) == -350
    assert ratio_to_bp(2.0) == 20_000
    assert ratio_to_bp(1.15) == 11_500


def test_one_reading_of_a_clock_time_setting() -> None:
    assert hhmm("09:05") == time(9, 5)
    for bad in ("9:05", "09:05\n", "0905", "09:5", "２３:00", "24:00"):
        with pytest.raises(ValueError, match=r"HH:MM|hour must be"):
            hhmm(bad)


def test_thresholds_carry_the_settings_in_rule_units() -> None:
    limits = thresholds(StrategySettings(window_start="09:05", window_end="09:50"))

    assert (limits.window_start, limits.window_end) == (time(9, 5), time(9, 50))
    assert (limits.min_change_bps, limits.max_change_bps) == (200, 2_000)
    assert limits.min_volume_ratio_bp == 20_000


def test_the_window_includes_its_start_and_excludes_its_end_in_kst() -> None:
    limits = thresholds(StrategySettings())

    assert in_window(limits, datetime(2026, 11, 24, 9, 0, tzinfo=KST))
    assert in_window(limits, datetime(2026, 11, 24, 9, 59, 59, tzinfo=KST))
    assert not in_window(limits, datetime(2026, 11, 24, 10, 0, tzinfo=KST))
    assert not in_window(limits, datetime(2026, 11, 24, 8, 59, 59, tzinfo=KST))
    assert in_window(limits, datetime(2026, 11, 24, 0, 30, tzinfo=UTC))  # 09:30 KST


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        in_window(thresholds(StrategySettings()), datetime(2026, 11, 24, 9, 30))


def test_thresholds_of_thresholds_are_the_same_object() -> None:
    limits = thresholds(StrategySettings())

    assert thresholds(limits) is limits


def test_a_late_opening_day_shifts_the_window_with_the_open() -> None:
    limits = thresholds(StrategySettings())
    shift = window_shift_for(datetime(2026, 11, 19, 10, 0, tzinfo=KST))  # CSAT day

    assert shift == timedelta(hours=1)
    assert window_shift_for(datetime(2026, 11, 24, 0, 0, tzinfo=UTC)) == timedelta(0)
    assert not in_window(limits, datetime(2026, 11, 19, 9, 30, tzinfo=KST), shift)
    assert in_window(limits, datetime(2026, 11, 19, 10, 30, tzinfo=KST), shift)
