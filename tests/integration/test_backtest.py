"""The backtest end to end: the command as a user runs it, and the rankings it computes in bulk
equal the simulator's ranking TRs over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import msgspec

from agent.backtest import BacktestConfig, BacktestResult, run_backtest
from agent.backtest.rankings import RankingTape
from agent.clock import KST, ManualClock
from agent.kiwoom import codec
from agent.kiwoom.trs.rankings import GainersRankRequest, SurgeRankRequest, TurnoverRankRequest
from krxsim.market.market import SyntheticMarket
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import DAY, Kiwoom, config

SEED = 42
AT = datetime(2026, 11, 24, 9, 12, 30, tzinfo=KST)


def _command(*args: str, data_dir: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKAGENT_")}
    env["STOCKAGENT_DATA_DIR"] = str(data_dir)
    env.update(settings)
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "stockagent", "backtest", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_stockagent_backtest_runs_end_to_end_and_prints_the_summary(tmp_path: Path) -> None:
    done = _command("--seed", "1", "--date", DAY.isoformat(), data_dir=tmp_path)

    assert done.returncode == 0, done.stderr
    assert "stop_loss" in done.stdout
    assert "daily summary 2026-11-24 (backtest, seed 1)" in done.stdout
    assert not (tmp_path / "stockagent.db").exists()  # a backtest writes nothing


def test_stockagent_backtest_json_is_the_result_of_another_run(tmp_path: Path) -> None:
    done = _command("--seed", "1", "--date", DAY.isoformat(), "--json", data_dir=tmp_path)

    assert done.returncode == 0, done.stderr
    printed = msgspec.json.decode(done.stdout, type=BacktestResult)
    assert printed.trades
    assert printed == run_backtest(BacktestConfig(seed=1, trading_date=DAY))


def test_the_settings_change_the_backtest(tmp_path: Path) -> None:
    done = _command(
        "--seed",
        "1",
        "--date",
        DAY.isoformat(),
        "--json",
        data_dir=tmp_path,
        STOCKAGENT_STRATEGY_ENABLED="false",
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["trades"] == []


def _rows(kiwoom: Kiwoom, api_id: str, request: msgspec.Struct, key: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = kiwoom.call("rkinfo", api_id, msgspec.to_builtins(request)).json()[
        key
    ]
    return rows


def test_bulk_rankings_equal_the_simulators_ranking_trs() -> None:
    sim_config = config(seed=SEED)
    with RunningSimulator(sim_config, clock=ManualClock(AT)) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        turnover = _rows(kiwoom, "ka10032", TurnoverRankRequest(), "trde_prica_upper")
        surges = _rows(kiwoom, "ka10023", SurgeRankRequest(), "trde_qty_sdnin")
        gainers = _rows(kiwoom, "ka10027", GainersRankRequest(), "pred_pre_flu_rt_upper")
        kiwoom.close()
    market = SyntheticMarket(
        seed=SEED,
        trading_date=DAY,
        listed=sim_config.listed_codes,
        surges=sim_config.surge_count,
        step=sim_config.path_step_seconds,
    )

    ours = RankingTape(market, 3_600).rankings(AT)

    for wire, entries in zip((turnover, surges, gainers), ours, strict=True):
        assert [codec.plain_code(r["stk_cd"]) for r in wire] == [e.code for e in entries]
        assert [codec.basis_points(r["flu_rt"]) for r in wire] == [e.change_bps for e in entries]
        assert [codec.magnitude(r["cur_prc"]) for r in wire] == [e.price for e in entries]
    assert [codec.won_from_millions(r["trde_prica"]) for r in turnover] == [
        e.turnover_won for e in ours[0]
    ]
    assert [codec.magnitude(r["prev_trde_qty"]) for r in surges] == [e.prev_volume for e in ours[1]]
