"""The scanner's published volume ratio: today's volume over the previous day's, per code."""

from __future__ import annotations

from actors.scanner.actor import volume_ratios
from agent.strategy.scanner import RankEntry


def entry(code: str, volume: int, prev_volume: int | None) -> RankEntry:
    return RankEntry(code=code, price=10_000, change_bps=0, volume=volume, prev_volume=prev_volume)


def test_the_ratio_is_in_bp_of_one_from_the_largest_figures_any_list_gave() -> None:
    turnover = [entry("005930", 3_000, 1_000), entry("000660", 500, None)]
    surges = [entry("005930", 3_100, 1_000)]  # read a moment later

    ratios = volume_ratios(turnover, surges, [])

    assert ratios == {"005930": 31_000}  # 3.1x; 000660 has no previous day: unknown


def test_a_zero_previous_day_is_unknown_not_infinite() -> None:
    assert volume_ratios([entry("005930", 100, 0)]) == {}
