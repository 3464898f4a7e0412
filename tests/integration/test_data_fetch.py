"""``data fetch`` over real HTTP against the simulator into a real database (SQLite and
PostgreSQL): what it stores, that an interrupted fetch resumes to the same data, and a backtest
over the fetched days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from agent.backtest.day import BacktestConfig
from agent.backtest.span import run_days
from agent.history.fetch import Fetch, leaders
from agent.kiwoom import ClientConfig, KiwoomClient
from agent.kiwoom.config import RateProfile as ClientRate
from agent.market.calendar import default_calendar
from agent.secret import Secret
from agent.settings.components import StrategySettings
from agent.store.models import Bar, DailyBar, HistoryFetch, Instrument
from agent.store.repositories.history import HistoryRepository
from krxsim import RateProfile, RunningSimulator, SimulatorConfig

FIRST, LAST = date(2026, 11, 23), date(2026, 11, 25)
SINCE = date(2026, 11, 20)
DAYS = [FIRST, date(2026, 11, 24), LAST]
UNIVERSE = 6
LISTED = 40
pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    config = SimulatorConfig(
        seed=5,
        trading_date=date(2026, 11, 30),
        rate_profile=RateProfile.OFF,
        listed_codes=LISTED,
        daily_history_days=60,
        app_key="fetch-key",
        app_secret="fetch-secret",
    )
    with RunningSimulator(config) as running:
        yield running


def _client(sim: RunningSimulator) -> KiwoomClient:
    return KiwoomClient(
        ClientConfig(
            appkey=Secret("fetch-key"),
            secretkey=Secret("fetch-secret"),
            base_url=sim.base_url,
            ws_url=sim.ws_url,
            rate=ClientRate(per_api_id=10_000, margin=0.0),
        )
    )


class Interrupted(Exception):
    pass


class Cut:
    """The client, cut off after ``after`` requests (a Ctrl-C or a lost connection)."""

    def __init__(self, client: KiwoomClient, after: int) -> None:
        self.client = client
        self.left = after

    def _spend(self) -> None:
        if self.left == 0:
            raise Interrupted
        self.left -= 1

    async def listings(self, market_code: str) -> Any:
        self._spend()
        return await self.client.listings(market_code)

    async def daily_bars(self, code: str, **kw: Any) -> Any:
        self._spend()
        return await self.client.daily_bars(code, **kw)

    async def minute_bars(self, code: str, minutes: int = 1, **kw: Any) -> Any:
        self._spend()
        return await self.client.minute_bars(code, minutes, **kw)


def _stored(sessions: sessionmaker[Session]) -> tuple[int, int, int, set[tuple[str, date]]]:
    with sessions() as s:
        marks = {
            (row.code, row.day)
            for row in s.scalars(select(HistoryFetch).where(HistoryFetch.kind == "minute"))
        }
        return (
            s.scalar(select(func.count()).select_from(Instrument)) or 0,
            s.scalar(select(func.count()).select_from(DailyBar)) or 0,
            s.scalar(select(func.count()).select_from(Bar)) or 0,
            marks,
        )


async def _fetch(broker: Any, repo: HistoryRepository) -> Any:
    return await Fetch(broker, repo, DAYS, since=SINCE, universe=UNIVERSE).run()


async def test_a_fetch_stores_the_days_leaders_and_resumes_after_an_interruption(
    sim: RunningSimulator, sessions: sessionmaker[Session]
) -> None:
    repo = HistoryRepository(sessions)
    async with _client(sim) as client:
        with pytest.raises(Interrupted):
            await _fetch(Cut(client, 2 + LISTED + 4), repo)
        halfway = _stored(sessions)
        resumed = await _fetch(client, repo)
        again = await _fetch(client, repo)

    instruments, daily, minutes, marks = _stored(sessions)
    assert instruments == LISTED
    # Every stock's daily bars reach back past the range; the cut came in the minute bars.
    assert halfway[0] == LISTED
    assert halfway[1] == daily
    assert len(halfway[3]) == 4
    # The resumed run read only what was left: the listings, then the other minute reads.
    assert resumed.sent == {"ka10099": 2, "ka10080": len(DAYS) * UNIVERSE - 4}
    assert resumed.daily_skipped == LISTED
    assert resumed.minutes_skipped == 4
    assert again.sent == {"ka10099": 2}
    assert again.bars_stored == 0
    # Each day's universe, all its minute bars, nothing twice.
    for day in DAYS:
        chosen = set(leaders(repo.daily_on(day), {}, UNIVERSE))
        assert len(chosen) == UNIVERSE
        assert {code for code, d in marks if d == day} == {
            code for code in repo.minutes_read(day, day)[day]
        }
        for code in repo.minutes_read(day, day)[day]:
            bars = repo.minutes_of(code, day)
            assert bars
            assert all(b.start.date() == day for b in bars)
            assert sum(b.volume for b in bars) == next(
                d.volume for d in repo.daily_on(day) if d.code == code
            )
    assert minutes == sum(len(repo.minutes_of(c, d)) for c, d in marks)


async def test_an_interrupted_fetch_ends_with_the_data_of_one_that_was_not(
    sim: RunningSimulator, sessions: sessionmaker[Session], tmp_path: Any
) -> None:
    from agent.store.engine import create_db_engine, session_factory
    from agent.store.migrate import upgrade

    other = create_db_engine(f"sqlite:///{tmp_path / 'whole.db'}")
    upgrade(other)
    whole = session_factory(other)
    async with _client(sim) as client:
        await _fetch(client, HistoryRepository(whole))
        with pytest.raises(Interrupted):
            await _fetch(Cut(client, 17), HistoryRepository(sessions))
        await _fetch(client, HistoryRepository(sessions))

    assert _stored(sessions) == _stored(whole)


async def test_a_backtest_trades_the_fetched_days_and_gives_the_same_result_twice(
    sim: RunningSimulator, sessions: sessionmaker[Session]
) -> None:
    repo = HistoryRepository(sessions)
    async with _client(sim) as client:
        await _fetch(client, repo)
    config = BacktestConfig(
        seed=5, trading_date=FIRST, strategy=StrategySettings(require_news=False)
    )
    calendar = default_calendar()

    result = run_days(config, repo, FIRST, LAST, calendar)

    assert [d.trading_date for d in result.days] == DAYS
    assert result.skipped == ()
    assert all(len(d.leaders) == UNIVERSE for d in result.days)
    assert result.summary.trades > 0
    traded = {t.code for d in result.days for t in d.trades}
    assert traded <= {c for d in result.days for c in d.leaders}
    assert [p.equity for p in result.equity][-1] == result.summary.realized_pnl
    assert run_days(config, repo, FIRST, LAST, calendar) == result
    # With the news filter on, a fetched day (no news) has no entry.
    strict = BacktestConfig(seed=5, trading_date=FIRST)
    assert run_days(strict, repo, FIRST, LAST, calendar).summary.trades == 0


def _stockagent(*args: str, data_dir: Any) -> Any:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKAGENT_")}
    env["STOCKAGENT_DATA_DIR"] = str(data_dir)
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "stockagent", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_the_commands_fetch_from_a_simulator_and_backtest_the_fetched_days(tmp_path: Any) -> None:
    import json

    span = ("--from", "2026-11-23", "--to", "2026-11-24")
    fetch = ("data", "fetch", *span, "--universe", "4", "--sim", "--sim-listed", "30")

    fetched = _stockagent(*fetch, "--json", data_dir=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    summary = json.loads(fetched.stdout)
    assert summary["by_api"] == {"ka10099": 2, "ka10081": 30, "ka10080": 8}
    assert "about" in fetched.stderr
    again = _stockagent(*fetch, data_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "daily bars of 0 stocks (30 already stored)" in again.stdout

    report = tmp_path / "report.html"
    tested = _stockagent(
        "backtest", *span, "--without-news", "--report", str(report), "--json", data_dir=tmp_path
    )
    assert tested.returncode == 0, tested.stderr
    result = json.loads(tested.stdout)
    assert [d["trading_date"] for d in result["days"]] == ["2026-11-23", "2026-11-24"]
    assert result["summary"]["trades"] == sum(len(d["trades"]) for d in result["days"])
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html
    assert "<script" not in html
    assert "Equity" in html
    assert "Drawdown" in html

    bad = _stockagent("backtest", "--from", "2026-11-25", "--to", "2026-11-23", data_dir=tmp_path)
    assert bad.returncode == 2
    assert "--from is after --to" in bad.stderr
    future = _stockagent(
        "data", "fetch", "--from", "2026-11-23", "--to", "2099-01-05", "--sim", data_dir=tmp_path
    )
    assert future.returncode == 2
    assert "finished day" in future.stderr
