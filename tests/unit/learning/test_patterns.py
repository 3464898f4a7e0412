"""Closed trades grouped by pattern: the buckets, the figures, and who is called best."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from agent.clock import KST
from agent.learning.patterns import (
    PatternTrade,
    best_and_worst,
    merge,
    pattern_of,
    pattern_stats,
)

DAY = date(2026, 12, 2)
OPEN = datetime(2026, 12, 2, 9, 0, tzinfo=KST)
RULES = ("IN_WINDOW", "TURNOVER_TOP", "CHANGE_OK", "OR_BREAKOUT", "ABOVE_VWAP", "VI_CLEAR")


def trade(
    pnl: int,
    *,
    minute: float = 7,
    reasons: tuple[str, ...] = RULES,
    news: int | None = 75,
    rank: int | None = 2,
    exit_reason: str = "eod_exit",
) -> PatternTrade:
    return PatternTrade(
        reasons=reasons,
        entry_time=OPEN + timedelta(minutes=minute),
        news_score=news,
        volume_rank=rank,
        exit_reason=exit_reason,
        realized_pnl=pnl,
        return_bps=pnl // 1_000,
    )


def test_a_pattern_names_the_entry_kind_bucket_news_rank_and_exit() -> None:
    surge = trade(1, minute=12.5, reasons=(*RULES, "VOLUME_SURGE", "SIZE_CLIPPED"), news=None)

    assert pattern_of(trade(1)).name == (
        "TURNOVER_TOP+OR_BREAKOUT+ABOVE_VWAP +05m news 70-79 rank 1-3 eod_exit"
    )
    assert pattern_of(surge).name == (
        "TURNOVER_TOP+VOLUME_SURGE+OR_BREAKOUT+ABOVE_VWAP +10m news - rank 1-3 eod_exit"
    )


@pytest.mark.parametrize(
    ("news", "label"),
    [(0, "news 0-9"), (69, "news 60-69"), (90, "news 90-100"), (100, "news 90-100")],
)
def test_news_scores_fall_in_bands_of_ten(news: int, label: str) -> None:
    assert pattern_of(trade(1, news=news)).news == label


@pytest.mark.parametrize(
    ("rank", "label"),
    [(1, "rank 1-3"), (4, "rank 4-5"), (10, "rank 6-10"), (11, "rank 11-20"), (40, "rank 21+")],
)
def test_turnover_ranks_fall_in_bands(rank: int, label: str) -> None:
    assert pattern_of(trade(1, rank=rank)).rank == label


def test_a_late_opening_day_counts_minutes_from_its_own_open() -> None:
    late_open = OPEN + timedelta(hours=1)
    late = trade(1, minute=60 + 3)

    assert pattern_of(late).minute == "+60m"
    assert pattern_of(late, lambda _day: late_open).minute == "+00m"


def test_the_figures_of_a_pattern() -> None:
    [stats] = pattern_stats([trade(30_000), trade(-10_000), trade(-5_000), trade(0)])

    assert stats.trades == 4
    assert stats.wins == 1
    assert stats.win_rate_bps == 2_500
    assert stats.realized_pnl == 15_000
    assert stats.expectancy_won == 3_750
    assert stats.profit_factor == 2.0
    assert stats.avg_return_bps == (30 - 10 - 5 + 0) // 4
    [unbeaten] = pattern_stats([trade(1_000)])
    assert unbeaten.profit_factor is None, "no losing trade: no factor"


def test_days_add_up_to_the_span_they_make() -> None:
    monday = [trade(30_000), trade(-10_000, exit_reason="stop_loss")]
    tuesday = [trade(-4_000), trade(8_000, minute=40)]

    by_day = merge([*pattern_stats(monday), *pattern_stats(tuesday)])

    assert by_day == pattern_stats([*monday, *tuesday])


def test_best_and_worst_need_the_minimum_sample() -> None:
    steady = [trade(2_000, minute=2) for _ in range(5)]
    losing = [trade(-3_000, exit_reason="stop_loss") for _ in range(5)]
    lucky = [trade(900_000, minute=30)]  # one huge trade is not a pattern
    rows = pattern_stats([*steady, *losing, *lucky])

    best, worst = best_and_worst(rows, min_trades=5)

    assert best is not None
    assert worst is not None
    assert best.name.endswith("+00m news 70-79 rank 1-3 eod_exit")
    assert worst.pattern.exit == "stop_loss"
    assert best_and_worst(pattern_stats(steady), min_trades=5) == (pattern_stats(steady)[0], None)
    assert best_and_worst(rows, min_trades=6) == (None, None)
    assert rows[0].name == pattern_of(lucky[0]).name, "the table still lists it first"
