from __future__ import annotations

from datetime import datetime

from agent.broker.market import RankedStock
from agent.clock import KST
from agent.settings.components import StrategySettings
from agent.strategy import RankEntry, scan
from agent.strategy.adapters import rank_entries, rank_entry

NOW = datetime(2026, 11, 24, 9, 10, tzinfo=KST)


def ranked(rank: int, code: str, rate_bp: int = 500, **extra: int | None) -> RankedStock:
    return RankedStock(
        rank=rank,
        code=code,
        name=f"종목{code}",
        price=152_000,
        change=7_200,
        rate_bp=rate_bp,
        volume=34_954_641,
        **extra,
    )


def test_a_turnover_row_keeps_won_and_its_rate_in_basis_points() -> None:
    row = ranked(1, "005930", rate_bp=2_986, turnover_won=5_308_092_000_000, prev_volume=22_532_511)

    assert rank_entry(row) == RankEntry(
        code="005930",
        name="종목005930",
        price=152_000,
        change_bps=2_986,
        volume=34_954_641,
        turnover_won=5_308_092_000_000,
        prev_volume=22_532_511,
        surge_bps=None,
    )


def test_a_surge_row_keeps_its_surge_rate_in_basis_points() -> None:
    row = ranked(1, "000660", surge_qty=100, surge_rate_bp=100_000, prev_volume=10)

    entry = rank_entry(row)

    assert (entry.surge_bps, entry.turnover_won, entry.prev_volume) == (100_000, None, 10)


def test_a_falling_stock_keeps_its_negative_change() -> None:
    row = RankedStock(
        rank=1, code="005930", name="삼성전자", price=152_000, change=-100, rate_bp=-7, volume=1
    )

    assert rank_entry(row).change_bps == -7


def test_rows_keep_the_ranking_order_and_rows_without_a_code_are_dropped() -> None:
    rows = [ranked(1, "A00001"), ranked(2, ""), ranked(3, "A00003"), ranked(4, "A00002")]

    assert [e.code for e in rank_entries(rows)] == ["A00001", "A00003", "A00002"]
    assert rank_entries([]) == []


def test_adapted_rows_feed_the_scanner() -> None:
    turnover = rank_entries(
        [ranked(1, "005930", turnover_won=9_000_000_000), ranked(2, "000660", turnover_won=1)]
    )
    settings = StrategySettings(top_n=1, require_news=False)

    watch = scan(turnover, [], [], {}, settings, NOW)

    assert watch.codes == ("005930",)
