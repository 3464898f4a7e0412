from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from krxsim.config import RateProfile, StartingHolding
from stockagent.cli import main
from stockagent.commands import simulator


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    simulator.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["simulator", *argv])


def test_the_simulator_command_defaults_to_loopback_port_8101() -> None:
    args = _parse()
    config = simulator.config_from(args)

    assert args.func is simulator.run
    assert (config.host, config.port) == ("127.0.0.1", 8101)
    assert config.start == time(8, 30)
    assert config.rate_profile is RateProfile.MOCK


def test_the_simulator_command_takes_seed_speed_start_date_and_profile() -> None:
    config = simulator.config_from(
        _parse(
            "--seed",
            "9",
            "--speed",
            "30",
            "--start",
            "08:55",
            "--date",
            "2026-11-20",
            "--rate-profile",
            "off",
            "--port",
            "9000",
        )
    )

    assert config.seed == 9
    assert config.speed == 30.0
    assert config.start == time(8, 55)
    assert config.trading_date == date(2026, 11, 20)
    assert config.rate_profile is RateProfile.OFF
    assert config.port == 9000


def test_a_malformed_start_time_is_a_usage_error() -> None:
    with pytest.raises(SystemExit):
        _parse("--start", "8h30")


def test_holdings_and_margin_room_reach_the_simulator_config() -> None:
    config = simulator.config_from(
        _parse(
            "--seed",
            "42",
            "--holding",
            "005930:100:68000",
            "--holding",
            "000660:3:190000",
            "--margin-room",
            "5000000",
        )
    )

    assert config.holdings == (
        StartingHolding(code="005930", qty=100, avg_price=68_000),
        StartingHolding(code="000660", qty=3, avg_price=190_000),
    )
    assert config.margin_room_won == 5_000_000


def test_without_account_options_the_account_is_plain_cash() -> None:
    config = simulator.config_from(_parse())

    assert config.holdings == ()
    assert config.margin_room_won == 0


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("005930:abc:1", simulator.HOLDING_FORMAT),
        ("005930:10", simulator.HOLDING_FORMAT),
        ("005930:10:1:1", simulator.HOLDING_FORMAT),
        ("005930:0:70000", simulator.HOLDING_FORMAT),
        ("005930:10:-1", simulator.HOLDING_FORMAT),
        ("005930:10:0", simulator.HOLDING_FORMAT),
        ("5930:10:1000", simulator.HOLDING_FORMAT),
        ("999999:10:1000", "the synthetic market of seed 20260 does not list 999999"),
    ],
)
def test_a_bad_holding_is_refused_naming_the_value(value: str, reason: str) -> None:
    with pytest.raises(simulator.BadAccountOption) as refused:
        simulator.config_from(_parse("--holding", value))

    assert str(refused.value) == f"invalid --holding {value!r}: {reason}"


def _stockagent(*argv: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKAGENT_")}
    env["STOCKAGENT_DATA_DIR"] = str(data_dir)
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "stockagent", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", ["demo", "simulator"])
def test_a_malformed_holding_stops_the_command_with_one_line_and_status_2(
    command: str, tmp_path: Path
) -> None:
    done = _stockagent(command, "--holding", "005930:abc:1", data_dir=tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"stockagent: invalid --holding '005930:abc:1': {simulator.HOLDING_FORMAT}"
    ]
    assert done.stdout == ""
    assert not (tmp_path / "stockagent.db").exists()  # refused before anything was written


def test_the_demo_refuses_a_code_its_seeded_market_does_not_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [n for n in os.environ if n.startswith("STOCKAGENT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(tmp_path))

    unlisted = main(["demo", "--seed", "7", "--holding", "999999:1:1000", "--margin-room", "0"])
    unlisted_err = capsys.readouterr().err
    bad_room = main(["demo", "--margin-room", "lots"])
    bad_room_err = capsys.readouterr().err

    assert (unlisted, bad_room) == (2, 2)
    assert unlisted_err.splitlines() == [
        "stockagent: invalid --holding '999999:1:1000': "
        "the synthetic market of seed 7 does not list 999999"
    ]
    assert bad_room_err.splitlines() == [
        "stockagent: invalid --margin-room 'lots': expected whole won, 0 or more"
    ]
    assert not (tmp_path / "stockagent.db").exists()
