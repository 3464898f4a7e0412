from __future__ import annotations

import argparse
from datetime import date, time

import pytest

from agent.sim.config import RateProfile
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
