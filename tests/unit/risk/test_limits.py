"""Limits are converted from settings once, to integer bps, never looser than written."""

from __future__ import annotations

from datetime import time, timedelta

import msgspec
import pytest

from agent.risk.limits import OrderTerms, RiskLimits
from agent.settings.components import RiskSettings, StrategySettings
from agent.settings.units import pct_to_bps
from tests.unit.risk.builders import limits


def test_default_settings_become_whole_basis_points() -> None:
    result = RiskLimits.from_settings(RiskSettings())

    assert result.max_weight_bps == 1_000
    assert result.stop_loss_bps == -300
    assert result.daily_loss_limit_bps == -200
    assert result.max_positions == 3
    assert result.eod_exit == "flatten"
    assert result.eod_exit_lead == timedelta(minutes=10)
    assert result.entry_window == (time(9, 0), time(10, 0))


@pytest.mark.parametrize(
    ("pct", "bps"),
    [(10.0, 1_000), (12.345, 1_234), (-3.0, -300), (-3.005, -300), (-4.999, -499), (0.1, 10)],
)
def test_percent_is_truncated_toward_zero_so_a_limit_is_never_looser(pct: float, bps: int) -> None:
    assert pct_to_bps(pct) == bps


def test_the_strategy_switch_and_window_come_from_strategy_settings() -> None:
    strategy = StrategySettings(enabled=False, window_start="09:05", window_end="09:45")

    result = RiskLimits.from_settings(RiskSettings(eod_exit_time="14:50"), strategy)

    assert not result.entries_enabled
    assert result.entry_window == (time(9, 5), time(9, 45))
    assert result.eod_exit_lead == timedelta(minutes=30)


def test_the_entry_offset_comes_from_the_risk_settings_unless_terms_are_given() -> None:
    risk = RiskSettings(entry_offset_ticks=7)

    assert RiskLimits.from_settings(risk).terms.entry_offset_ticks == 7
    terms = OrderTerms(entry_offset_ticks=1)
    assert RiskLimits.from_settings(risk, terms=terms).terms == terms


@pytest.mark.parametrize("stop_pct", [-2.99, -5.01, 0.0, -10.0])
def test_settings_refuse_a_stop_loss_outside_minus_three_to_minus_five(stop_pct: float) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"stop_loss_pct": stop_pct}, RiskSettings)


@pytest.mark.parametrize("stop_bps", [-299, -501, 0, 300])
def test_limits_built_in_code_refuse_a_stop_loss_outside_the_band(stop_bps: int) -> None:
    with pytest.raises(ValueError, match="stop_loss_bps"):
        limits(stop_loss_bps=stop_bps)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_weight_bps", 0),
        ("max_weight_bps", 10_001),
        ("daily_loss_limit_bps", 0),
        ("max_positions", 0),
        ("eod_exit_lead", timedelta(minutes=-1)),
        ("entry_window", (time(10), time(9))),
    ],
)
def test_limits_refuse_values_that_would_disable_a_rule(field: str, value: object) -> None:
    with pytest.raises(ValueError, match="invalid risk limits"):
        limits(**{field: value})


def test_a_weight_that_truncates_to_zero_bps_is_refused_not_silently_zero() -> None:
    with pytest.raises(ValueError, match="max_weight_bps"):
        RiskLimits.from_settings(RiskSettings(max_weight_pct=0.001))
