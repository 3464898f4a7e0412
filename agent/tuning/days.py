"""The days a study trades: seeded synthetic days or fetched ones, each market built once per
worker and traded again by every trial."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from agent.backtest.bars import BarMarket
from agent.backtest.day import BacktestConfig, run_backtest
from agent.backtest.result import BacktestResult
from agent.backtest.span import load_day
from agent.market.calendar import KrxCalendar
from agent.settings import Settings
from agent.store.repositories.history import HistoryRepository
from krxsim.market.market import SyntheticMarket

__all__ = ["DaySource", "FetchedDays", "SeedDays"]


class DaySource(Protocol):
    """The days a study trades, by key, in time order."""

    keys: list[str]

    def run(self, key: str, settings: Settings) -> BacktestResult: ...


@dataclass
class SeedDays:
    """Seeded synthetic days of ``trading_date`` (one per seed); each market is drawn once
    per worker and traded again by every trial."""

    seeds: Sequence[int]
    trading_date: date
    calendar: KrxCalendar
    keys: list[str] = field(init=False)
    _markets: dict[str, SyntheticMarket] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.keys = [f"seed {seed}" for seed in self.seeds]

    def run(self, key: str, settings: Settings) -> BacktestResult:
        seed = int(key.removeprefix("seed "))
        config = _config(settings, seed, self.trading_date)
        market = self._markets.get(key)
        if market is None:
            sim = config.simulator
            market = self._markets[key] = SyntheticMarket(
                seed=seed,
                trading_date=self.trading_date,
                listed=sim.listed_codes,
                surges=sim.surge_count,
                step=sim.path_step_seconds,
            )
        return run_backtest(config, self.calendar, market)


@dataclass
class FetchedDays:
    """Fetched days (``stockagent data fetch``) from ``first`` to ``last``: those with minute
    bars; each is read from the database once per worker."""

    repo: HistoryRepository
    first: date
    last: date
    calendar: KrxCalendar
    keys: list[str] = field(init=False)
    _markets: dict[str, BarMarket] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        read = self.repo.minutes_read(self.first, self.last, with_bars=True)
        self.keys = [
            d.isoformat() for d in self.calendar.trading_days(self.first, self.last) if read.get(d)
        ]

    def run(self, key: str, settings: Settings) -> BacktestResult:
        day = date.fromisoformat(key)
        market = self._markets.get(key)
        if market is None:
            loaded = load_day(self.repo, day)
            if loaded is None:
                raise ValueError(f"{key}: no minute bars stored")
            market = self._markets[key] = loaded
        return run_backtest(_config(settings, 0, day), self.calendar, market)


def _config(settings: Settings, seed: int, day: date) -> BacktestConfig:
    return BacktestConfig(
        seed=seed,
        trading_date=day,
        strategy=settings.strategy,
        risk=settings.risk,
        execution=settings.execution,
    )
