"""A day's universe is what the scanner's three lists would have shown, a third each."""

from __future__ import annotations

from datetime import date

from agent.history import DayBar
from agent.history.fetch import leaders

DAY = date(2026, 11, 24)


def _bar(code: str, *, turnover: int, close: int = 10_000, volume: int = 1_000) -> DayBar:
    return DayBar(
        code=code,
        day=DAY,
        open=10_000,
        high=max(close, 10_000),
        low=min(close, 10_000),
        close=close,
        volume=volume,
        turnover=turnover,
        base=10_000,
    )


def test_the_universe_takes_turnover_gainers_and_volume_surges_in_turn() -> None:
    bars = [
        _bar("000010", turnover=900),
        _bar("000020", turnover=800),
        _bar("000030", turnover=700),
        _bar("000040", turnover=10, close=12_000),  # the best gainer
        _bar("000050", turnover=20, close=11_000),
        _bar("000060", turnover=30, volume=50_000),  # volume far above its previous day
        _bar("000070", turnover=40, volume=1_000, close=9_000),
    ]
    previous = {"000060": 1_000, "000050": 1_000}

    chosen = leaders(bars, previous, 6)

    # Two by turnover, two gainers, then the surge; the third surge place goes by code among
    # the stocks with no known previous volume (ratio 0).
    assert chosen == ["000010", "000020", "000040", "000050", "000060", "000030"]


def test_the_universe_fills_up_by_turnover_and_skips_untraded_stocks() -> None:
    bars = [
        _bar("000010", turnover=900),
        _bar("000020", turnover=800),
        _bar("000030", turnover=0, volume=0),
    ]

    assert leaders(bars, {}, 5) == ["000010", "000020"]
    assert leaders(bars, {}, 1) == ["000010"]
